// Keeps the session history's big tool outputs in one-byte (Latin-1) strings.
//
// V8 stores a string with even one character above U+00FF at two bytes per character. Every
// truncated command output carries Codex's `…N tokens truncated…` marker (U+2026), so the
// history held each such output at twice its size: over a long session the history's largest
// cost in memory (2,000 outputs: 4.8 MB for 2.4 MB of text). A packed item keeps the output as
// Latin-1 runs (one byte per character) and the few wider characters between them; its `output`
// is an enumerable accessor that joins them back, so readers, spreads and `JSON.stringify` (the
// request body, the rollout) see the very same string, and the bytes on the wire do not change.
import type { ResponseItem } from "../protocol/index.js";

/** Outputs shorter than this are left alone (the saving would not pay for the pieces). */
export const PACK_MIN_CHARS = 512;

const PIECES = Symbol("packedOutput");

type OutputItem = Extract<
  ResponseItem,
  { type: "function_call_output" | "custom_tool_call_output" }
>;
type Packed = OutputItem & { [PIECES]: string[] };

/** A fresh one-byte copy of a Latin-1-only string (a slice would keep its two-byte parent). */
function oneByteCopy(s: string): string {
  return Buffer.from(s, "latin1").toString("latin1");
}

/** Short wide runs (the marker's `…`) are shared: one string instead of one per output. */
const shared = new Map<string, string>();

/** A fresh copy of a wide run (a long slice would keep its whole parent alive). */
function wideCopy(s: string): string {
  if (s.length > 4) return Buffer.from(s, "utf16le").toString("utf16le");
  const known = shared.get(s);
  if (known !== undefined) return known;
  if (shared.size < 256) shared.set(s, s);
  return s;
}

const WIDE = /[^\u0000-\u00ff]+/g;

/**
 * The output as Latin-1 runs and the wide runs between them, or null when packing would not
 * save memory: short, already Latin-1 only (V8 then stores it at one byte), or mostly wide.
 */
export function packText(text: string): string[] | null {
  if (text.length < PACK_MIN_CHARS) return null;
  const pieces: string[] = [];
  let wide = 0;
  let at = 0;
  for (const m of text.matchAll(WIDE)) {
    const start = m.index;
    if (start > at) pieces.push(oneByteCopy(text.slice(at, start)));
    pieces.push(wideCopy(m[0]));
    wide += m[0].length;
    at = start + m[0].length;
  }
  if (wide === 0 || wide * 4 > text.length) return null;
  if (at < text.length) pieces.push(oneByteCopy(text.slice(at)));
  return pieces;
}

function getOutput(this: Packed): string {
  return this[PIECES].join("");
}

function setOutput(this: Packed, value: OutputItem["output"]): void {
  // A writer gets what it wrote back, as a plain property again: rare, and always correct.
  delete (this as Partial<Packed>)[PIECES];
  Object.defineProperty(this, "output", {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

const OUTPUT: PropertyDescriptor = {
  get: getOutput,
  set: setOutput,
  enumerable: true,
  configurable: true,
};

/**
 * The item to keep in the history: a tool output item whose output string is worth packing
 * becomes a packed copy (same keys in the same order, `output` read back on access); anything
 * else is returned as it is.
 */
export function packHistoryItem(item: ResponseItem): ResponseItem {
  if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") return item;
  if (typeof item.output !== "string" || PIECES in item) return item;
  const pieces = packText(item.output);
  if (pieces === null) return item;
  const packed = {} as Packed;
  for (const key of Object.keys(item) as Array<keyof OutputItem>) {
    if (key === "output") Object.defineProperty(packed, "output", OUTPUT);
    else (packed as Record<string, unknown>)[key] = item[key];
  }
  Object.defineProperty(packed, PIECES, { value: pieces, writable: true, configurable: true });
  return packed;
}

/** Whether `item` keeps its output packed (tests, diagnostics). */
export function isPacked(item: ResponseItem): boolean {
  return PIECES in item;
}

/** The stored pieces of a packed item (tests: each Latin-1 piece must be a one-byte string). */
export function packedPieces(item: ResponseItem): readonly string[] {
  return (item as Partial<Packed>)[PIECES] ?? [];
}
