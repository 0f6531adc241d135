// Showing argvs as shell text, quoted the way Codex quotes them, so that
// approval prompts, `exec` output and error messages match the reference
// (`/bin/bash -lc 'echo hi && ls'`, `/bin/bash -lc cat`).
//
// The quoting chooses, chunk by chunk, the lightest form that keeps each
// character literal: bare, then single quotes, then double quotes.

const BARE_OK = /^[A-Za-z0-9+\-./:@\]_]$/;

type Style = "bare" | "single" | "double";

function allowedStyles(ch: string, atChunkStart: boolean): Set<Style> {
  const styles = new Set<Style>();
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80 && BARE_OK.test(ch)) styles.add("bare");
  // `^` is only left alone right after an opening single quote, and a
  // backslash inside single quotes confuses some shells (fish).
  if (ch !== "'" && ch !== "\\" && (ch !== "^" || atChunkStart)) styles.add("single");
  if (ch !== "$" && ch !== "`" && ch !== "!" && ch !== "^") styles.add("double");
  return styles;
}

function renderChunk(chars: string[], style: Style): string {
  const text = chars.join("");
  if (style === "bare") return text;
  if (style === "single") return `'${text}'`;
  return `"${text.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}

/** Quote one word for a POSIX shell, leaving it bare when that is safe. */
export function shellEscape(word: string): string {
  if (word === "") return "''";
  const chars = Array.from(word);
  let out = "";
  let i = 0;
  while (i < chars.length) {
    let styles = allowedStyles(chars[i]!, true);
    const start = i;
    i++;
    while (i < chars.length) {
      const next = allowedStyles(chars[i]!, false);
      const both = new Set([...styles].filter((s) => next.has(s)));
      if (both.size === 0) break;
      styles = both;
      i++;
    }
    const style: Style = styles.has("bare") ? "bare" : styles.has("single") ? "single" : "double";
    out += renderChunk(chars.slice(start, i), style);
  }
  return out;
}

/** An argv as one line of shell text: `/bin/bash -lc 'echo hi && ls'`. */
export function formatCommandForDisplay(argv: readonly string[]): string {
  return argv.map(shellEscape).join(" ");
}

/** The argv that runs a command string through a shell: `["/bin/bash", "-lc", cmd]`. */
export function commandToShellArgv(cmd: string, shell = "/bin/bash", login = true): string[] {
  return [shell, login ? "-lc" : "-c", cmd];
}

/**
 * The argv of a command shown by `formatCommandForDisplay` (its inverse): words split on spaces,
 * single quotes literal, double quotes with `\` escaping `"`, `\`, `$` and backtick. Front-ends
 * that receive a command item's display text use it to show the script inside `bash -lc '…'`.
 */
export function splitDisplayedCommand(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === " ") {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word = (word ?? "") + text.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      word ??= "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) i++;
        word += text[i];
        i++;
      }
      i++;
    } else {
      word = (word ?? "") + ch;
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
