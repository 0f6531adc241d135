// --output-schema reading and -o writing against real files in a temp dir.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it, expect, beforeAll } from "vitest";
import { OutputSchemaError, readOutputSchema, writeLastMessage } from "../../src/exec-cli/index.js";
import { tempDir } from "../temp-dir.js";

let dir: string;
beforeAll(() => {
  dir = tempDir("exec-cli-files-");
});

describe("readOutputSchema", () => {
  it("returns the parsed schema object", async () => {
    const file = path.join(dir, "schema.json");
    const schema = {
      type: "object",
      properties: { answer: { type: "integer" } },
      required: ["answer"],
      additionalProperties: false,
    };
    writeFileSync(file, JSON.stringify(schema, null, 2));
    expect(await readOutputSchema(file)).toEqual(schema);
  });

  it("names a missing file and what to do", async () => {
    const file = path.join(dir, "nope.json");
    await expect(readOutputSchema(file)).rejects.toThrow(
      `Cannot read output schema file ${file}: the file does not exist. Pass the path of a JSON Schema file to --output-schema.`,
    );
    await expect(readOutputSchema(dir)).rejects.toBeInstanceOf(OutputSchemaError);
  });

  it("names the line and column of invalid JSON", async () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(
      file,
      '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string", }\n  }\n}\n',
    );
    await expect(readOutputSchema(file)).rejects.toThrow(
      `Output schema file ${file} is not valid JSON: expected a double-quoted property name at line 4, column 30.`,
    );
  });

  it("rejects JSON that is not an object", async () => {
    const file = path.join(dir, "array.json");
    writeFileSync(file, "[1, 2]");
    await expect(readOutputSchema(file)).rejects.toThrow(
      `Output schema file ${file} must contain a JSON object (a JSON Schema), but it holds an array.`,
    );
  });
});

describe("writeLastMessage", () => {
  it("writes the message exactly, without adding a newline (reference output-schema/last-message.txt)", async () => {
    const file = path.join(dir, "last.txt");
    await writeLastMessage(file, '{"answer":4}');
    expect(readFileSync(file, "utf8")).toBe('{"answer":4}');
    await writeLastMessage(file, "two\nlines\n");
    expect(readFileSync(file, "utf8")).toBe("two\nlines\n");
  });

  it("writes an empty file when there is no message", async () => {
    const file = path.join(dir, "empty.txt");
    await writeLastMessage(file, null);
    expect(readFileSync(file, "utf8")).toBe("");
  });

  it("surfaces file-system errors with the path", async () => {
    const target = path.join(dir, "missing-dir", "x.txt");
    await expect(writeLastMessage(target, "x")).rejects.toThrow(target);
  });
});
