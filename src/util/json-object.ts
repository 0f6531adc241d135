// The one check for "a JSON object" wherever parsed JSON crosses a boundary (model streams,
// JSON-RPC messages, MCP schemas, review output): a non-null object that is not an array.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
