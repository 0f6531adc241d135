// Keeps the session history's big tool outputs as one-byte strings, and its tool names shared.
//
// V8 stores a string with even one character above U+00FF at two bytes per character. Every
// truncated command output carries Codex's `…N tokens truncated…` marker (U+2026), so the
// history held each such output at twice its size: over a long session the history's largest
// cost in memory (2,000 outputs: 4.8 MB for 2.4 MB of text). A packed item keeps its output as
// one string of one-byte characters (see `PackedText`) and its `output` is an enumerable
// accessor that reads it back, so readers, spreads and `JSON.stringify` (the request body, the
// rollout) see the very same string. One string per output, rather than Latin-1 runs and the
// wide runs between them, also saves the pieces' array and string headers (~200 bytes each).
//
// Tool names come from the model's stream as a new string per call ("exec_command" 2,000 times
// over a long session); history items share one copy of each instead.
import type { ResponseItem } from "../protocol/index.js";

/** Outputs shorter than this are left alone (the saving would not pay for the accessor). */
export const PACK_MIN_CHARS = 512;

/** Where a packed item keeps its output, by how it was packed (see `PackedText`). */
const STORED = { ellipsis: Symbol("ellipsisPacked"), utf8: Symbol("utf8Packed") } as const;

type OutputItem = Extract<
  ResponseItem,
  { type: "function_call_output" | "custom_tool_call_output" }
>;
type Packed = OutputItem & { [STORED.ellipsis]?: string; [STORED.utf8]?: string };

/**
 * A packed text, one-byte either way:
 * - `ellipsis`: the text's only wide character is `…` (every truncated command output), held
 *   as U+0001 in its place; read back with one `replaceAll` (faster than joining pieces);
 * - `utf8`: any other text, as its UTF-8 bytes, one character per byte; read back by decoding
 *   (~4× the cost of the first: 2,000 outputs take ~3 ms more per request).
 */
export interface PackedText {
  codec: keyof typeof STORED;
  data: string;
}

const WIDE = /[^\u0000-\u00ff]/;
const ELLIPSIS = "\u2026";
const STAND_IN = "\u0001";

/** Whether every surrogate is paired: only then does the text survive a trip through UTF-8. */
function wellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A fresh one-byte copy of a Latin-1-only string (V8 may keep a replaced string two-byte). */
function oneByteCopy(s: string): string {
  return Buffer.from(s, "latin1").toString("latin1");
}

/**
 * The text packed to one byte per character, or null when that would not save memory: short,
 * Latin-1 only (V8 already stores it at one byte), mostly wide (CJK takes three bytes in UTF-8
 * and two in V8), or holding a lone surrogate (UTF-8 cannot carry it).
 */
export function packText(text: string): PackedText | null {
  if (text.length < PACK_MIN_CHARS || !WIDE.test(text)) return null;
  if (!text.includes(STAND_IN)) {
    const marked = text.replaceAll(ELLIPSIS, STAND_IN);
    if (!WIDE.test(marked)) return { codec: "ellipsis", data: oneByteCopy(marked) };
  }
  if (!wellFormed(text)) return null;
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length >= text.length * 2) return null;
  return { codec: "utf8", data: bytes.toString("latin1") };
}

const UNPACK: Record<PackedText["codec"], (data: string) => string> = {
  ellipsis: (data) => data.replaceAll(STAND_IN, ELLIPSIS),
  utf8: (data) => Buffer.from(data, "latin1").toString("utf8"),
};

/** The text `packText` packed. */
export function unpackText(packed: PackedText): string {
  return UNPACK[packed.codec](packed.data);
}

function setOutput(this: Packed, value: OutputItem["output"]): void {
  // A writer gets what it wrote back, as a plain property again: rare, and always correct.
  delete this[STORED.ellipsis];
  delete this[STORED.utf8];
  Object.defineProperty(this, "output", {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** The `output` accessor of an item packed with `codec`. */
function outputAccessor(codec: PackedText["codec"]): PropertyDescriptor {
  const key = STORED[codec];
  const unpack = UNPACK[codec];
  return {
    get(this: Packed): string {
      return unpack(this[key]!);
    },
    set: setOutput,
    enumerable: true,
    configurable: true,
  };
}

const OUTPUT = { ellipsis: outputAccessor("ellipsis"), utf8: outputAccessor("utf8") };

/** One copy of each tool name; bounded, since names come from the model. */
const names = new Map<string, string>();
const MAX_NAMES = 512;

function sharedName(name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size < MAX_NAMES && name.length <= 128) names.set(name, name);
  return name;
}

/**
 * The item to keep in the history: a tool output item whose output string is worth packing
 * becomes a packed copy (same keys in the same order, `output` read back on access); a tool
 * call's name becomes the shared copy of that name (the same value, so the item is reused);
 * anything else is returned as it is.
 */
export function packHistoryItem(item: ResponseItem): ResponseItem {
  if (item.type === "function_call" || item.type === "custom_tool_call") {
    item.name = sharedName(item.name);
    return item;
  }
  if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") return item;
  if (typeof item.output !== "string" || isPacked(item)) return item;
  const packed = packText(item.output);
  if (packed === null) return item;
  const copy = {} as Packed;
  for (const key of Object.keys(item) as Array<keyof OutputItem>) {
    if (key === "output") Object.defineProperty(copy, "output", OUTPUT[packed.codec]);
    else (copy as Record<string, unknown>)[key] = item[key];
  }
  Object.defineProperty(copy, STORED[packed.codec], {
    value: packed.data,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** Whether `item` keeps its output packed (tests, diagnostics). */
export function isPacked(item: ResponseItem): boolean {
  return STORED.ellipsis in item || STORED.utf8 in item;
}

/** How a packed item keeps its output (tests). */
export function packedOf(item: ResponseItem): PackedText | undefined {
  const p = item as Packed;
  const ellipsis = p[STORED.ellipsis];
  if (ellipsis !== undefined) return { codec: "ellipsis", data: ellipsis };
  const utf8 = p[STORED.utf8];
  return utf8 === undefined ? undefined : { codec: "utf8", data: utf8 };
}
