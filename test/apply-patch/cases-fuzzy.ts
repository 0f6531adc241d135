import type { PatchCase } from "./case.js";

/** Context matching: exact first, then ignoring trailing whitespace, all surrounding whitespace, typographic punctuation. */
export const FUZZY_CASES: PatchCase[] = [
  {
    name: "trailing whitespace in the file; the context line keeps it",
    before: { "f.txt": "alpha   \nbeta\t\ngamma\n" },
    patch:
      "*** Begin Patch\n*** Update File: f.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch",
    after: { "f.txt": "alpha   \nBETA\ngamma\n" },
    summary: "M f.txt\n",
  },
  {
    name: "different indentation (surrounding whitespace)",
    before: { "i.py": "def f():\n        x = 1\n        return x\n" },
    patch:
      "*** Begin Patch\n*** Update File: i.py\n@@\n x = 1\n-return x\n+    return x + 1\n*** End Patch",
    after: { "i.py": "def f():\n        x = 1\n    return x + 1\n" },
    summary: "M i.py\n",
  },
  {
    name: "typographic quotes, dashes and non-breaking spaces match their ASCII forms",
    before: { "p.md": "Title \u2014 \u201Cquoted\u201D\nit\u2019s\u00A0here\nend\n" },
    patch:
      '*** Begin Patch\n*** Update File: p.md\n@@\n Title - "quoted"\n-it\'s here\n+it is here\n end\n*** End Patch',
    after: { "p.md": "Title \u2014 \u201Cquoted\u201D\nit is here\nend\n" },
    summary: "M p.md\n",
  },
  {
    name: "an @@ context line matched through punctuation normalisation",
    before: { "q.txt": "section \u2013 one\nvalue\nsection \u2013 two\nvalue\n" },
    patch:
      "*** Begin Patch\n*** Update File: q.txt\n@@ section - two\n-value\n+VALUE\n*** End Patch",
    after: { "q.txt": "section \u2013 one\nvalue\nsection \u2013 two\nVALUE\n" },
    summary: "M q.txt\n",
  },
  {
    name: "an exact match later in the file wins over a fuzzy one earlier",
    before: { "x.txt": "foo  \nbar\nfoo\n" },
    patch: "*** Begin Patch\n*** Update File: x.txt\n@@\n-foo\n+FOO\n*** End Patch",
    after: { "x.txt": "foo  \nbar\nFOO\n" },
    summary: "M x.txt\n",
  },
  {
    name: "a CRLF file keeps CRLF on added lines",
    before: { "w.txt": "a\r\nb\r\nc\r\n" },
    patch: "*** Begin Patch\n*** Update File: w.txt\n@@\n a\n-b\n+B\n+B2\n c\n*** End Patch",
    after: { "w.txt": "a\r\nB\r\nB2\r\nc\r\n" },
    summary: "M w.txt\n",
  },
];
