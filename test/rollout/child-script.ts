// Bundles a TypeScript entry into a plain .mjs so a test can run it as a real child process.
import { build } from "esbuild";
import path from "node:path";

export async function bundleChildScript(entry: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${path.basename(entry, ".ts")}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "error",
  });
  return outfile;
}
