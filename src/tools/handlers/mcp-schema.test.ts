import { describe, expect, it } from "vitest";
import { normaliseInputSchema } from "./mcp-schema.js";

describe("normaliseInputSchema", () => {
  it("passes a normal schema through, minus $schema", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { a: { type: "number", description: "A" } },
      required: ["a"],
      additionalProperties: false,
    };
    const { $schema: _s, ...rest } = schema;
    expect(normaliseInputSchema(schema)).toEqual(rest);
  });

  it("fills in what the API rejects", () => {
    expect(normaliseInputSchema({})).toEqual({ type: "object", properties: {} });
    expect(normaliseInputSchema(undefined)).toEqual({ type: "object", properties: {} });
    expect(normaliseInputSchema({ type: "string" })).toEqual({ type: "object", properties: {} });
    expect(
      normaliseInputSchema({
        properties: {
          list: { type: "array" },
          nested: { type: "object" },
          any: true,
          inferred: { properties: { x: { type: "string" } } },
          choice: { anyOf: [{ type: "object" }, { type: ["array", "null"] }] },
        },
        required: "list",
      }),
    ).toEqual({
      type: "object",
      properties: {
        list: { type: "array", items: {} },
        nested: { type: "object", properties: {} },
        any: {},
        inferred: { type: "object", properties: { x: { type: "string" } } },
        choice: {
          anyOf: [
            { type: "object", properties: {} },
            { type: ["array", "null"], items: {} },
          ],
        },
      },
    });
  });
});
