import type { PatchCase } from "./case.js";

/** Every form of the patch grammar, and the leniencies the parser allows. */
export const GRAMMAR_CASES: PatchCase[] = [
  {
    name: "add a file (the reference capture)",
    patch: "*** Begin Patch\n*** Add File: notes.txt\n+line one\n+line two\n*** End Patch",
    after: { "notes.txt": "line one\nline two\n" },
    summary: "A notes.txt\n",
  },
  {
    name: "add a file in directories that do not exist yet",
    patch: "*** Begin Patch\n*** Add File: a/b/c.txt\n+deep\n*** End Patch\n",
    after: { "a/b/c.txt": "deep\n" },
    summary: "A a/b/c.txt\n",
  },
  {
    name: "add an empty file",
    patch: "*** Begin Patch\n*** Add File: empty.txt\n*** End Patch\n",
    after: { "empty.txt": "" },
    summary: "A empty.txt\n",
  },
  {
    name: "add over an existing file replaces it",
    before: { "x.txt": "old\n" },
    patch: "*** Begin Patch\n*** Add File: x.txt\n+new\n*** End Patch",
    after: { "x.txt": "new\n" },
    summary: "A x.txt\n",
  },
  {
    name: "add keeps lines that look like markers once prefixed with +",
    patch: "*** Begin Patch\n*** Add File: doc.md\n+*** End Patch\n+\n+@@ x\n*** End Patch",
    after: { "doc.md": "*** End Patch\n\n@@ x\n" },
    summary: "A doc.md\n",
  },
  {
    name: "delete a file",
    before: { "gone.txt": "bye\n", "kept.txt": "hi\n" },
    patch: "*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch",
    after: { "kept.txt": "hi\n" },
    summary: "D gone.txt\n",
  },
  {
    name: "update two files (the reference capture)",
    before: { "notes.txt": "line one\nline two\n", "hello.txt": "hello\nworld\n" },
    patch:
      "*** Begin Patch\n*** Update File: notes.txt\n@@\n line one\n-line two\n+line 2\n+line three\n" +
      "*** Update File: hello.txt\n@@\n hello\n-world\n+there\n*** End Patch",
    after: { "notes.txt": "line one\nline 2\nline three\n", "hello.txt": "hello\nthere\n" },
    summary: "M notes.txt\nM hello.txt\n",
  },
  {
    name: "first chunk without @@",
    before: { "a.txt": "one\ntwo\nthree\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n one\n-two\n+2\n*** End Patch",
    after: { "a.txt": "one\n2\nthree\n" },
    summary: "M a.txt\n",
  },
  {
    name: "@@ context header seeks past an identical earlier block",
    before: { "a.py": "def f():\n    return 1\n\ndef g():\n    return 1\n" },
    patch:
      "*** Begin Patch\n*** Update File: a.py\n@@ def g():\n-    return 1\n+    return 2\n*** End Patch",
    after: { "a.py": "def f():\n    return 1\n\ndef g():\n    return 2\n" },
    summary: "M a.py\n",
  },
  {
    name: "several chunks in one file, applied top to bottom",
    before: { "n.txt": "1\n2\n3\n4\n5\n6\n7\n8\n9\n" },
    patch:
      "*** Begin Patch\n*** Update File: n.txt\n@@\n 1\n-2\n+two\n@@\n 5\n-6\n+six\n" +
      "@@\n 8\n-9\n+nine\n*** End Patch",
    after: { "n.txt": "1\ntwo\n3\n4\n5\nsix\n7\n8\nnine\n" },
    summary: "M n.txt\n",
  },
  {
    name: "several files: summary lists added, then modified, then deleted",
    before: { "m.txt": "a\n", "d.txt": "x\n" },
    patch:
      "*** Begin Patch\n*** Delete File: d.txt\n*** Update File: m.txt\n-a\n+b\n" +
      "*** Add File: n.txt\n+new\n*** End Patch",
    after: { "m.txt": "b\n", "n.txt": "new\n" },
    summary: "A n.txt\nM m.txt\nD d.txt\n",
  },
  {
    name: "update and move",
    before: { "old.txt": "keep\nchange\n" },
    patch:
      "*** Begin Patch\n*** Update File: old.txt\n*** Move to: sub/new.txt\n@@\n keep\n-change\n+changed\n*** End Patch",
    after: { "sub/new.txt": "keep\nchanged\n" },
    summary: "M sub/new.txt\n",
  },
  {
    name: "move without changes (a rename)",
    before: { "a.txt": "same\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n*** End Patch",
    after: { "b.txt": "same\n" },
    summary: "M b.txt\n",
  },
  {
    name: "move onto an existing file replaces it (as Codex)",
    before: { "a.txt": "a\n", "b.txt": "b\n" },
    patch: "*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n-a\n+A\n*** End Patch",
    after: { "b.txt": "A\n" },
    summary: "M b.txt\n",
  },
  {
    name: "one repeated *** End Patch is tolerated (blank lines between too)",
    patch: "*** Begin Patch\n*** Add File: d.txt\n+hi\n*** End Patch\n\n  *** End Patch  \n",
    after: { "d.txt": "hi\n" },
    summary: "A d.txt\n",
  },
  {
    name: "*** End of File anchors the chunk at the end of the file",
    before: { "e.txt": "x\nend\nmiddle\nx\nend\n" },
    patch:
      "*** Begin Patch\n*** Update File: e.txt\n@@\n x\n-end\n+END\n*** End of File\n*** End Patch",
    after: { "e.txt": "x\nend\nmiddle\nx\nEND\n" },
    summary: "M e.txt\n",
  },
  {
    name: "pure addition after an @@ context line",
    before: { "c.py": "class A:\n    x = 1\n\nclass B:\n    y = 2\n" },
    patch: "*** Begin Patch\n*** Update File: c.py\n@@ class B:\n+    z = 3\n*** End Patch",
    after: { "c.py": "class A:\n    x = 1\n\nclass B:\n    z = 3\n    y = 2\n" },
    summary: "M c.py\n",
  },
  {
    name: "pure addition without context appends at the end",
    before: { "l.txt": "a\nb\n" },
    patch: "*** Begin Patch\n*** Update File: l.txt\n@@\n+c\n*** End Patch",
    after: { "l.txt": "a\nb\nc\n" },
    summary: "M l.txt\n",
  },
  {
    name: "a file without a final newline gets one",
    before: { "nl.txt": "a\nb" },
    patch: "*** Begin Patch\n*** Update File: nl.txt\n@@\n-a\n+A\n*** End Patch",
    after: { "nl.txt": "A\nb\n" },
    summary: "M nl.txt\n",
  },
  {
    name: "empty line inside a chunk is an empty context line",
    before: { "b.txt": "a\n\nb\n" },
    patch: "*** Begin Patch\n*** Update File: b.txt\n@@\n a\n\n-b\n+B\n*** End Patch",
    after: { "b.txt": "a\n\nB\n" },
    summary: "M b.txt\n",
  },
  {
    name: "trailing empty context line standing for the final newline",
    before: { "t.txt": "a\nb\n" },
    patch: "*** Begin Patch\n*** Update File: t.txt\n@@\n a\n-b\n+c\n \n*** End Patch",
    after: { "t.txt": "a\nc\n" },
    summary: "M t.txt\n",
  },
  {
    name: "numeric unified-diff @@ header is treated as a bare @@",
    before: { "u.txt": "a\nb\n" },
    patch: "*** Begin Patch\n*** Update File: u.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n*** End Patch",
    after: { "u.txt": "a\nB\n" },
    summary: "M u.txt\n",
  },
  {
    name: "add then update the same file in one patch",
    patch:
      "*** Begin Patch\n*** Add File: s.txt\n+one\n+two\n*** Update File: s.txt\n@@\n-two\n+2\n*** End Patch",
    after: { "s.txt": "one\n2\n" },
    summary: "A s.txt\nM s.txt\n",
  },
  {
    name: "absolute paths are kept and reported as written",
    before: { "abs.txt": "a\n" },
    patch: "*** Begin Patch\n*** Update File: $DIR/abs.txt\n-a\n+b\n*** End Patch",
    after: { "abs.txt": "b\n" },
    summary: "M $DIR/abs.txt\n",
  },
  {
    name: "whitespace around marker lines and the whole text",
    before: { "w.txt": "a\n" },
    patch:
      "\n  *** Begin Patch  \n *** Add File:  v.txt \n+v\n   *** Update File:  w.txt  \n@@  \n-a\n+b\n  *** End Patch  \n\n",
    after: { "w.txt": "b\n", "v.txt": "v\n" },
    summary: "A v.txt\nM w.txt\n",
  },
  {
    name: "CRLF line endings in the patch text",
    before: { "r.txt": "a\nb\n" },
    patch: "*** Begin Patch\r\n*** Update File: r.txt\r\n@@\r\n a\r\n-b\r\n+c\r\n*** End Patch\r\n",
    after: { "r.txt": "a\nc\n" },
    summary: "M r.txt\n",
  },
  {
    name: "patch wrapped in a heredoc",
    patch: "<<'EOF'\n*** Begin Patch\n*** Add File: h.txt\n+hi\n*** End Patch\nEOF\n",
    after: { "h.txt": "hi\n" },
    summary: "A h.txt\n",
  },
  {
    name: "patch wrapped in an apply_patch heredoc with a double-quoted delimiter",
    patch: 'apply_patch <<"PATCH"\n*** Begin Patch\n*** Add File: h.txt\n+hi\n*** End Patch\nPATCH',
    after: { "h.txt": "hi\n" },
    summary: "A h.txt\n",
  },
  {
    name: "blank lines between hunks and between chunks",
    before: { "g.txt": "1\n2\n3\n4\n" },
    patch:
      "*** Begin Patch\n\n*** Update File: g.txt\n@@\n-1\n+one\n\n\n@@\n-4\n+four\n\n*** Add File: k.txt\n+k\n\n*** End Patch",
    after: { "g.txt": "one\n2\n3\nfour\n", "k.txt": "k\n" },
    summary: "A k.txt\nM g.txt\n",
  },
];
