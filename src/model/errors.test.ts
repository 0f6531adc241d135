import { describe, expect, it } from "vitest";
import { networkReason, parseRetryAfter, retryDelayFromMessage } from "./errors.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads seconds, fractional seconds, retry-after-ms and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(
      250,
    );
    expect(
      parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now),
    ).toBe(30_000);
  });
  it("returns undefined when absent or unreadable", () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
  });
});

describe("retryDelayFromMessage", () => {
  it("finds 'try again in' delays in seconds and milliseconds", () => {
    expect(retryDelayFromMessage("Rate limit reached. Please try again in 1.5s.")).toBe(1500);
    expect(retryDelayFromMessage("Please try again in 300ms")).toBe(300);
    expect(retryDelayFromMessage("nothing here")).toBeUndefined();
  });
});

describe("networkReason", () => {
  it("follows fetch's cause chain to the socket error code", () => {
    const socket = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    const fetchError = new TypeError("fetch failed", { cause: socket });
    expect(networkReason(fetchError)).toBe("connection refused");
    expect(networkReason(new Error("weird", { cause: new Error("deep reason") }))).toBe(
      "deep reason",
    );
  });
});
