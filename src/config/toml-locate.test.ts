import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";
import { formatKeyPath, indexKeyPositions, lookupKeyPosition } from "./toml-locate.js";

const SOURCE = `# comment = not a key
model = "o3" # trailing
"quoted key" = 1
a.b . c = true

[model_providers.mock]
name = "Mock"
base_url = """
fake = 1
"""
wire_api = 'chat'

  [ profiles . "fast one" ]
  model_reasoning_effort = "low"
notify = [
  "a", # one
  "b",
]
inline = { x = 1, y.z = { w = "}" } }

[projects."/a/b"]
trust_level = "trusted"

[[arr]]
k = 1
[[arr]]
k = 2
`;

describe("indexKeyPositions", () => {
  const positions = indexKeyPositions(SOURCE);
  const at = (...path: (string | number)[]) => lookupKeyPosition(positions, path);

  it("parses as TOML (the fixture is valid)", () => {
    expect(() => parse(SOURCE)).not.toThrow();
  });

  it("finds top-level, quoted and dotted keys", () => {
    expect(at("model")).toEqual({ line: 2, column: 1 });
    expect(at("quoted key")).toEqual({ line: 3, column: 1 });
    expect(at("a", "b", "c")).toEqual({ line: 4, column: 1 });
    expect(at("a")).toEqual({ line: 4, column: 1 });
  });

  it("finds keys in tables and ignores key-like text inside multi-line strings", () => {
    expect(at("model_providers", "mock")).toEqual({ line: 6, column: 1 });
    expect(at("model_providers", "mock", "base_url")).toEqual({ line: 8, column: 1 });
    expect(at("model_providers", "mock", "wire_api")).toEqual({ line: 11, column: 1 });
    expect(positions.has(JSON.stringify(["model_providers", "mock", "fake"]))).toBe(false);
  });

  it("handles spaced and quoted table headers, arrays and inline tables", () => {
    expect(at("profiles", "fast one", "model_reasoning_effort")).toEqual({ line: 14, column: 3 });
    expect(at("profiles", "fast one", "notify", 1)).toEqual({ line: 17, column: 3 });
    expect(at("profiles", "fast one", "inline", "y", "z", "w")).toEqual({ line: 19, column: 27 });
    expect(at("projects", "/a/b", "trust_level")).toEqual({ line: 22, column: 1 });
    expect(at("arr", 1, "k")).toEqual({ line: 27, column: 1 });
  });

  it("falls back to the nearest enclosing key", () => {
    expect(at("model_providers", "mock", "missing")).toEqual({ line: 6, column: 1 });
    expect(at("nope")).toBeUndefined();
  });
});

describe("formatKeyPath", () => {
  it("quotes segments that are not bare keys", () => {
    expect(formatKeyPath(["projects", "/a/b", "trust_level"])).toBe('projects."/a/b".trust_level');
    expect(formatKeyPath(["notify", 0])).toBe("notify[0]");
  });
});
