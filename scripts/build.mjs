// Bundles the CLI into dist/ with code splitting so each subcommand loads only what it needs.
import { build, transform } from "esbuild";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// Build beside dist/ and swap it in at the end: a failed build leaves the last good one in
// place, and processes already running from dist/ (tests, a shell) never see it half-written.
const out = `dist.tmp-${process.pid}`;
const esm = `dist.esm-${process.pid}`;
for (const dir of [out, esm]) rmSync(dir, { recursive: true, force: true });
process.on("exit", () => {
  for (const dir of [out, esm]) rmSync(dir, { recursive: true, force: true });
});

// zod re-exports every message locale (`z.locales`, ~370 KB of the ~760 KB it adds to the
// app-server's start-up). codex-ts only ever uses English, which zod installs itself from
// locales/en.js, so its locales index is replaced by one that exports `en` alone.
const englishOnlyZodLocales = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: `${args.resolveDir}/../locales/index.js`, namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: args.path.replace(/[\\/]index\.js$/, ""),
    }));
  },
};

const common = {
  bundle: true,
  plugins: [englishOnlyZodLocales],
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  define: { __CODEX_TS_VERSION__: JSON.stringify(pkg.version) },
  // Native addons and wasm loaders must stay resolvable from node_modules.
  external: ["@lydell/node-pty", "web-tree-sitter", "tree-sitter-bash", "react-devtools-core"],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};

// The CLI: esbuild splits it into ES module chunks so each subcommand loads only what it needs,
// then every chunk becomes a CommonJS script for src/cli/chunk-loader.ts, which compiles it
// with V8's code cache (Node 20 caches only classic scripts). Dynamic `import()` of a chunk
// becomes a `require()` the loader serves.
await build({
  ...common,
  banner: undefined,
  entryPoints: { "cli/main": "src/cli/main.ts" },
  outdir: esm,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await Promise.all(
  readdirSync(esm, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .map((f) => toCommonJs(f)),
);
writeFileSync(`${out}/package.json`, '{\n  "type": "commonjs"\n}\n');
// The entry bin/codex.js requires: V8 flags, `--version`, the chunk loader.
await build({
  ...common,
  banner: undefined,
  format: "cjs",
  entryPoints: { boot: "src/cli/boot.ts" },
  outdir: out,
});

/** Converts `esm/<file>` to CommonJS at `out/<file>`, its source map chained to the sources. */
async function toCommonJs(file) {
  const name = path.basename(file);
  const source = readFileSync(path.join(esm, file), "utf8");
  const map = readFileSync(path.join(esm, `${file}.map`));
  // esbuild reads an inline input map and maps its output through it to the TypeScript.
  const input = source.replace(
    `//# sourceMappingURL=${name}.map`,
    `//# sourceMappingURL=data:application/json;base64,${map.toString("base64")}`,
  );
  const result = await transform(input, {
    format: "cjs",
    platform: "node",
    target: "node20",
    loader: "js",
    sourcefile: name,
    sourcemap: "external",
    legalComments: "none",
    logLevel: "warning",
    supported: { "dynamic-import": false },
    define: { "import.meta.url": "__codex_meta_url" },
    // Plain CommonJS, so Node's own loader can run the chunks too (src/cli/boot.ts does with
    // --enable-source-maps): each chunk works out its own URL, the few that need it.
    banner: source.includes("import.meta.url")
      ? 'var __codex_meta_url = require("node:url").pathToFileURL(__filename).href;'
      : "",
  });
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  writeFileSync(path.join(out, file), `${result.code}//# sourceMappingURL=${name}.map\n`);
  writeFileSync(path.join(out, `${file}.map`), result.map);
}

// The mock model server, bundled so benchmarks can run it as a plain node process.
if (existsSync("test/mock-server/cli.ts")) {
  await build({
    ...common,
    entryPoints: { "mock-server": "test/mock-server/cli.ts" },
    outdir: out,
    outExtension: { ".js": ".mjs" },
  });
}

const old = `dist.old-${process.pid}`;
if (existsSync("dist")) renameSync("dist", old);
renameSync(out, "dist");
rmSync(old, { recursive: true, force: true });

// The Linux sandbox helper is compiled here too so a fresh checkout gets it with `npm run build`.
const native = !existsSync("scripts/build-native.mjs")
  ? { status: 0 }
  : spawnSync(process.execPath, ["scripts/build-native.mjs"], { stdio: "inherit" });
if (native.status !== 0 && native.status !== null) process.exit(native.status);
