import { describe, it, expect } from "vitest";
import { locateJsonError } from "./json-error-location.js";

describe("locateJsonError", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"]}', " [] ", '"s"', "0"]) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it("points at the first offending character", () => {
    expect(locateJsonError('{\n  "type": "object",\n  "properties": }\n')).toMatchObject({
      line: 3,
      column: 17,
    });
    expect(locateJsonError('{"a": 1,}')).toMatchObject({
      line: 1,
      column: 9,
      reason: "expected a double-quoted property name",
    });
    expect(locateJsonError("{'a': 1}")).toMatchObject({ line: 1, column: 2 });
    expect(locateJsonError('{"a": 1} x')).toMatchObject({
      line: 1,
      column: 10,
      reason: "unexpected text after the JSON value",
    });
    expect(locateJsonError("")).toMatchObject({ line: 1, column: 1 });
    expect(locateJsonError("[1, 2\n")).toMatchObject({ line: 2, column: 1 });
    expect(locateJsonError('["a\tb"]')).toMatchObject({
      reason: "control character inside a string",
    });
    expect(locateJsonError("[01]")).toMatchObject({ column: 3 });
  });

  it("rejects everything JSON.parse rejects in a small corpus", () => {
    const bad = ["{", "[1,]", "tru", "-", "1.", '"\\x"', "nul", "{}}", '{"a" 1}', "[1 2]"];
    for (const text of bad) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text)).not.toBeNull();
    }
  });
});
