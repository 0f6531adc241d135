import { describe, expect, it } from "vitest";
import { HeadTailBuffer, capturedFromText } from "./output-buffer.js";
import { formatShellToolOutput, formatUnifiedExecReply, truncateForModel } from "./truncate.js";

function seq(n: number): string {
  let out = "";
  for (let i = 1; i <= n; i++) out += `${i}\n`;
  return out;
}

describe("truncateForModel", () => {
  it("reproduces the reference truncation of `seq 1 40000` byte for byte", () => {
    const text = seq(40000);
    expect(Buffer.byteLength(text)).toBe(228_894);
    const result = truncateForModel(capturedFromText(text), 10_000);
    expect(result.originalTokenCount).toBe(57_224);
    const expected =
      "Warning: truncated output (original token count: 57224)\nTotal output lines: 40000\n\n" +
      text.slice(0, 20_000) +
      "…47224 tokens truncated…" +
      text.slice(-20_000);
    expect(result.text).toBe(expected);
    expect(result.text).toContain("42…47224 tokens truncated…7");
  });

  it("gives the same text from a bounded capture that dropped the middle", () => {
    const text = seq(40000);
    const buffer = new HeadTailBuffer(64 * 1024);
    buffer.push(Buffer.from(text));
    expect(buffer.omittedBytes).toBeGreaterThan(0);
    expect(truncateForModel(buffer.snapshot(), 10_000).text).toBe(
      truncateForModel(capturedFromText(text), 10_000).text,
    );
  });

  it("leaves output within budget alone and counts tokens as ceil(bytes/4)", () => {
    expect(truncateForModel(capturedFromText("A\n"), 10_000)).toEqual({
      text: "A\n",
      originalTokenCount: 1,
      truncated: false,
    });
    expect(truncateForModel(capturedFromText(""), 10_000).originalTokenCount).toBe(0);
  });

  it("cuts on character boundaries", () => {
    // 30 bytes against a budget of 8: 4 bytes per side hold one 3-byte character each.
    const result = truncateForModel(capturedFromText("€".repeat(10)), 2);
    expect(result.text).toBe(
      "Warning: truncated output (original token count: 8)\nTotal output lines: 1\n\n" +
        "€…6 tokens truncated…€",
    );
  });
});

describe("formatUnifiedExecReply", () => {
  it("renders the exited and running forms", () => {
    const output = truncateForModel(capturedFromText("hi\n"), 10_000);
    expect(
      formatUnifiedExecReply({
        chunkId: "105df7",
        wallTimeMs: 0,
        exitCode: 3,
        sessionId: null,
        output,
      }),
    ).toBe(
      "Chunk ID: 105df7\nWall time: 0.0000 seconds\nProcess exited with code 3\nOriginal token count: 1\nOutput:\nhi\n",
    );
    expect(
      formatUnifiedExecReply({
        chunkId: "74b643",
        wallTimeMs: 301.53,
        exitCode: null,
        sessionId: 53315,
        output,
      }),
    ).toBe(
      "Chunk ID: 74b643\nWall time: 0.3015 seconds\nProcess running with session ID 53315\nOriginal token count: 1\nOutput:\nhi\n",
    );
  });
});

describe("formatShellToolOutput", () => {
  it("is JSON with exit code and one-decimal duration", () => {
    const out = formatShellToolOutput({
      output: capturedFromText("hi\n"),
      exitCode: 0,
      durationMs: 1234,
      timedOut: false,
    });
    expect(out).toBe('{"output":"hi\\n","metadata":{"exit_code":0,"duration_seconds":1.2}}');
    expect(JSON.parse(out)).toEqual({
      output: "hi\n",
      metadata: { exit_code: 0, duration_seconds: 1.2 },
    });
  });

  it("prefixes a timed-out command (seed T5)", () => {
    const out = formatShellToolOutput({
      output: capturedFromText("Command output"),
      exitCode: 124,
      durationMs: 1000,
      timedOut: true,
    });
    expect(JSON.parse(out).output).toBe(
      "command timed out after 1000 milliseconds\nCommand output",
    );
  });

  it("keeps 128 head and 128 tail lines of long output", () => {
    const text = seq(1000);
    const parsed = JSON.parse(
      formatShellToolOutput({
        output: capturedFromText(text),
        exitCode: 0,
        durationMs: 0,
        timedOut: false,
      }),
    ) as { output: string };
    expect(parsed.output).toBe(
      "Total output lines: 1000\n\n" +
        seq(128) +
        "\n[... omitted 744 of 1000 lines ...]\n\n" +
        text.split("\n").slice(872, 1000).join("\n") +
        "\n",
    );
  });
});
