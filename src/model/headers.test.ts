import { describe, expect, it } from "vitest";
import { rateLimitsFromHeaders, userAgent } from "./headers.js";

describe("rateLimitsFromHeaders", () => {
  it("is null without x-codex headers", () => {
    expect(rateLimitsFromHeaders(new Headers({ "x-other": "1" }))).toBeNull();
  });
  it("turns reset-after-seconds into an absolute reset time", () => {
    const snapshot = rateLimitsFromHeaders(
      new Headers({
        "x-codex-secondary-used-percent": "80",
        "x-codex-secondary-reset-after-seconds": "60",
      }),
      1000,
    );
    expect(snapshot).toEqual({ primary: null, secondary: { used_percent: 80, resets_at: 1060 } });
  });
});

describe("userAgent", () => {
  it("is ASCII and names originator, version, os, arch and terminal", () => {
    const ua = userAgent("codex_exec", "1.2.3", { TERM: "xterm-256color" });
    expect(ua).toMatch(/^codex_exec\/1\.2\.3 \(.+; .+\) xterm-256color \(codex_exec; 1\.2\.3\)$/);
    expect(ua).toMatch(/^[\x20-\x7e]+$/);
  });
});
