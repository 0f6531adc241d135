import { describe, expect, it } from "vitest";
import { isLoopback } from "./loopback.js";

describe("isLoopback", () => {
  it("knows this machine's names and addresses, and nothing else", () => {
    for (const host of ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"])
      expect(isLoopback(host)).toBe(true);
    for (const host of ["0.0.0.0", "10.0.0.1", "127.evil.com", "localhost.example", "::", "[::]"])
      expect(isLoopback(host)).toBe(false);
  });
});
