// Node 20's JSON.parse often reports no position ("Unexpected token '}' … is not valid JSON"),
// which makes "fix your schema file" errors useless. This strict RFC 8259 scanner finds where
// the text first stops being JSON so the error can name a line and column.

export interface JsonErrorLocation {
  line: number;
  column: number;
  reason: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

const MAX_DEPTH = 10_000;

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  run(): void {
    this.skipWs();
    this.value(0);
    this.skipWs();
    if (this.pos < this.text.length) this.fail("unexpected text after the JSON value");
  }

  private fail(reason: string): never {
    throw new JsonSyntaxError(this.pos, reason);
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private skipWs(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos] as string))
      this.pos++;
  }

  private expect(ch: string, what: string): void {
    if (this.peek() !== ch)
      this.fail(
        this.peek() === undefined
          ? `unexpected end of input, expected ${what}`
          : `expected ${what}`,
      );
    this.pos++;
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) this.fail("nesting too deep");
    const ch = this.peek();
    if (ch === undefined) this.fail("unexpected end of input, expected a value");
    if (ch === "{") return this.object(depth);
    if (ch === "[") return this.array(depth);
    if (ch === '"') return this.string();
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail(`unexpected character ${JSON.stringify(ch)}, expected a value`);
  }

  private object(depth: number): void {
    this.pos++;
    this.skipWs();
    if (this.peek() === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      if (this.peek() !== '"')
        this.fail(
          this.peek() === undefined
            ? "unexpected end of input inside an object"
            : "expected a double-quoted property name",
        );
      this.string();
      this.skipWs();
      this.expect(":", "':' after the property name");
      this.skipWs();
      this.value(depth + 1);
      this.skipWs();
      if (this.peek() === ",") {
        this.pos++;
        continue;
      }
      this.expect("}", "',' or '}' after the property value");
      return;
    }
  }

  private array(depth: number): void {
    this.pos++;
    this.skipWs();
    if (this.peek() === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      this.value(depth + 1);
      this.skipWs();
      if (this.peek() === ",") {
        this.pos++;
        continue;
      }
      this.expect("]", "',' or ']' after the array element");
      return;
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.fail("unterminated string");
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < " ") this.fail("control character inside a string");
      if (ch === "\\") {
        const esc = this.text[this.pos + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6)))
            this.fail("invalid \\u escape");
          this.pos += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) this.fail("invalid escape sequence");
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!match || match[0] === "-") this.fail("invalid number");
    this.pos += match[0].length;
  }
}

/** Where `text` stops being valid JSON, or null when it is valid. Lines and columns count from 1. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  try {
    new Scanner(text).run();
    return null;
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const before = text.slice(0, err.offset);
    const line = before.split("\n").length;
    const column = err.offset - (before.lastIndexOf("\n") + 1) + 1;
    return { line, column, reason: err.message };
  }
}
