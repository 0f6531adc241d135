// The history keeps truncated tool outputs as one-byte strings, and nothing that reads an item
// (the request body, the rollout, spreads, equality) can tell.
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../protocol/index.js";
import { isPacked, packHistoryItem, packText, packedOf, unpackText } from "./history-pack.js";
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

  it("keeps a truncated command output as one one-byte string, read back unchanged", () => {
    const output = truncatedReply(40);
    expect(output).toContain("tokens truncated…");
    expect(isOneByte(output)).toBe(false); // what the history held before
    const item: ResponseItem = { type: "function_call_output", call_id: "call_1", output };
    const packed = packHistoryItem(item);

    expect(isPacked(packed)).toBe(true);
    // Stored at one byte per character: the marker's ellipses stand in as U+0001.
    const stored = packedOf(packed)!;
    expect(stored.codec).toBe("ellipsis");
    expect(isOneByte(stored.data)).toBe(true);
    expect(stored.data.length).toBe(output.length);

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

  it("round-trips other wide characters and surrogate pairs exactly, as UTF-8 bytes", () => {
    const text = `${"a".repeat(600)}…${"b".repeat(300)}😀😀${"c".repeat(300)}üé\u0000\u00ff─`;
    const packed = packText(text);
    expect(packed?.codec).toBe("utf8");
    expect(isOneByte(packed!.data)).toBe(true);
    expect(packed!.data.length).toBe(Buffer.byteLength(text, "utf8"));
    expect(unpackText(packed!)).toBe(text);
    const item = packHistoryItem({ type: "function_call_output", call_id: "u", output: text });
    expect(packedOf(item)?.codec).toBe("utf8");
    expect(item.type === "function_call_output" && item.output).toBe(text);
    expect(JSON.parse(JSON.stringify(item))).toEqual({
      type: "function_call_output",
      call_id: "u",
      output: text,
    });
  });

  it("a text holding U+0001 itself is not marked with it", () => {
    const text = `${"a".repeat(600)}\u0001…${"b".repeat(10)}\u0001`;
    const packed = packText(text);
    expect(packed?.codec).toBe("utf8");
    expect(unpackText(packed!)).toBe(text);
  });

  it("leaves a lone surrogate as it is: UTF-8 could not carry it back", () => {
    const text = `${"a".repeat(600)}…\ud800${"b".repeat(10)}`;
    expect(packText(text)).toBeNull();
    const item: ResponseItem = { type: "function_call_output", call_id: "s", output: text };
    expect(packHistoryItem(item)).toBe(item);
  });

  it("keeps tool calls as they are, names included", () => {
    const calls: ResponseItem[] = [
      { type: "function_call", name: "exec_command", arguments: "{}", call_id: "a" },
      { type: "custom_tool_call", name: "apply_patch", input: "*** Begin Patch", call_id: "b" },
    ];
    for (const call of calls) {
      const before = JSON.stringify(call);
      expect(packHistoryItem(call)).toBe(call);
      expect(JSON.stringify(call)).toBe(before);
    }
  });
});
