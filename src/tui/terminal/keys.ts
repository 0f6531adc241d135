// Terminal input → key, paste and focus events. Handles CSI/SS3 sequences with modifiers, the
// kitty "CSI u" form (Shift-Enter), bracketed paste and focus reporting.

export interface KeyEvent {
  type: "key";
  /** "enter", "escape", "up", "backspace", … or the character itself ("a", "A", "@"). */
  name: string;
  /** Text to insert for printable keys. */
  text?: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** The raw bytes (for diagnostics). */
  sequence: string;
}

export interface PasteEvent {
  type: "paste";
  text: string;
}

export interface FocusEvent {
  type: "focus";
  focused: boolean;
}

export type InputEvent = KeyEvent | PasteEvent | FocusEvent;

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

const CSI_TILDE: Record<number, string> = {
  1: "home",
  2: "insert",
  3: "delete",
  4: "end",
  5: "pageup",
  6: "pagedown",
  7: "home",
  8: "end",
  11: "f1",
  12: "f2",
  13: "f3",
  14: "f4",
  15: "f5",
  17: "f6",
  18: "f7",
  19: "f8",
  20: "f9",
  21: "f10",
  23: "f11",
  24: "f12",
};

const CSI_LETTER: Record<string, string> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  P: "f1",
  Q: "f2",
  R: "f3",
  S: "f4",
  Z: "tab",
};

export function key(name: string, mods: Partial<KeyEvent> = {}): KeyEvent {
  return {
    type: "key",
    name,
    ctrl: false,
    alt: false,
    shift: false,
    sequence: mods.sequence ?? name,
    ...mods,
  };
}

function modifiers(param: number): Pick<KeyEvent, "ctrl" | "alt" | "shift"> {
  const m = Math.max(0, param - 1);
  return { shift: (m & 1) !== 0, alt: (m & 2) !== 0, ctrl: (m & 4) !== 0 };
}

/** A Unicode code point (kitty keyboard protocol) as a key. */
function codepointKey(code: number, mods: Pick<KeyEvent, "ctrl" | "alt" | "shift">, seq: string) {
  switch (code) {
    case 13:
      return key("enter", { ...mods, sequence: seq });
    case 27:
      return key("escape", { ...mods, sequence: seq });
    case 9:
      return key("tab", { ...mods, sequence: seq });
    case 127:
    case 8:
      return key("backspace", { ...mods, sequence: seq });
    default: {
      const ch = String.fromCodePoint(code);
      const printable = !mods.ctrl && !mods.alt;
      const text = printable && mods.shift ? ch.toUpperCase() : ch;
      return key(printable ? text : ch.toLowerCase(), {
        ...mods,
        sequence: seq,
        ...(printable ? { text } : {}),
      });
    }
  }
}

/** One control byte (or DEL) as a key. */
function controlKey(ch: string, alt: boolean): KeyEvent {
  const c = ch.charCodeAt(0);
  const seq = (alt ? "\x1b" : "") + ch;
  if (ch === "\r") return key("enter", { alt, sequence: seq });
  if (ch === "\n") return key("j", { ctrl: true, alt, sequence: seq });
  if (ch === "\t") return key("tab", { alt, sequence: seq });
  if (c === 0x7f || c === 0x08) return key("backspace", { alt, sequence: seq });
  if (c === 0) return key("space", { ctrl: true, alt, sequence: seq });
  if (c < 0x1b) return key(String.fromCharCode(c + 96), { ctrl: true, alt, sequence: seq });
  return key(String.fromCharCode(c + 64).toLowerCase(), { ctrl: true, alt, sequence: seq });
}

/**
 * Parse one escape sequence at `s[i]` (which is ESC). Returns the event and its length, or
 * `incomplete` when the buffer ends inside the sequence.
 */
function parseEscape(s: string, i: number): { ev: InputEvent; len: number } | "incomplete" {
  const next = s[i + 1];
  if (next === undefined) return "incomplete";
  if (next === "[") {
    let j = i + 2;
    while (j < s.length && /[0-9;:<=>?]/.test(s[j]!)) j++;
    if (j >= s.length) return "incomplete";
    const final = s[j]!;
    const params = s.slice(i + 2, j);
    const seq = s.slice(i, j + 1);
    const len = j + 1 - i;
    const nums = params.split(";").map((p) => parseInt(p.split(":")[0] ?? "", 10));
    if (final === "I" && params === "") return { ev: { type: "focus", focused: true }, len };
    if (final === "O" && params === "") return { ev: { type: "focus", focused: false }, len };
    if (final === "u") {
      const code = nums[0] ?? 0;
      return { ev: codepointKey(code, modifiers(nums[1] ?? 1), seq), len };
    }
    if (final === "~") {
      // xterm modifyOtherKeys: CSI 27 ; mods ; code ~
      if (nums[0] === 27 && nums.length >= 3) {
        return { ev: codepointKey(nums[2] ?? 0, modifiers(nums[1] ?? 1), seq), len };
      }
      const name = CSI_TILDE[nums[0] ?? 0] ?? "unknown";
      return { ev: key(name, { ...modifiers(nums[1] ?? 1), sequence: seq }), len };
    }
    const name = CSI_LETTER[final];
    if (name) {
      const mods = modifiers(nums.length > 1 ? (nums[1] ?? 1) : 1);
      if (final === "Z") mods.shift = true;
      return { ev: key(name, { ...mods, sequence: seq }), len };
    }
    return { ev: key("unknown", { sequence: seq }), len };
  }
  if (next === "O") {
    const f = s[i + 2];
    if (f === undefined) return "incomplete";
    const name = CSI_LETTER[f] ?? "unknown";
    return { ev: key(name, { sequence: s.slice(i, i + 3) }), len: 3 };
  }
  if (next === "\x1b") {
    // ESC ESC: an escape press followed by another sequence; report the first.
    return { ev: key("escape", { sequence: "\x1b" }), len: 1 };
  }
  const cp = s.codePointAt(i + 1)!;
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || cp === 0x7f) return { ev: controlKey(ch, true), len: 2 };
  // Alt+letter: word motions use alt-b / alt-f.
  return { ev: key(ch, { alt: true, sequence: "\x1b" + ch }), len: 1 + ch.length };
}

/** Stateful parser: feed chunks as they arrive; events come out through `emit`. */
export class InputParser {
  private buffer = "";
  private paste: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (ev: InputEvent) => void,
    /** How long an unfinished escape sequence may wait for its tail before it counts as Esc. */
    private readonly escTimeoutMs = 30,
  ) {}

  feed(chunk: string): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.buffer += chunk;
    this.drain(false);
  }

  /** Flush a pending lone ESC (timeout path; also used by tests). */
  flush(): void {
    this.drain(true);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(force: boolean): void {
    let s = this.buffer;
    let i = 0;
    let text = "";
    const flushText = () => {
      if (text) this.emitText(text);
      text = "";
    };
    while (i < s.length) {
      if (this.paste !== null) {
        const end = s.indexOf(PASTE_END, i);
        if (end === -1) {
          // Keep a possible partial terminator in the buffer.
          const keep = partialSuffix(s.slice(i), PASTE_END);
          this.paste += s.slice(i, s.length - keep);
          i = s.length - keep;
          break;
        }
        this.paste += s.slice(i, end);
        this.emit({ type: "paste", text: normalizeNewlines(this.paste) });
        this.paste = null;
        i = end + PASTE_END.length;
        continue;
      }
      const ch = s[i]!;
      if (ch === "\x1b") {
        if (s.startsWith(PASTE_START, i)) {
          flushText();
          this.paste = "";
          i += PASTE_START.length;
          continue;
        }
        if (PASTE_START.startsWith(s.slice(i)) && !force && s.length - i > 1) break;
        const parsed = parseEscape(s, i);
        if (parsed === "incomplete") {
          // A lone ESC as the whole read is the Escape key; a cut-off sequence waits briefly.
          if (force || (i === 0 && s.length === 1)) {
            flushText();
            this.emit(key("escape", { sequence: "\x1b" }));
            i = s.length;
            continue;
          }
          break;
        }
        flushText();
        this.emit(parsed.ev);
        i += parsed.len;
        continue;
      }
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) {
        // Without bracketed paste, a pasted block arrives as one read with newlines inside.
        if ((ch === "\r" || ch === "\n") && text && i + 1 < s.length && !force) {
          const rest = s.slice(i);
          const endOfPlain = rest.search(/\x1b/);
          const block = endOfPlain === -1 ? rest : rest.slice(0, endOfPlain);
          if (/[^\r\n]/.test(block)) {
            this.emit({ type: "paste", text: normalizeNewlines(text + block) });
            text = "";
            i += block.length;
            continue;
          }
        }
        flushText();
        this.emit(controlKey(ch, false));
        i++;
        continue;
      }
      const cp = s.codePointAt(i)!;
      const c = String.fromCodePoint(cp);
      text += c;
      i += c.length;
    }
    flushText();
    this.buffer = s.slice(i);
    s = this.buffer;
    if (s && !force) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain(true);
      }, this.escTimeoutMs);
    } else if (force) {
      this.buffer = "";
    }
  }

  private emitText(text: string): void {
    for (const c of text) this.emit(key(c, { text: c, shift: c !== c.toLowerCase() }));
  }
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

function partialSuffix(s: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, s.length); n > 0; n--) {
    if (marker.startsWith(s.slice(s.length - n))) return n;
  }
  return 0;
}

/** True for a key with the given name and exactly these modifiers. */
export function isKey(
  k: KeyEvent,
  name: string,
  mods: { ctrl?: boolean; alt?: boolean; shift?: boolean } = {},
): boolean {
  return (
    k.name === name &&
    k.ctrl === !!mods.ctrl &&
    k.alt === !!mods.alt &&
    (mods.shift === undefined || k.shift === mods.shift)
  );
}
