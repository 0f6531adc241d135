import { describe, expect, it } from "vitest";
import { autoCompactLimit } from "./usage.js";

describe("autoCompactLimit", () => {
  it("uses the configured limit", () => {
    expect(autoCompactLimit(5000, 272_000)).toBe(5000);
  });
  it("defaults to 90% of the context window", () => {
    expect(autoCompactLimit(null, 272_000)).toBe(244_800);
  });
  it("never compacts when neither is known", () => {
    expect(autoCompactLimit(null, null)).toBeNull();
  });
});
