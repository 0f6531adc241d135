import { RespondToModel } from "./errors.js";

/** Parse a function call's JSON arguments; a bad payload goes back to the model. */
export function parseArgs<T>(json: string): T {
  try {
    const value: unknown = JSON.parse(json || "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error("expected a JSON object");
    }
    return value as T;
  } catch (e) {
    throw new RespondToModel(`failed to parse function arguments: ${(e as Error).message}`);
  }
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string")
    throw new RespondToModel(`missing or invalid field \`${field}\`: expected a string`);
  return value;
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RespondToModel(`invalid field \`${field}\`: expected a number`);
  }
  return value;
}

/** The JSON arguments of a function-style call to `tool`. */
export function functionArgs<T>(
  call: { payload: { kind: string; arguments?: string } },
  tool: string,
): T {
  if (call.payload.kind !== "function" || call.payload.arguments === undefined) {
    throw new RespondToModel(`${tool} expects JSON arguments`);
  }
  return parseArgs<T>(call.payload.arguments);
}
