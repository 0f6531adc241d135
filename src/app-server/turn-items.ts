// A loaded thread answers `thread/read`, `thread/turns/list` and `thread/items/list` from the
// items its turns completed. A finished turn's items no longer change, so they are kept as one
// deflated JSON text (held as a one-byte string) instead of thousands of small objects, and
// inflated and parsed again when a client asks for them (a few ms for a 2,000-command thread).
// Over a long session the item objects, their command strings and property arrays were, after
// the model history, most of what the server kept (tools soak: ~1.5 MB of objects, 0.77 MB as
// JSON text, ~0.1 MB deflated). Clients see the same JSON: the items were plain JSON values.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { ThreadItem } from "../protocol/index.js";
import type { TurnRecord } from "./v2.js";

const STORED = Symbol("storedItems");

type StoredTurn = TurnRecord & { [STORED]?: string };

function readStored(turn: StoredTurn): ThreadItem[] {
  const json = inflateRawSync(Buffer.from(turn[STORED]!, "latin1")).toString("utf8");
  return JSON.parse(json) as ThreadItem[];
}

/** Back to a plain array (an item completed after its turn ended). */
function unstore(turn: StoredTurn, items: ThreadItem[]): void {
  delete turn[STORED];
  Object.defineProperty(turn, "items", {
    value: items,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Keeps a finished turn's items as JSON text: `turn.items` then reads as a fresh array of the
 * same items on every access (same keys, same order), and assigning to it stores a plain array
 * again.
 */
export function storeFinishedItems(turn: TurnRecord): void {
  const t = turn as StoredTurn;
  if (t[STORED] !== undefined || turn.items.length === 0) return;
  const deflated = deflateRawSync(JSON.stringify(turn.items)).toString("latin1");
  Object.defineProperty(t, STORED, {
    value: deflated,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(t, "items", {
    get: () => readStored(t),
    set: (items: ThreadItem[]) => unstore(t, items),
    enumerable: true,
    configurable: true,
  });
}

/** Adds a completed item to its turn, whether the turn still runs or was already stored. */
export function appendItem(turn: TurnRecord, item: ThreadItem): void {
  const items = turn.items;
  items.push(item);
  turn.items = items;
}

/** Whether the turn keeps its items as text (tests). */
export function isStored(turn: TurnRecord): boolean {
  return (turn as StoredTurn)[STORED] !== undefined;
}

/** The stored (deflated) text, or undefined (tests). */
export function storedText(turn: TurnRecord): string | undefined {
  return (turn as StoredTurn)[STORED];
}
