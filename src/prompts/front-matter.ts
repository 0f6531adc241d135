// The optional `---` block at the top of a prompt file: simple `key: value` lines.

export interface PromptFrontMatter {
  description?: string;
  argumentHint?: string;
  /** The prompt text after the block (the whole file when there is none). */
  body: string;
}

function unquote(value: string): string {
  const v = value.trim();
  if (
    v.length >= 2 &&
    ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
  ) {
    return v.slice(1, -1);
  }
  return v;
}

/** Split `text` into front matter fields and body. Unknown keys are ignored. */
export function parseFrontMatter(text: string): PromptFrontMatter {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return { body: text };
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  // An unclosed block is not front matter; keep the text as written.
  if (close === -1) return { body: text };
  const result: PromptFrontMatter = { body: lines.slice(close + 1).join("\n") };
  for (const line of lines.slice(1, close)) {
    const m = /^\s*([A-Za-z_-]+)\s*:\s*(.*)$/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const key = m[1].toLowerCase().replace(/_/g, "-");
    const value = unquote(m[2]);
    if (key === "description") result.description = value;
    else if (key === "argument-hint") result.argumentHint = value;
  }
  return result;
}
