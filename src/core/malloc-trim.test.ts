// The malloc-trim addon is built at install where a C compiler exists (scripts/build-native.mjs);
// on glibc it must really hand free C-heap memory back. Assertions follow what this host offers.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { mallocTrimAddonPath, trimMalloc } from "./malloc-trim.js";

const glibc =
  process.platform === "linux" &&
  Boolean(
    (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
      ?.glibcVersionRuntime,
  );
const hasCompiler = ["cc", "gcc", "clang"].some((cc) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cc}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gcFunction(): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  setFlagsFromString("--no-expose-gc");
  return gc;
}

describe("trimMalloc", () => {
  if (glibc && hasCompiler) {
    it("releases freed C-heap memory on this glibc host with a C compiler", async () => {
      expect(mallocTrimAddonPath()).toBeDefined();
      const gc = gcFunction();
      trimMalloc(); // start from a trimmed heap
      // 30 MB of 96 KB buffers: under glibc's mmap threshold, so they come from the heap; a
      // small allocation after them keeps the heap's top in use, so free() alone returns nothing.
      const buffers: Buffer[] = [];
      for (let i = 0; i < 320; i++) buffers.push(Buffer.alloc(96 * 1024, 1));
      const pin = Buffer.alloc(64 * 1024, 2);
      buffers.length = 0;
      const inUse = () => process.memoryUsage().arrayBuffers;
      for (let i = 0; i < 50 && inUse() > 20 * 2 ** 20; i++) {
        gc();
        await sleep(20); // backing stores are freed after the collection, off the main thread
      }
      expect(inUse()).toBeLessThan(20 * 2 ** 20);
      expect(trimMalloc()).toBe(true);
      expect(pin[0]).toBe(2);
    });

    it("fixes glibc's mmap and trim thresholds (mallopt accepts both)", () => {
      const path = mallocTrimAddonPath();
      if (!path) throw new Error("the malloc-trim addon was not built");
      const addon = createRequire(import.meta.url)(path) as {
        fixThresholds(): boolean;
        thresholds(): [number, number];
      };
      expect(addon.fixThresholds()).toBe(true);
      // Blocks over 256 KB are mmapped. A free arena top over 128 KB goes back to the system:
      // trim() cannot shrink the V8 workers' arenas from the top, and at 1 MB they kept ~1 MB
      // each after a long session (bench/README.md, third memory pass).
      expect(addon.thresholds()).toEqual([256 * 1024, 128 * 1024]);
    });
  } else {
    it(`is a no-op on this host (${glibc ? "no C compiler" : "not glibc Linux"})`, () => {
      if (!mallocTrimAddonPath()) expect(trimMalloc()).toBeUndefined();
      else expect(typeof trimMalloc()).toBe("boolean");
    });
  }
});
