// MCP input schemas as the model API accepts them. Servers send any JSON Schema; the Responses
// API rejects a few shapes that are valid JSON Schema (a top level that is not an object, an
// object without `properties`, an array without `items`, boolean sub-schemas), so those are
// filled in. Everything else passes through untouched.
import { isJsonObject } from "../../util/json-object.js";

type Schema = Record<string, unknown>;

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions"] as const;
const SCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"] as const;
const SCHEMA_SINGLES = ["items", "additionalProperties", "not", "if", "then", "else"] as const;

function hasType(schema: Schema, type: string): boolean {
  const t = schema.type;
  return t === type || (Array.isArray(t) && t.includes(type));
}

function normaliseSubSchema(value: unknown): unknown {
  if (value === true) return {};
  if (!isJsonObject(value)) return value;
  const out: Schema = { ...value };
  if (out.type === undefined) {
    if (isJsonObject(out.properties)) out.type = "object";
    else if (out.items !== undefined) out.type = "array";
  }
  if (hasType(out, "object") && !isJsonObject(out.properties)) out.properties = {};
  if (hasType(out, "array") && out.items === undefined) out.items = {};
  for (const key of SCHEMA_MAPS) {
    const map = out[key];
    if (isJsonObject(map))
      out[key] = Object.fromEntries(
        Object.entries(map).map(([k, v]) => [k, normaliseSubSchema(v)]),
      );
  }
  for (const key of SCHEMA_LISTS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map(normaliseSubSchema);
  }
  for (const key of SCHEMA_SINGLES) {
    // `additionalProperties: true/false` is a flag the API understands; leave booleans there.
    if (
      out[key] !== undefined &&
      !(key === "additionalProperties" && typeof out[key] === "boolean")
    )
      out[key] = normaliseSubSchema(out[key]);
  }
  return out;
}

/** The `parameters` to offer the model for an MCP tool's `inputSchema`. */
export function normaliseInputSchema(inputSchema: unknown): Schema {
  if (
    !isJsonObject(inputSchema) ||
    (inputSchema.type !== undefined && inputSchema.type !== "object")
  )
    return { type: "object", properties: {} };
  const { $schema: _ignored, ...rest } = inputSchema;
  const out = normaliseSubSchema({ ...rest, type: "object" }) as Schema;
  if (out.required !== undefined && !Array.isArray(out.required)) delete out.required;
  return out;
}
