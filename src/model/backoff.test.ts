import { describe, expect, it } from "vitest";
import { backoffMs, sleepUnlessAborted } from "./backoff.js";
import { ModelError } from "./errors.js";

describe("backoffMs", () => {
  it("doubles from 200 ms with at most ±10 % jitter", () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const nominal = 200 * 2 ** attempt;
      for (let i = 0; i < 50; i++) {
        const ms = backoffMs(attempt);
        expect(ms).toBeGreaterThanOrEqual(Math.floor(nominal * 0.9));
        expect(ms).toBeLessThanOrEqual(Math.ceil(nominal * 1.1));
      }
    }
  });

  it("takes a custom base", () => {
    expect(backoffMs(3, 1)).toBeGreaterThanOrEqual(7);
    expect(backoffMs(3, 1)).toBeLessThanOrEqual(9);
  });
});

describe("sleepUnlessAborted", () => {
  it("rejects with an interrupted ModelError when aborted mid-sleep", async () => {
    const controller = new AbortController();
    const sleeping = sleepUnlessAborted(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toSatisfy(
      (e) => e instanceof ModelError && e.kind === "interrupted",
    );
  });

  it("resolves after the delay when not aborted", async () => {
    await expect(sleepUnlessAborted(1, new AbortController().signal)).resolves.toBeUndefined();
  });
});
