import { describe, expect, it } from "vitest";
import { InputParser, isKey, type InputEvent, type KeyEvent } from "./keys.js";

function parse(...chunks: string[]): InputEvent[] {
  const out: InputEvent[] = [];
  const p = new InputParser((e) => out.push(e));
  for (const c of chunks) p.feed(c);
  p.flush();
  return out;
}

const names = (evs: InputEvent[]) =>
  evs.map((e) =>
    e.type === "key"
      ? `${e.ctrl ? "C-" : ""}${e.alt ? "M-" : ""}${e.shift && e.name.length > 1 ? "S-" : ""}${e.name}`
      : e.type === "paste"
        ? `paste(${e.text})`
        : `focus(${e.focused})`,
  );

describe("InputParser", () => {
  it("parses printable text, control keys and Enter", () => {
    expect(names(parse("ab\r"))).toEqual(["a", "b", "enter"]);
    expect(names(parse("\x01\x05\x0b\x15\x17\x7f\t"))).toEqual([
      "C-a",
      "C-e",
      "C-k",
      "C-u",
      "C-w",
      "backspace",
      "tab",
    ]);
    expect(names(parse("\n"))).toEqual(["C-j"]);
  });

  it("parses arrows, modifiers and tilde keys", () => {
    expect(names(parse("\x1b[A\x1b[1;5C\x1b[1;3D\x1b[3~\x1b[5~\x1bOH\x1b[Z"))).toEqual([
      "up",
      "C-right",
      "M-left",
      "delete",
      "pageup",
      "home",
      "S-tab",
    ]);
  });

  it("recognises Shift-Enter in the kitty and modifyOtherKeys forms", () => {
    const [a] = parse("\x1b[13;2u") as KeyEvent[];
    const [b] = parse("\x1b[27;2;13~") as KeyEvent[];
    expect(isKey(a!, "enter", { shift: true })).toBe(true);
    expect(isKey(b!, "enter", { shift: true })).toBe(true);
    expect(names(parse("\x1b[99;5u", "\x1b[27u"))).toEqual(["C-c", "escape"]);
  });

  it("treats Alt+letter as meta and a lone ESC as Escape", () => {
    expect(names(parse("\x1bb\x1bf\x1b\x7f"))).toEqual(["M-b", "M-f", "M-backspace"]);
    expect(names(parse("\x1b"))).toEqual(["escape"]);
  });

  it("assembles bracketed paste across chunks, normalising newlines", () => {
    expect(names(parse("\x1b[200~hel", "lo\r\nwor", "ld\x1b[2", "01~x"))).toEqual([
      "paste(hello\nworld)",
      "x",
    ]);
  });

  it("treats a multi-line burst without bracketed paste as a paste, but text+Enter as typing", () => {
    expect(names(parse("one\rtwo"))).toEqual(["paste(one\ntwo)"]);
    expect(names(parse("hi\r"))).toEqual(["h", "i", "enter"]);
  });

  it("reports focus changes", () => {
    expect(names(parse("\x1b[O\x1b[I"))).toEqual(["focus(false)", "focus(true)"]);
  });

  it("waits for the tail of a sequence cut between reads", () => {
    expect(names(parse("\x1b[", "B"))).toEqual(["down"]);
  });

  it("keeps astral characters whole", () => {
    expect(names(parse("😀é"))).toEqual(["😀", "é"]);
  });
});
