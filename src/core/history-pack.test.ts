// The history keeps truncated tool outputs as one-byte strings, and nothing that reads an item
// (the request body, the rollout, spreads, equality) can tell.
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../protocol/index.js";
import { isPacked, packHistoryItem, packText, packedPieces } from "./history-pack.js";
import { formatUnifiedExecReply, truncateForModel } from "../exec/truncate.js";

/**
 * Whether V8 stores `s` at one byte per character: its value serializer writes a one-byte
 * string with tag `"` and a two-byte one with tag `c` (after optional padding bytes).
 */
function isOneByte(s: string): boolean {
  const bytes = serialize(s);
  let i = 2; // 0xFF and the format version
  while (bytes[i] === 0x00) i++; // padding before a two-byte string
  if (bytes[i] === 0x22) return true;
  if (bytes[i] === 0x63) return false;
  throw new Error(`unexpected V8 string tag ${bytes[i]}`);
}

/** An `exec_command` reply as the tool builds it: a big output cut around Codex's marker. */
function truncatedReply(kb: number): string {
  const text = "soak output line\n".repeat(Math.ceil((kb * 1024) / 17));
  const output = truncateForModel(
    { text, head: "", tail: "", totalBytes: text.length, totalLines: 0, omittedBytes: 0 },
    250,
  );
  return formatUnifiedExecReply({
    chunkId: "a1b2c3",
    wallTimeMs: 12,
    exitCode: 0,
    sessionId: null,
    output,
  });
}

describe("packHistoryItem", () => {
  it("the probe tells one-byte from two-byte strings", () => {
    expect(isOneByte("x".repeat(100))).toBe(true);
    expect(isOneByte(`${"x".repeat(100)}…`)).toBe(false);
    expect(isOneByte(`${"x".repeat(100)}é`)).toBe(true);
  });

  it("keeps a truncated command output in one-byte pieces, read back unchanged", () => {
    const output = truncatedReply(40);
    expect(output).toContain("tokens truncated…");
    expect(isOneByte(output)).toBe(false); // what the history held before
    const item: ResponseItem = { type: "function_call_output", call_id: "call_1", output };
    const packed = packHistoryItem(item);

    expect(isPacked(packed)).toBe(true);
    const pieces = packedPieces(packed);
    // Everything but the marker's two ellipses is stored at one byte per character.
    const wide = pieces.filter((p) => !isOneByte(p));
    expect(wide.join("")).toBe("……");
    expect(pieces.filter(isOneByte).reduce((n, p) => n + p.length, 0)).toBe(output.length - 2);

    // Readers see the same item: the value, the keys and their order, JSON, spreads, equality.
    expect(packed.type === "function_call_output" && packed.output).toBe(output);
    expect(Object.keys(packed)).toEqual(["type", "call_id", "output"]);
    expect(JSON.stringify(packed)).toBe(JSON.stringify(item));
    expect(JSON.stringify([packed, packed])).toBe(JSON.stringify([item, item]));
    expect({ ...packed }).toEqual(item);
    expect(packed).toEqual(item);
    expect(structuredClone(packed)).toEqual(item);
  });

  it("gives a writer back what it wrote", () => {
    const packed = packHistoryItem({
      type: "custom_tool_call_output",
      call_id: "c",
      output: truncatedReply(8),
    });
    expect(isPacked(packed)).toBe(true);
    (packed as { output: unknown }).output = [{ type: "input_text", text: "as content" }];
    expect(isPacked(packed)).toBe(false);
    expect(packed).toEqual({
      type: "custom_tool_call_output",
      call_id: "c",
      output: [{ type: "input_text", text: "as content" }],
    });
    (packed as { output: string }).output = "replaced";
    expect(JSON.stringify(packed)).toBe(
      '{"type":"custom_tool_call_output","call_id":"c","output":"replaced"}',
    );
  });

  it("leaves alone what would not shrink: short, Latin-1 only, mostly wide, or not text", () => {
    const same = (item: ResponseItem) => expect(packHistoryItem(item)).toBe(item);
    same({ type: "function_call_output", call_id: "a", output: "ok…" });
    same({ type: "function_call_output", call_id: "b", output: "é".repeat(4000) });
    same({ type: "function_call_output", call_id: "c", output: "漢字".repeat(2000) });
    same({
      type: "function_call_output",
      call_id: "d",
      output: [{ type: "input_text", text: `${"x".repeat(2000)}…` }],
    });
    same({
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "x…".repeat(999) }],
    });
  });

  it("splits around every wide run and keeps surrogate pairs whole", () => {
    const text = `${"a".repeat(600)}…${"b".repeat(300)}😀😀${"c".repeat(300)}ü`;
    const pieces = packText(text);
    expect(pieces).not.toBeNull();
    expect(pieces!.join("")).toBe(text);
    expect(pieces!.filter((p) => !isOneByte(p))).toEqual(["…", "😀😀"]);
  });
});
