// Hands the C heap's free memory back to the system: glibc's malloc_trim(0), through the small
// Node-API addon in native/malloc-trim (built at install with the sandbox helper). Big transient
// buffers (request bodies the size of the history, file writes, pipe reads) leave freed space in
// the malloc heap that glibc keeps resident while anything above it lives; after a 5 MB paste and
// 20 turns that was 15-45 MB of an idle app-server. Loading the addon also fixes glibc's mmap and
// trim thresholds, so from then on big blocks are unmapped when freed instead of piling up in the
// heap and the per-thread arenas. Without the addon (no compiler at install, not Linux, not
// glibc) this does nothing.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ADDON = join("native", "build", "malloc-trim.node");

interface MallocTrimAddon {
  trim(): boolean;
  fixThresholds?(): boolean;
}

let addon: MallocTrimAddon | null | undefined;

/** `native/build/malloc-trim.node` of this package, from both src/ and a bundled dist/. */
export function mallocTrimAddonPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, ADDON);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function load(): MallocTrimAddon | null {
  if (addon !== undefined) return addon;
  addon = null;
  const path = mallocTrimAddonPath();
  if (!path) return addon;
  try {
    const loaded = createRequire(import.meta.url)(path) as Partial<MallocTrimAddon>;
    if (typeof loaded.trim === "function") addon = loaded as MallocTrimAddon;
    // From the first trim on, big blocks bypass the heap (see the addon).
    addon?.fixThresholds?.();
  } catch {
    // A stale or foreign build (another architecture, another libc): keep the memory instead.
  }
  return addon;
}

/**
 * Releases free malloc memory to the system. Returns whether anything was released, or
 * `undefined` when the addon is not available here.
 */
export function trimMalloc(): boolean | undefined {
  const a = load();
  return a ? a.trim() : undefined;
}
