// A finished turn keeps its items as one JSON text, and every reader still gets the same items.
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import type { ThreadItem } from "../protocol/index.js";
import { appendItem, isStored, storeFinishedItems, storedText } from "./turn-items.js";
import { threadObject, turnObject, type ThreadInfo, type TurnRecord } from "./v2.js";

/** Whether V8 keeps `s` at one byte per character (its serializer's string tag). */
function isOneByte(s: string): boolean {
  const bytes = serialize(s);
  let i = 2;
  while (bytes[i] === 0x00) i++;
  return bytes[i] === 0x22;
}

function command(n: number): ThreadItem {
  return {
    type: "commandExecution",
    id: `call_${n}`,
    command: `/bin/bash -lc "yes 'soak output line' | head -c ${n * 1024}"`,
    cwd: "/work",
    processId: null,
    status: "completed",
    commandActions: [{ type: "unknown", command: `yes 'soak output line' | head -c ${n * 1024}` }],
    aggregatedOutput: null,
    exitCode: 0,
    durationMs: 12,
  } as unknown as ThreadItem;
}

function turnWith(items: ThreadItem[]): TurnRecord {
  return {
    id: "turn-1",
    items,
    status: "completed",
    error: null,
    startedAt: 1,
    completedAt: 2,
    durationMs: 1000,
  };
}

const info: ThreadInfo = {
  id: "thread-1",
  cwd: "/work",
  preview: "",
  ephemeral: false,
  forkedFromId: null,
  modelProvider: "mock",
  model: "m",
  reasoningEffort: null,
  createdAt: 1,
  updatedAt: 2,
  path: null,
  originator: null,
  source: "vscode",
  name: null,
};

describe("storeFinishedItems", () => {
  it("keeps the items as one-byte text and reads them back as they were", () => {
    const items = [
      { type: "userMessage", id: "u", content: [{ type: "text", text: "run it" }] },
      ...Array.from({ length: 50 }, (_, i) => command(i)),
      { type: "agentMessage", id: "a", text: "done" },
    ] as unknown as ThreadItem[];
    const plain = turnWith(structuredClone(items));
    const turn = turnWith(structuredClone(items));
    storeFinishedItems(turn);

    expect(isStored(turn)).toBe(true);
    // One one-byte string, much smaller than the items' JSON (their keys repeat).
    const stored = storedText(turn)!;
    expect(isOneByte(stored)).toBe(true);
    expect(stored.length * 4).toBeLessThan(JSON.stringify(items).length);
    // What thread/read, thread/turns/list and thread/items/list build from the turn.
    expect(turn.items).toEqual(items);
    expect(Object.keys(turn)).toEqual(Object.keys(plain));
    expect(JSON.stringify(turnObject(turn, "full"))).toBe(
      JSON.stringify(turnObject(plain, "full")),
    );
    expect(JSON.stringify(turnObject(turn, "summary"))).toBe(
      JSON.stringify(turnObject(plain, "summary")),
    );
    expect(JSON.stringify(threadObject(info, { type: "idle" }, [turn]))).toBe(
      JSON.stringify(threadObject(info, { type: "idle" }, [plain])),
    );
    // Each read is a fresh copy: a client's answer cannot change what the thread keeps.
    (turn.items[0] as { id: string }).id = "changed";
    expect(turn.items[0]).toEqual(items[0]);
  });

  it("keeps text with wide characters one-byte and reads it back", () => {
    const long = `${"x".repeat(1000)}…${"y".repeat(1000)} 漢字 😀`;
    const turn = turnWith([{ type: "agentMessage", id: "a", text: long } as unknown as ThreadItem]);
    storeFinishedItems(turn);
    expect(isOneByte(storedText(turn)!)).toBe(true);
    expect(turn.items).toEqual([{ type: "agentMessage", id: "a", text: long }]);
  });

  it("takes an item completed after the turn ended", () => {
    const turn = turnWith([command(1)]);
    storeFinishedItems(turn);
    appendItem(turn, command(2));
    expect(turn.items).toEqual([command(1), command(2)]);
    expect(isStored(turn)).toBe(false);
    // A running turn's array is appended in place.
    const running = turnWith([]);
    const array = running.items;
    appendItem(running, command(3));
    expect(running.items).toBe(array);
    expect(array).toEqual([command(3)]);
  });
});
