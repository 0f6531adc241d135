import { describe, expect, it } from "vitest";
import { HeadTailBuffer, capturedFromText } from "./output-buffer.js";

describe("HeadTailBuffer", () => {
  it("keeps everything while under capacity, across many small pushes", () => {
    const buffer = new HeadTailBuffer(64);
    for (const part of ["ab", "c\n", "de", "\nf"]) buffer.push(Buffer.from(part));
    const snap = buffer.snapshot();
    expect(snap.text).toBe("abc\nde\nf");
    expect(snap.omittedBytes).toBe(0);
    expect(snap.totalBytes).toBe(8);
    expect(snap.totalLines).toBe(3);
  });

  it("keeps the first and last half of its capacity and counts the rest", () => {
    const buffer = new HeadTailBuffer(10);
    const input = "0123456789abcdefghij\n";
    for (const ch of input) buffer.push(Buffer.from(ch));
    const snap = buffer.snapshot();
    expect(snap.head).toBe("01234");
    expect(snap.tail).toBe("ghij\n".slice(-5));
    expect(snap.omittedBytes).toBe(input.length - 10);
    expect(snap.totalBytes).toBe(input.length);
    expect(snap.totalLines).toBe(1);
  });

  it("handles one chunk larger than the whole capacity", () => {
    const buffer = new HeadTailBuffer(8);
    buffer.push(Buffer.from("abcdefghijklmnopqrstuvwxyz"));
    const snap = buffer.snapshot();
    expect([snap.head, snap.tail]).toEqual(["abcd", "wxyz"]);
  });

  it("wraps the tail ring correctly over uneven chunk sizes", () => {
    const buffer = new HeadTailBuffer(14);
    let all = "";
    for (let i = 0; i < 50; i++) {
      const part = String(i).repeat((i % 4) + 1);
      all += part;
      buffer.push(Buffer.from(part));
    }
    const snap = buffer.snapshot();
    expect(snap.head).toBe(all.slice(0, 7));
    expect(snap.tail).toBe(all.slice(-7));
  });

  it("never splits a multi-byte character at the head or tail cut", () => {
    // "é" is 2 bytes, "€" 3 bytes: cuts fall inside characters on both sides.
    const buffer = new HeadTailBuffer(8);
    buffer.push(Buffer.from("aéé€€€€€éb"));
    const snap = buffer.snapshot();
    expect(snap.head).toBe("aé");
    expect(snap.tail).toBe("éb");
    expect(snap.text).not.toContain("\uFFFD");
  });

  it("decodes invalid bytes as U+FFFD and multi-byte characters split across pushes", () => {
    const buffer = new HeadTailBuffer(64);
    const euro = Buffer.from("€");
    buffer.push(Buffer.from([0xff, 0x20]));
    buffer.push(euro.subarray(0, 1));
    buffer.push(euro.subarray(1));
    expect(buffer.snapshot().text).toBe("\uFFFD €");
  });

  it("take() hands out the output and starts over", () => {
    const buffer = new HeadTailBuffer(16);
    buffer.push(Buffer.from("one\n"));
    expect(buffer.take().text).toBe("one\n");
    buffer.push(Buffer.from("two"));
    expect(buffer.snapshot()).toMatchObject({ text: "two", totalLines: 1, totalBytes: 3 });
  });
});

describe("capturedFromText", () => {
  it("counts lines like str::lines()", () => {
    expect(capturedFromText("").totalLines).toBe(0);
    expect(capturedFromText("a").totalLines).toBe(1);
    expect(capturedFromText("a\n").totalLines).toBe(1);
    expect(capturedFromText("a\nb").totalLines).toBe(2);
    expect(capturedFromText("é").totalBytes).toBe(2);
  });
});
