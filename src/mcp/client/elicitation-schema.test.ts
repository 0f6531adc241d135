import { describe, expect, it } from "vitest";
import { contentError, fieldError, parseFormSchema } from "./elicitation-schema.js";

const FORM = {
  type: "object",
  properties: {
    email: { type: "string", format: "email", title: "Email" },
    count: { type: "integer", minimum: 1, maximum: 3 },
    size: {
      type: "string",
      oneOf: [
        { const: "s", title: "Small" },
        { const: "l", title: "Large" },
      ],
    },
    tags: { type: "array", items: { enum: ["a", "b"] }, maxItems: 1 },
    ok: { type: "boolean" },
  },
  required: ["email"],
};

describe("elicitation form schemas", () => {
  it("turns every primitive MCP field kind into a form field", () => {
    const parsed = parseFormSchema(FORM);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["email", "string", true],
      ["count", "number", false],
      ["size", "enum", false],
      ["tags", "multi", false],
      ["ok", "boolean", false],
    ]);
    expect(parsed.fields[2]).toMatchObject({
      options: [
        { value: "s", label: "Small" },
        { value: "l", label: "Large" },
      ],
    });
  });

  it("says why a schema cannot be shown", () => {
    expect(parseFormSchema({ type: "array" })).toEqual({
      ok: false,
      reason: "the requested schema is not an object schema",
    });
    expect(
      parseFormSchema({ type: "object", properties: { a: { type: "object", properties: {} } } }),
    ).toEqual({ ok: false, reason: 'field `a` has the unsupported type "object"' });
    expect(
      parseFormSchema({
        type: "object",
        properties: { h: { type: "string", format: "hostname" } },
      }),
    ).toEqual({ ok: false, reason: "field `h` has the unsupported string format `hostname`" });
    expect(parseFormSchema({ type: "object", properties: {}, required: ["x"] })).toEqual({
      ok: false,
      reason: "required field `x` is not defined",
    });
  });

  it("checks answers field by field and as a whole", () => {
    const parsed = parseFormSchema(FORM);
    if (!parsed.ok) throw new Error(parsed.reason);
    const [email, count, size, tags] = parsed.fields;
    expect(fieldError(email!, undefined)).toBe("Email is required");
    expect(fieldError(email!, "not-an-email")).toBe("Email must be an email address");
    expect(fieldError(count!, 2.5)).toBe("count must be a whole number");
    expect(fieldError(count!, 4)).toBe("count must be at most 3");
    expect(fieldError(size!, "m")).toBe("size must be one of s, l");
    expect(fieldError(tags!, ["a", "b"])).toBe("tags takes at most 1 selected");
    expect(contentError(parsed.fields, { email: "a@b.co", extra: 1 })).toBe(
      "`extra` is not a field of the form",
    );
    expect(contentError(parsed.fields, { email: "a@b.co", count: 2, ok: true })).toBeNull();
  });
});
