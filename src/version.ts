declare const __CODEX_TS_VERSION__: string | undefined;

/** The package version; injected at build time, read from package.json when running from source. */
export const CLI_VERSION: string =
  typeof __CODEX_TS_VERSION__ === "string" ? __CODEX_TS_VERSION__ : "0.0.0-dev";
