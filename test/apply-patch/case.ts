/**
 * One row of the table-driven apply_patch suite. `$DIR` in any string stands for the temp
 * directory the case runs in.
 */
export interface PatchCase {
  name: string;
  /** Files before the patch (relative path → content). */
  before?: Record<string, string>;
  patch: string;
  /** Every file after a successful patch (the whole tree, not just changed files). */
  after?: Record<string, string>;
  /** Lines after `Success. Updated the following files:\n`. */
  summary?: string;
  /** The exact text returned to the model; the tree must then be unchanged. */
  error?: string;
}
