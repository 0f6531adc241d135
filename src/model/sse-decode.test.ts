// The SSE decoder keeps the openai SDK decoder's semantics (the Responses path used it before).
import { describe, expect, it } from "vitest";
import { ModelError } from "./errors.js";
import { sseJson, sseMessages } from "./sse-decode.js";

async function* chunksOf(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("sseMessages", () => {
  it("splits on \\n, \\r\\n and \\r, also when a terminator is split across chunks", async () => {
    const messages = await collect(
      sseMessages(chunksOf("event: a\r", "\ndata: 1\r\n\r", "\ndata: 2\r\rdata: 3\n", "\n")),
    );
    expect(messages).toEqual([
      { event: "a", data: "1" },
      { event: null, data: "2" },
      { event: null, data: "3" },
    ]);
  });

  it("joins data lines with \\n, skips comments and other fields, strips one leading space", async () => {
    const messages = await collect(
      sseMessages(chunksOf(": keep-alive\n", "id: 7\nretry: 10\ndata:  x\ndata:y\ndata\n\n")),
    );
    expect(messages).toEqual([{ event: null, data: " x\ny\n" }]);
  });

  it("dispatches nothing for blank lines alone, and drops an event without its blank line", async () => {
    const messages = await collect(sseMessages(chunksOf("\n\n\r\n", "data: 1\n\n", "data: 2\n")));
    expect(messages).toEqual([{ event: null, data: "1" }]);
  });

  it("keeps a multi-byte character split by the decoder's caller intact", async () => {
    // The transport decodes UTF-8 across chunk boundaries; here the text arrives whole.
    const messages = await collect(sseMessages(chunksOf('data: {"t":"', 'héllo ✓"}\n\n')));
    expect(messages).toEqual([{ event: null, data: '{"t":"héllo ✓"}' }]);
  });
});

describe("sseJson", () => {
  it("yields parsed payloads and reads past [DONE] without yielding more", async () => {
    const payloads = await collect(
      sseJson(chunksOf('data: {"a":1}\n\n', "data: [DONE]\n\n", 'data: {"b":2}\n\n')),
    );
    expect(payloads).toEqual([{ a: 1 }]);
  });

  it("throws JSON.parse's SyntaxError for a malformed payload", async () => {
    await expect(collect(sseJson(chunksOf("data: {nope\n\n")))).rejects.toBeInstanceOf(SyntaxError);
  });

  it("turns a payload with an error member into the ModelError of a failed response", async () => {
    const quota = collect(
      sseJson(chunksOf('data: {"error":{"code":"insufficient_quota","message":"no"}}\n\n')),
    );
    await expect(quota).rejects.toMatchObject({ kind: "quota" });
    const other = collect(sseJson(chunksOf('data: {"error":"boom"}\n\n')));
    await expect(other).rejects.toBeInstanceOf(ModelError);
    await expect(other).rejects.toMatchObject({ kind: "retryable" });
  });
});
