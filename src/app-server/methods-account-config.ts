// account/* (API keys only: codex-ts has no ChatGPT sign-in) and config writes, which edit
// config.toml in place keeping comments and layout (src/config/edit).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { deleteAuthFile, saveApiKey } from "../auth/index.js";
import { editTomlFile, TomlEditError, type TomlValue } from "../config/edit/index.js";
import type { Handler } from "./methods-threads.js";
import { invalidRequest, parseParams } from "./rpc.js";
import type { ThreadRegistry } from "./thread-registry.js";
import { rateLimitsV2 } from "./v2.js";

const LoginSchema = z.object({ type: z.string(), apiKey: z.string().optional() });
const Edit = z.object({
  keyPath: z.string().min(1),
  value: z.unknown(),
  mergeStrategy: z.enum(["replace", "upsert"]),
});
const ValueWriteSchema = Edit.extend({
  filePath: z.string().nullable().optional(),
  expectedVersion: z.string().nullable().optional(),
});
const BatchWriteSchema = z.object({
  edits: z.array(Edit),
  filePath: z.string().nullable().optional(),
  expectedVersion: z.string().nullable().optional(),
});

/** A content hash: clients pass it back as `expectedVersion` to detect concurrent edits. */
function versionOf(file: string): string {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // A missing file has the empty version.
  }
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

function toToml(keyPath: string, v: unknown): TomlValue {
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (Array.isArray(v)) return v.map((x) => toToml(keyPath, x));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toToml(keyPath, x)]));
  }
  throw invalidRequest(
    `config value for \`${keyPath}\` cannot be written to TOML: ${JSON.stringify(v)}`,
  );
}

/** `upsert` of a table merges key by key; everything else replaces the value. */
function leafEdits(
  keys: string[],
  value: TomlValue,
  strategy: string,
): Array<[string[], TomlValue]> {
  if (strategy === "upsert" && value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leafEdits([...keys, k], v, strategy));
  }
  return [[keys, value]];
}

export function accountConfigMethods(reg: ThreadRegistry): Record<string, Handler> {
  const home = async () => (await reg.loadConfig({})).codexHome;

  const write = async (
    filePath: string | null | undefined,
    expected: string | null | undefined,
    edits: Array<z.infer<typeof Edit>>,
  ) => {
    const file = filePath ? path.resolve(filePath) : path.join(await home(), "config.toml");
    if (expected && expected !== versionOf(file)) {
      throw invalidRequest(`config version mismatch: ${file} changed since it was read`);
    }
    try {
      editTomlFile(file, (doc) => {
        for (const e of edits) {
          const keys = e.keyPath.split(".");
          for (const [k, v] of leafEdits(keys, toToml(e.keyPath, e.value), e.mergeStrategy)) {
            doc.setValue(k, v);
          }
        }
      });
    } catch (e) {
      if (e instanceof TomlEditError) throw invalidRequest(e.message);
      throw e;
    }
    return { filePath: file, status: "ok", version: versionOf(file), overriddenMetadata: null };
  };

  return {
    "account/login/start": async (_conn, params) => {
      const p = parseParams(LoginSchema, params);
      if (p.type !== "apiKey" || !p.apiKey) {
        throw invalidRequest(
          `login type \`${p.type}\` is not supported by codex-ts; use {"type":"apiKey","apiKey":…}`,
        );
      }
      saveApiKey(await home(), p.apiKey);
      return { type: "apiKey" };
    },
    "account/logout": async () => {
      deleteAuthFile(await home());
      return {};
    },
    "account/rateLimits/read": async () => {
      const latest = reg.list().find((t) => t.rateLimits !== null)?.rateLimits ?? null;
      return { rateLimits: rateLimitsV2(latest), rateLimitsByLimitId: null };
    },
    "configRequirements/read": async () => ({ requirements: null }),
    "config/value/write": async (_conn, params) => {
      const p = parseParams(ValueWriteSchema, params);
      return write(p.filePath, p.expectedVersion, [p]);
    },
    "config/batchWrite": async (_conn, params) => {
      const p = parseParams(BatchWriteSchema, params);
      return write(p.filePath, p.expectedVersion, p.edits);
    },
  };
}
