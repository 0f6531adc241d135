import { describe, it, expect } from "vitest";
import { parseRollout } from "./reader.js";

const meta = JSON.stringify({
  timestamp: "2025-01-01T00:00:00.000Z",
  type: "session_meta",
  payload: {
    id: "abc",
    timestamp: "2025-01-01T00:00:00.000Z",
    cwd: "/w",
    originator: "o",
    cli_version: "1",
    source: "exec",
  },
});
const msg = (text: string) =>
  JSON.stringify({
    timestamp: "2025-01-01T00:00:01.000Z",
    type: "response_item",
    payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
  });

describe("parseRollout", () => {
  it("reads meta and items in order", () => {
    const r = parseRollout(`${meta}\n${msg("a")}\n${msg("b")}\n`);
    expect(r.meta?.id).toBe("abc");
    expect(r.items.map((i) => i.type)).toEqual(["session_meta", "response_item", "response_item"]);
    expect(r.errors).toEqual([]);
    expect(r.tornTail).toBe(false);
  });

  it("skips an unterminated, unparseable last line silently", () => {
    const r = parseRollout(`${meta}\n${msg("a")}\n${msg("b").slice(0, 30)}`);
    expect(r.items).toHaveLength(2);
    expect(r.errors).toEqual([]);
    expect(r.tornTail).toBe(true);
  });

  it("keeps a valid last line that only lacks its newline", () => {
    const r = parseRollout(`${meta}\n${msg("a")}`);
    expect(r.items).toHaveLength(2);
    expect(r.tornTail).toBe(false);
  });

  it("reports bad lines elsewhere with their line numbers", () => {
    const r = parseRollout(`${meta}\n{oops\n[1]\n{"type":"event_msg","payload":{}}\n${msg("a")}\n`);
    expect(r.items).toHaveLength(2);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errors[0]?.message).toMatch(/not valid JSON/);
    expect(r.errors[2]?.message).toMatch(/payload has no "type"/);
  });

  it("counts lines of unknown kinds without failing", () => {
    const r = parseRollout(`${meta}\n{"type":"world_state","payload":{}}\n${msg("a")}\n`);
    expect(r.unknownLines).toBe(1);
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(2);
  });

  it("ignores blank lines", () => {
    const r = parseRollout(`${meta}\n\n${msg("a")}\n\n`);
    expect(r.items).toHaveLength(2);
    expect(r.errors).toEqual([]);
  });
});
