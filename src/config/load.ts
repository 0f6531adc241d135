// Loading: read $CODEX_HOME/config.toml, pick the profile, apply `-c` overrides and flags, validate,
// resolve. Precedence: flags > -c > profile > file > defaults. Loading never writes anything.
import { join } from "node:path";
import type { AskForApproval, SandboxMode } from "../protocol/index.js";
import { ConfigError, configErrorAt, type ValueOrigin } from "./errors.js";
import { resolveCodexHome } from "./home.js";
import {
  Provenance,
  fileLayer,
  overrideLayer,
  readTomlFile,
  validateAt,
  type Layer,
  type TomlFile,
  type ValidateOptions,
} from "./layers.js";
import { OverrideSyntaxError, mergeTables, parseOverride } from "./overrides.js";
import { resolveConfig } from "./resolve.js";
import { configTomlCheck, profileCheck, type ConfigToml } from "./schema.js";
import type { Config } from "./types.js";

export { ConfigError } from "./errors.js";

/** What the command line says; every field is optional. */
export interface CliOverrides {
  model?: string;
  modelProvider?: string;
  profile?: string;
  sandboxMode?: SandboxMode;
  approvalPolicy?: AskForApproval;
  /** `-C/--cd`, resolved against the process cwd. */
  cwd?: string;
  oss?: boolean;
  fullAuto?: boolean;
  dangerouslyBypassApprovalsAndSandbox?: boolean;
  /** Each `-c key.path=value` argument, as given. */
  rawOverrides?: string[];
  baseInstructions?: string;
  developerInstructions?: string;
  /** Unknown keys are errors instead of warnings. */
  strictConfig?: boolean;
  /** Do not read config.toml at all. */
  ignoreUserConfig?: boolean;
  /** `--add-dir`: extra writable roots (relative to the session cwd) for workspace-write. */
  additionalWritableRoots?: string[];
}

export interface LoadOptions {
  cli: CliOverrides;
  env?: NodeJS.ProcessEnv;
  /** The process cwd (default `process.cwd()`). */
  cwd?: string;
  /** Defaults that differ per front-end (exec passes `approvalPolicy: "never"`). */
  defaults?: { approvalPolicy?: AskForApproval };
  /** Wins over everything, including flags (exec never asks). */
  forceApprovalPolicy?: AskForApproval;
}

export interface LoadedConfig {
  config: Config;
  /** One line each, ready to print (unknown keys, legacy spellings). */
  warnings: string[];
}

const PROFILE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function withoutProfileKeys(table: ConfigToml): Record<string, unknown> {
  const { profile: _profile, profiles: _profiles, ...rest } = table;
  return rest;
}

interface ProfileSelection {
  name: string;
  origin: ValueOrigin;
}

function selectProfile(
  cli: CliOverrides,
  overrides: { arg: string; table: ConfigToml }[],
  fileToml: ConfigToml,
  file: TomlFile | undefined,
  configPath: string,
): ProfileSelection | undefined {
  if (cli.profile !== undefined) return { name: cli.profile, origin: { flag: "--profile" } };
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (o?.table.profile !== undefined)
      return { name: o.table.profile, origin: { override: o.arg } };
  }
  if (fileToml.profile === undefined) return undefined;
  return {
    name: fileToml.profile,
    origin: file ? fileLayer(file, {}).origin(["profile"]) : { file: configPath },
  };
}

/** `$CODEX_HOME/NAME.config.toml`: a profile, v2 (what `-p NAME` means in Codex 0.169). */
export function profileV2Path(codexHome: string, name: string): string {
  return join(codexHome, `${name}.config.toml`);
}

/**
 * The layer for the selected profile. Profiles v2 first, as Codex 0.169: a whole
 * `$CODEX_HOME/NAME.config.toml` laid over config.toml. Otherwise the legacy `[profiles.NAME]`
 * table, which Codex no longer reads; we still do, with a one-line hint to migrate.
 */
function profileLayer(
  name: string,
  fileToml: ConfigToml,
  file: TomlFile | undefined,
  codexHome: string,
  vopts: ValidateOptions,
): Layer | undefined {
  if (PROFILE_FILE_NAME.test(name)) {
    const separate = readTomlFile(profileV2Path(codexHome, name));
    if (separate) {
      const origin = (p: readonly (string | number)[]) => fileLayer(separate, {}).origin(p);
      const table = validateAt(profileCheck, separate.raw, origin, vopts);
      return fileLayer(separate, table as Record<string, unknown>);
    }
  }
  const inline = fileToml.profiles?.[name];
  if (inline !== undefined && file !== undefined) {
    vopts.warnings.push(
      `profile \`${name}\` comes from [profiles.${name}] in ${file.file}, which Codex 0.169 no longer reads; move its keys to ${profileV2Path(codexHome, name)} (top level, no table header)`,
    );
    return fileLayer(file, inline as Record<string, unknown>, ["profiles", name]);
  }
  return undefined;
}

function profileNotFound(
  selection: ProfileSelection,
  fileToml: ConfigToml,
  configPath: string,
  codexHome: string,
): ConfigError {
  const { name } = selection;
  const legacy = Object.keys(fileToml.profiles ?? {}).sort();
  const hint = legacy.length > 0 ? ` (legacy profiles in config.toml: ${legacy.join(", ")})` : "";
  const where = PROFILE_FILE_NAME.test(name)
    ? `there is no ${profileV2Path(codexHome, name)} and no [profiles.${name}] in ${configPath}; create ${name}.config.toml with the settings to layer on config.toml`
    : `profile names are letters, digits, \`.\`, \`_\` and \`-\`, and there is no [profiles.${name}] in ${configPath}`;
  return configErrorAt(
    selection.origin,
    `config profile \`${name}\` not found: ${where}${hint}`,
    "profile",
  );
}

export async function loadConfig(opts: LoadOptions): Promise<LoadedConfig> {
  const env = opts.env ?? process.env;
  const processCwd = opts.cwd ?? process.cwd();
  const { cli } = opts;
  const warnings: string[] = [];
  const vopts: ValidateOptions = { strict: cli.strictConfig ?? false, warnings };
  const codexHome = resolveCodexHome(env, processCwd);
  const configPath = join(codexHome, "config.toml");

  const overrides = (cli.rawOverrides ?? []).map((arg) => {
    try {
      const parsed = parseOverride(arg);
      const origin = () => ({ override: arg });
      return { arg, table: validateAt(configTomlCheck, parsed.table, origin, vopts) };
    } catch (err) {
      if (err instanceof OverrideSyntaxError) throw new ConfigError(err.message, { override: arg });
      throw err;
    }
  });

  const file = cli.ignoreUserConfig ? undefined : readTomlFile(configPath);
  const fileToml: ConfigToml = file
    ? validateAt(configTomlCheck, file.raw, (p) => fileLayer(file, {}).origin(p), vopts)
    : {};

  const layers: Layer[] = [];
  if (file) layers.push(fileLayer(file, withoutProfileKeys(fileToml)));
  const selection = selectProfile(cli, overrides, fileToml, file, configPath);
  if (selection) {
    const { name } = selection;
    const base = profileLayer(name, fileToml, file, codexHome, vopts);
    // `-c profiles.NAME.key=value` edits the profile itself, so it sits just above it.
    const edits = overrides.flatMap((o) => {
      const t = o.table.profiles?.[name];
      return t ? [overrideLayer(o.arg, t as Record<string, unknown>)] : [];
    });
    if (!base && edits.length === 0)
      throw profileNotFound(selection, fileToml, configPath, codexHome);
    if (base) layers.push(base);
    layers.push(...edits);
  }
  for (const o of overrides) layers.push(overrideLayer(o.arg, withoutProfileKeys(o.table)));

  const provenance = new Provenance();
  let merged: Record<string, unknown> = {};
  for (const layer of layers)
    merged = mergeTables(merged, layer.table, (path) => provenance.record(path, layer));

  const config = resolveConfig({
    merged: merged as ConfigToml,
    provenance,
    cli,
    env,
    codexHome,
    configPath,
    processCwd,
    defaultApprovalPolicy: opts.defaults?.approvalPolicy,
    forceApprovalPolicy: opts.forceApprovalPolicy,
    activeProfile: selection?.name,
    warnings,
  });
  return { config, warnings };
}
