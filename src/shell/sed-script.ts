// Whether a GNU sed script only prints. sed without `-i` writes nothing by
// itself, but its script can: `w FILE`/`W FILE` write, `e` runs a command,
// and the `s` command's `w FILE` and `e` flags do the same. So a script is
// read-only only when it parses completely under the rules below and uses
// none of those. Anything this reader does not understand counts as unsafe;
// so do `r`/`R` (their file name runs to the end of the line, which is easy
// to misjudge and never needed to read a file).
//
// The subtle part is where a delimited part ends. In a regex GNU sed treats
// a bracket expression as one unit (`s/[/]/X/` replaces `/`), so the
// delimiter, a backslash or a newline inside brackets is refused rather than
// interpreted: both readings must agree on where the regex stops, or
// `s/[/]/g;\%/w f%p` could hide a write. Replacements and `y` strings have no
// brackets. Scripts with non-ASCII characters are not read at all.

/** Commands that take no argument and only print, move text between buffers or branch. */
const PLAIN_COMMANDS = new Set([..."=dDgGhHnNpPxzF"]);
/** Commands followed by an optional number. */
const NUMBER_COMMANDS = new Set([..."lqQ"]);
/** Commands followed by a label. */
const LABEL_COMMANDS = new Set([..."btT:"]);
/** Commands followed by text up to the end of the line. */
const TEXT_COMMANDS = new Set([..."aic"]);
const S_FLAGS = new Set([..."gpiImM0123456789"]);

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.pos];
  }
  next(): string | undefined {
    return this.text[this.pos++];
  }
  skipBlanks(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }
  digits(): string {
    const start = this.pos;
    while (/[0-9]/.test(this.peek() ?? "")) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

/**
 * Skip a POSIX bracket expression whose `[` was just read. Returns false when
 * it is unterminated or contains `delim`, a backslash or a newline.
 */
function skipBracket(r: Reader, delim: string): boolean {
  if (r.peek() === "^") r.pos++;
  if (r.peek() === "]") r.pos++;
  for (;;) {
    const ch = r.next();
    if (ch === undefined || ch === delim || ch === "\\" || ch === "\n") return false;
    if (ch === "]") return true;
    if (ch === "[" && (r.peek() === ":" || r.peek() === "." || r.peek() === "=")) {
      const kind = r.next()!;
      const end = r.text.indexOf(`${kind}]`, r.pos);
      if (end < 0) return false;
      const inner = r.text.slice(r.pos, end);
      if (inner.includes(delim) || inner.includes("\\") || inner.includes("\n")) return false;
      r.pos = end + 2;
    }
  }
}

/** Read up to the closing `delim`; the opening one was already read. */
function skipDelimited(r: Reader, delim: string, regex: boolean): boolean {
  for (;;) {
    const ch = r.next();
    if (ch === undefined || ch === "\n") return false;
    if (ch === delim) return true;
    if (ch === "\\") {
      if (r.next() === undefined) return false;
      continue;
    }
    if (regex && ch === "[" && !skipBracket(r, delim)) return false;
  }
}

function validDelimiter(ch: string | undefined): ch is string {
  return ch !== undefined && ch !== "\n" && ch !== "\\";
}

/** One address, if present. Returns false on a malformed one. */
function skipAddress(r: Reader, second: boolean): boolean {
  const ch = r.peek();
  if (ch === undefined) return true;
  if (/[0-9]/.test(ch)) {
    r.digits();
    if (r.peek() === "~") {
      r.pos++;
      if (r.digits() === "") return false;
    }
    return true;
  }
  if (second && (ch === "+" || ch === "~")) {
    r.pos++;
    return r.digits() !== "";
  }
  if (ch === "$") {
    r.pos++;
    return true;
  }
  let delim: string | undefined;
  if (ch === "/") {
    r.pos++;
    delim = "/";
  } else if (ch === "\\") {
    r.pos++;
    delim = r.next();
    if (!validDelimiter(delim)) return false;
  } else {
    return true;
  }
  if (!skipDelimited(r, delim, true)) return false;
  while (r.peek() === "I" || r.peek() === "M") r.pos++;
  return true;
}

/** After a command: blanks, then `;`, newline, `}`, `#` or the end. */
function endOfCommand(r: Reader): boolean {
  r.skipBlanks();
  const ch = r.peek();
  if (ch === ";" || ch === "\n") {
    r.pos++;
    return true;
  }
  return ch === undefined || ch === "}" || ch === "#";
}

/** The `s` command after its letter; false when it writes, executes or is malformed. */
function substitutionIsReadOnly(r: Reader): boolean {
  const delim = r.next();
  if (!validDelimiter(delim)) return false;
  if (!skipDelimited(r, delim, true) || !skipDelimited(r, delim, false)) return false;
  while (S_FLAGS.has(r.peek() ?? "")) r.pos++;
  // `w FILE` and `e` land here and are refused.
  return endOfCommand(r);
}

function transliterationIsValid(r: Reader): boolean {
  const delim = r.next();
  if (!validDelimiter(delim)) return false;
  return skipDelimited(r, delim, false) && skipDelimited(r, delim, false) && endOfCommand(r);
}

/** Text of `a`, `i`, `c`: to the first newline not escaped by a backslash. */
function skipText(r: Reader): void {
  for (;;) {
    const ch = r.next();
    if (ch === undefined || ch === "\n") return;
    if (ch === "\\") r.next();
  }
}

function skipLabel(r: Reader): boolean {
  r.skipBlanks();
  while (/[A-Za-z0-9_.-]/.test(r.peek() ?? "")) r.pos++;
  const ch = r.peek();
  return ch === undefined || ch === ";" || ch === "\n" || ch === " " || ch === "\t"
    ? endOfCommand(r)
    : false;
}

/** Whether `script` (all `-e` parts joined by newlines) parses and only prints. */
export function sedScriptIsReadOnly(script: string): boolean {
  // sed reads the script as bytes in the user's locale. Outside ASCII (and in
  // encodings such as Shift-JIS, whose second bytes include `\`) its idea of
  // where a character, an escape or a delimiter ends can differ from ours.
  if (/[^\x00-\x7f]/.test(script)) return false;
  const r = new Reader(script);
  let depth = 0;
  for (;;) {
    while (/[\s;]/.test(r.peek() ?? "")) r.pos++;
    const first = r.peek();
    if (first === undefined) return depth === 0;
    if (first === "#") {
      while (r.peek() !== undefined && r.peek() !== "\n") r.pos++;
      continue;
    }
    if (!skipAddress(r, false)) return false;
    r.skipBlanks();
    if (r.peek() === ",") {
      r.pos++;
      r.skipBlanks();
      const before = r.pos;
      if (!skipAddress(r, true) || r.pos === before) return false;
    }
    r.skipBlanks();
    while (r.peek() === "!") {
      r.pos++;
      r.skipBlanks();
    }
    const cmd = r.next();
    if (cmd === undefined) return false;
    let ok: boolean;
    if (cmd === "{") {
      depth++;
      ok = true;
    } else if (cmd === "}") {
      depth--;
      ok = depth >= 0 && endOfCommand(r);
    } else if (PLAIN_COMMANDS.has(cmd)) {
      ok = endOfCommand(r);
    } else if (NUMBER_COMMANDS.has(cmd)) {
      r.skipBlanks();
      r.digits();
      ok = endOfCommand(r);
    } else if (LABEL_COMMANDS.has(cmd)) {
      ok = skipLabel(r);
    } else if (TEXT_COMMANDS.has(cmd)) {
      skipText(r);
      ok = true;
    } else if (cmd === "s") {
      ok = substitutionIsReadOnly(r);
    } else if (cmd === "y") {
      ok = transliterationIsValid(r);
    } else {
      // w W e r R and anything unknown.
      ok = false;
    }
    if (!ok) return false;
  }
}
