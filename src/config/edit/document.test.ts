import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";
import { TomlDocument, TomlEditError } from "./document.js";

const COMMENTED = `# My codex config
model = "gpt-5.5" # the default

# Servers
[mcp_servers.docs]   # documentation
command = "npx"
args = [
  "-y",
  # a comment inside an array
  "docs-server",
]

[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"

[projects."/home/me/repo"]
trust_level = "trusted"
notes = """
[mcp_servers.fake]
command = "not a table"
"""
`;

function edit(text: string, f: (doc: TomlDocument) => void): string {
  const doc = new TomlDocument(text);
  f(doc);
  return doc.toString();
}

describe("TomlDocument.setTable", () => {
  it("adds a table to an empty document in Codex's layout", () => {
    const out = edit("", (d) =>
      d.setTable(["mcp_servers", "envsrv"], {
        command: "/usr/bin/node",
        args: ["server.js"],
        env: { API_KEY: "abc123", OTHER: "x" },
      }),
    );
    expect(out).toBe(`[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"
OTHER = "x"
`);
  });

  it("quotes keys that are not bare", () => {
    const out = edit("", (d) =>
      d.setTable(["mcp_servers", "scope/name@1.0:x"], { command: "echo", args: ["hi"] }),
    );
    expect(out).toBe(`[mcp_servers."scope/name@1.0:x"]\ncommand = "echo"\nargs = ["hi"]\n`);
    expect(parse(out)).toEqual({
      mcp_servers: { "scope/name@1.0:x": { command: "echo", args: ["hi"] } },
    });
  });

  it("inserts a new server after the other servers, keeping everything else", () => {
    const out = edit(COMMENTED, (d) =>
      d.setTable(["mcp_servers", "new"], { url: "http://127.0.0.1:1/mcp" }),
    );
    expect(out).toBe(
      COMMENTED.replace(
        `API_KEY = "abc123"\n`,
        `API_KEY = "abc123"\n\n[mcp_servers.new]\nurl = "http://127.0.0.1:1/mcp"\n`,
      ),
    );
  });

  it("replaces an existing table in place, sub-tables included, and nothing else", () => {
    const out = edit(COMMENTED, (d) =>
      d.setTable(["mcp_servers", "envsrv"], { command: "other", env: { B: "2" } }),
    );
    expect(out).toBe(
      COMMENTED.replace(
        `[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"
`,
        `[mcp_servers.envsrv]
command = "other"

[mcp_servers.envsrv.env]
B = "2"
`,
      ),
    );
  });

  it("re-adding identical content gives back the identical file", () => {
    const text = `[mcp_servers.a]\ncommand = "x"\n\n[mcp_servers.a.env]\nK = "v"\n\n[other]\nz = 1\n`;
    const out = edit(text, (d) =>
      d.setTable(["mcp_servers", "a"], { command: "x", env: { K: "v" } }),
    );
    expect(out).toBe(text);
  });

  it("replacing a table whose sub-table is the last table leaves no trailing blank lines", () => {
    const text = `[mcp_servers.a]\ncommand = "x"\n\n[mcp_servers.a.env]\nK = "v"\n`;
    const out = edit(text, (d) => d.setTable(["mcp_servers", "a"], { command: "y" }));
    expect(out).toBe(`[mcp_servers.a]\ncommand = "y"\n`);
  });

  it("keeps the header's comment and the comment lines after the old body", () => {
    const text = `# about a\n[a] # inline\nk = 1\n# trailing note\n\n[b]\nz = 2\n`;
    const out = edit(text, (d) => d.setTable(["a"], { k: 2 }));
    expect(out).toBe(`# about a\n[a]\nk = 2\n# trailing note\n\n[b]\nz = 2\n`);
  });

  it("writes CRLF into CRLF files", () => {
    const text = `model = "m"\r\n\r\n[mcp_servers.a]\r\ncommand = "x"\r\n`;
    const out = edit(text, (d) => d.setTable(["mcp_servers", "b"], { command: "y" }));
    expect(out).toBe(
      `model = "m"\r\n\r\n[mcp_servers.a]\r\ncommand = "x"\r\n\r\n[mcp_servers.b]\r\ncommand = "y"\r\n`,
    );
  });

  it("replaces a server written with dotted keys by a proper table", () => {
    const text = `[mcp_servers]\nold.command = "x"\nold.args = ["1"]\nkeep.command = "k"\n`;
    const out = edit(text, (d) => d.setTable(["mcp_servers", "old"], { command: "y" }));
    expect(out).toBe(`[mcp_servers]\nkeep.command = "k"\n\n[mcp_servers.old]\ncommand = "y"\n`);
  });

  it("refuses to add inside an inline table, leaving the text alone", () => {
    const text = `mcp_servers = { a = { command = "x" } }\n`;
    const doc = new TomlDocument(text);
    expect(() => doc.setTable(["mcp_servers", "b"], { command: "y" })).toThrow(TomlEditError);
    expect(() => doc.setTable(["mcp_servers", "b"], { command: "y" })).toThrow(/line 1/);
    expect(doc.toString()).toBe(text);
  });

  it("appends at the end when there is no sibling, separated by one blank line", () => {
    expect(edit(`a = 1`, (d) => d.setTable(["t"], { k: true }))).toBe(`a = 1\n\n[t]\nk = true\n`);
    expect(edit(`a = 1\n\n`, (d) => d.setTable(["t"], { k: 1.5 }))).toBe(`a = 1\n\n[t]\nk = 1.5\n`);
  });

  it("escapes strings so they read back exactly", () => {
    const nasty = 'quote " backslash \\ newline \n tab \t del \u007f unicode é';
    const out = edit("", (d) => d.setTable(["t"], { s: nasty, arr: [{ x: 1 }, "y"] }));
    expect(parse(out)).toEqual({ t: { s: nasty, arr: [{ x: 1 }, "y"] } });
  });
});

describe("TomlDocument.removeTable", () => {
  it("removes a table, its sub-tables and its own comment, and nothing else", () => {
    const out = edit(COMMENTED, (d) => expect(d.removeTable(["mcp_servers", "envsrv"])).toBe(true));
    expect(out).toBe(
      COMMENTED.replace(
        `[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"

`,
        "",
      ),
    );
  });

  it("is not fooled by header-like lines inside multi-line strings and arrays", () => {
    const out = edit(COMMENTED, (d) => d.removeTable(["projects", "/home/me/repo"]));
    expect(out).toBe(COMMENTED.slice(0, COMMENTED.indexOf(`\n[projects.`) + 1).trimEnd() + "\n");
    expect(parse(out)).not.toHaveProperty("projects");
    expect(edit(COMMENTED, (d) => expect(d.removeTable(["mcp_servers", "fake"])).toBe(false))).toBe(
      COMMENTED,
    );
  });

  it("removes the first table, keeping the file's leading comment when separated", () => {
    const out = edit(COMMENTED, (d) => d.removeTable(["mcp_servers", "docs"]));
    expect(out).toBe(
      COMMENTED.replace(
        `# Servers
[mcp_servers.docs]   # documentation
command = "npx"
args = [
  "-y",
  # a comment inside an array
  "docs-server",
]

`,
        "",
      ),
    );
  });

  it("removes sub-tables that are not next to their parent", () => {
    const text = `[a]\nk = 1\n\n[b]\nz = 2\n\n[a.sub]\nq = 3\n\n[c]\nw = 4\n`;
    expect(edit(text, (d) => d.removeTable(["a"]))).toBe(`[b]\nz = 2\n\n[c]\nw = 4\n`);
  });

  it("removes dotted-key definitions", () => {
    const text = `[mcp_servers]\nx.command = "a" # c\ny.command = "b"\n`;
    expect(edit(text, (d) => d.removeTable(["mcp_servers", "x"]))).toBe(
      `[mcp_servers]\ny.command = "b"\n`,
    );
  });

  it("removes CRLF tables", () => {
    const text = `[a]\r\nk = 1\r\n\r\n[b]\r\nz = 2\r\n`;
    expect(edit(text, (d) => d.removeTable(["a"]))).toBe(`[b]\r\nz = 2\r\n`);
    expect(edit(text, (d) => d.removeTable(["b"]))).toBe(`[a]\r\nk = 1\r\n`);
  });

  it("handles strings with quotes that end like delimiters", () => {
    const text = `[a]\ns = """x""""\nl = '''it's'''\nq = "say \\"[b]\\""\n\n[b]\nk = 1\n`;
    expect(parse(text)).toBeTruthy();
    expect(edit(text, (d) => d.removeTable(["b"]))).toBe(
      `[a]\ns = """x""""\nl = '''it's'''\nq = "say \\"[b]\\""\n`,
    );
  });
});

describe("TomlDocument.setValue", () => {
  it("replaces just the value, keeping its comment", () => {
    const out = edit(COMMENTED, (d) => d.setValue(["model"], "o3"));
    expect(out).toBe(
      COMMENTED.replace(`model = "gpt-5.5" # the default`, `model = "o3" # the default`),
    );
  });

  it("adds a key to an existing table after its last key", () => {
    const out = edit(COMMENTED, (d) =>
      d.setValue(["mcp_servers", "docs", "startup_timeout_sec"], 20),
    );
    expect(out).toBe(
      COMMENTED.replace(
        `]\n\n[mcp_servers.envsrv]`,
        `]\nstartup_timeout_sec = 20\n\n[mcp_servers.envsrv]`,
      ),
    );
  });

  it("creates the table for a trust setting", () => {
    const out = edit(COMMENTED, (d) =>
      d.setValue(["projects", "/work/x y", "trust_level"], "trusted"),
    );
    expect(out).toBe(COMMENTED + `\n[projects."/work/x y"]\ntrust_level = "trusted"\n`);
    const again = edit(out, (d) => d.setValue(["projects", "/work/x y", "trust_level"], "trusted"));
    expect(again).toBe(out);
  });

  it("adds a root key before the first table", () => {
    expect(edit(`# hi\n[t]\nk = 1\n`, (d) => d.setValue(["model"], "m"))).toBe(
      `model = "m"\n\n# hi\n[t]\nk = 1\n`,
    );
    expect(edit(`a = 1\n\n[t]\n`, (d) => d.setValue(["b"], 2))).toBe(`a = 1\nb = 2\n\n[t]\n`);
  });
});
