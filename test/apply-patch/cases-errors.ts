import type { PatchCase } from "./case.js";

const HEADERS =
  "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";
const FAILED = "apply_patch verification failed: ";

/** Every error, with the exact text the model receives. Nothing may be written. */
export const ERROR_CASES: PatchCase[] = [
  {
    name: "empty patch text",
    patch: "  \n",
    error: `${FAILED}invalid patch: The first line of the patch must be '*** Begin Patch'`,
  },
  {
    name: "missing *** Begin Patch",
    patch: "*** Add File: a.txt\n+a\n*** End Patch",
    error: `${FAILED}invalid patch: The first line of the patch must be '*** Begin Patch'`,
  },
  {
    name: "missing *** End Patch",
    patch: "*** Begin Patch\n*** Add File: a.txt\n+a\n",
    error: `${FAILED}invalid patch: The last line of the patch must be '*** End Patch'`,
  },
  {
    name: "only *** Begin Patch",
    patch: "*** Begin Patch",
    error: `${FAILED}invalid patch: The last line of the patch must be '*** End Patch'`,
  },
  {
    name: "no file operations",
    patch: "*** Begin Patch\n*** End Patch",
    error: `${FAILED}No files were modified.`,
  },
  {
    name: "*** End Patch three times",
    patch:
      "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n*** End Patch\n*** End Patch\n",
    error: `${FAILED}invalid patch: The last line of the patch must be '*** End Patch'`,
  },
  {
    name: "*** End Patch before more hunks",
    patch:
      "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n*** Add File: b.txt\n+b\n*** End Patch",
    error: `${FAILED}invalid patch: The last line of the patch must be '*** End Patch'`,
  },
  {
    name: "unknown hunk header, with its line number",
    patch: "*** Begin Patch\n*** Add File: a.txt\n+a\n*** Frobnicate File: b.txt\n*** End Patch",
    error: `${FAILED}invalid hunk at line 4, '*** Frobnicate File: b.txt' is not a valid hunk header. ${HEADERS}`,
  },
  {
    name: "add file body line without +",
    patch: "*** Begin Patch\n*** Add File: a.txt\n+a\nb\n*** End Patch",
    error: `${FAILED}invalid hunk at line 4, 'b' is not a valid hunk header. ${HEADERS}`,
  },
  {
    name: "line numbers count leading blank lines",
    patch: "\n\n*** Begin Patch\nnonsense\n*** End Patch",
    error: `${FAILED}invalid hunk at line 4, 'nonsense' is not a valid hunk header. ${HEADERS}`,
  },
  {
    name: "update with no chunks",
    before: { "a.txt": "a\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n*** End Patch",
    error: `${FAILED}invalid hunk at line 2, Update file hunk for path 'a.txt' is empty`,
  },
  {
    name: "@@ with nothing after it",
    before: { "a.txt": "a\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n@@\n*** End Patch",
    error: `${FAILED}invalid hunk at line 4, Update hunk does not contain any lines`,
  },
  {
    name: "chunk body line with no ' ', '+' or '-'",
    before: { "a.txt": "a\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n@@\nfoo\n*** End Patch",
    error:
      `${FAILED}invalid hunk at line 4, Unexpected line found in update hunk: 'foo'. ` +
      "Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
  },
  {
    name: "second chunk without @@",
    before: { "a.txt": "a\nb\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\nstray\n*** End Patch",
    error: `${FAILED}invalid hunk at line 6, Expected update hunk to start with a @@ context marker, got: 'stray'`,
  },
  {
    name: "*** End of File with no lines before it",
    before: { "a.txt": "a\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n@@\n*** End of File\n*** End Patch",
    error: `${FAILED}invalid hunk at line 4, Update hunk does not contain any lines`,
  },
  {
    name: "context not found (the reference capture)",
    before: { "notes.txt": "line one\nline two\n" },
    patch:
      "*** Begin Patch\n*** Update File: notes.txt\n@@\n this context does not exist\n-nope\n+nope2\n*** End Patch",
    error: `${FAILED}Failed to find expected lines in $DIR/notes.txt:\nthis context does not exist\nnope`,
  },
  {
    name: "@@ context line not found",
    before: { "a.py": "def f():\n    pass\n" },
    patch:
      "*** Begin Patch\n*** Update File: a.py\n@@ def g():\n-    pass\n+    return 1\n*** End Patch",
    error: `${FAILED}Failed to find context 'def g():' in $DIR/a.py`,
  },
  {
    name: "a second chunk must come after the first",
    before: { "o.txt": "a\nb\nc\n" },
    patch: "*** Begin Patch\n*** Update File: o.txt\n@@\n-c\n+C\n@@\n-a\n+A\n*** End Patch",
    error: `${FAILED}Failed to find expected lines in $DIR/o.txt:\na`,
  },
  {
    name: "update a missing file",
    patch: "*** Begin Patch\n*** Update File: missing.txt\n-a\n+b\n*** End Patch",
    error: `${FAILED}Failed to read file to update $DIR/missing.txt: No such file or directory (os error 2)`,
  },
  {
    name: "delete a missing file",
    patch: "*** Begin Patch\n*** Delete File: missing.txt\n*** End Patch",
    error: `${FAILED}Failed to read $DIR/missing.txt: No such file or directory (os error 2)`,
  },
  {
    name: "update a file deleted earlier in the same patch",
    before: { "a.txt": "a\n" },
    patch: "*** Begin Patch\n*** Delete File: a.txt\n*** Update File: a.txt\n-a\n+b\n*** End Patch",
    error: `${FAILED}Failed to read file to update $DIR/a.txt: No such file or directory (os error 2)`,
  },
  {
    name: "add where a parent is a file",
    before: { plain: "x\n" },
    patch: "*** Begin Patch\n*** Add File: plain/child.txt\n+c\n*** End Patch",
    error: `${FAILED}Failed to create $DIR/plain/child.txt: $DIR/plain exists and is not a directory`,
  },
  {
    name: "add onto a directory",
    before: { "dir/inner.txt": "i\n" },
    patch: "*** Begin Patch\n*** Add File: dir\n+c\n*** End Patch",
    error: `${FAILED}Failed to read $DIR/dir: path \`$DIR/dir\` is not a file`,
  },
  {
    name: "second file fails: the first file is left untouched",
    before: { "first.txt": "one\n", "second.txt": "two\n" },
    patch:
      "*** Begin Patch\n*** Update File: first.txt\n-one\n+ONE\n*** Add File: new.txt\n+n\n" +
      "*** Delete File: second.txt\n*** Update File: second.txt\n-nothing\n+x\n*** End Patch",
    error: `${FAILED}Failed to read file to update $DIR/second.txt: No such file or directory (os error 2)`,
  },
  {
    name: "last chunk of a multi-chunk update fails: nothing written",
    before: { "m.txt": "1\n2\n3\n", "other.txt": "o\n" },
    patch:
      "*** Begin Patch\n*** Delete File: other.txt\n*** Update File: m.txt\n@@\n-1\n+one\n@@\n-3\n+three\n@@\n-4\n+four\n*** End Patch",
    error: `${FAILED}Failed to find expected lines in $DIR/m.txt:\n4`,
  },
];
