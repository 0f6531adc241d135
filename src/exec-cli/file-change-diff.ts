// Git-style diff text for one file of an applied patch, as the human output shows it
// (`diff --git a/x b/x`, `new file mode 100644`, `index 000…..<blob sha1>`, hunks).
import { createHash } from "node:crypto";
import path from "node:path";
import type { FileChange } from "../protocol/index.js";

const NULL_BLOB = "0".repeat(40);

/** The object id git gives a blob with this content (`git hash-object`). */
export function gitBlobId(content: string): string {
  const body = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");
}

/** Path as git would show it: relative to the workdir when inside it. */
export function diffPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel))
    return rel.split(path.sep).join("/");
  return file.replace(/^\/+/, "");
}

export function fileChangeDiff(file: string, change: FileChange, cwd: string): string[] {
  const a = diffPath(file, cwd);
  switch (change.type) {
    case "add": {
      const out = [
        `diff --git a/${a} b/${a}`,
        "new file mode 100644",
        `index ${NULL_BLOB}..${gitBlobId(change.content)}`,
      ];
      if (change.content === "") return out;
      return [...out, "--- /dev/null", `+++ b/${a}`, ...wholeFileHunk(change.content, "+")];
    }
    case "delete": {
      const out = [
        `diff --git a/${a} b/${a}`,
        "deleted file mode 100644",
        `index ${gitBlobId(change.content)}..${NULL_BLOB}`,
      ];
      if (change.content === "") return out;
      return [...out, `--- a/${a}`, "+++ /dev/null", ...wholeFileHunk(change.content, "-")];
    }
    case "update": {
      const b = change.move_path ? diffPath(change.move_path, cwd) : a;
      const out = [`diff --git a/${a} b/${b}`];
      if (b !== a) out.push(`rename from ${a}`, `rename to ${b}`);
      const body = splitLines(change.unified_diff);
      if (body.length > 0 && !body[0]?.startsWith("--- ")) out.push(`--- a/${a}`, `+++ b/${b}`);
      return [...out, ...body];
    }
  }
}

function wholeFileHunk(content: string, sign: "+" | "-"): string[] {
  const lines = splitLines(content);
  const count = lines.length === 1 ? "1" : `1,${lines.length}`;
  const header = sign === "+" ? `@@ -0,0 +${count} @@` : `@@ -${count} +0,0 @@`;
  const body = lines.map((line) => `${sign}${line}`);
  if (!content.endsWith("\n")) body.push("\\ No newline at end of file");
  return [header, ...body];
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}
