import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialsStore, CredentialsStoreError, storeKey } from "./oauth-store.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function home(): string {
  const d = mkdtempSync(path.join(tmpdir(), "codex-ts-oauth-store-"));
  dirs.push(d);
  return d;
}

const entry = {
  server_name: "linear",
  server_url: "https://mcp.linear.app/mcp",
  client_id: "client-1",
  access_token: "at",
  refresh_token: "rt",
  expires_at: 1_900_000_000_000,
  scopes: ["read"],
};

describe("MCP OAuth credentials store", () => {
  it("keys entries as Codex does: name, then 16 hex of sha256 over the canonical server JSON", () => {
    const digest = createHash("sha256")
      .update('{"headers":{},"type":"http","url":"https://mcp.linear.app/mcp"}')
      .digest("hex");
    expect(storeKey("linear", "https://mcp.linear.app/mcp")).toBe(`linear|${digest.slice(0, 16)}`);
  });

  it("saves 0600, loads, deletes (the file goes when empty)", () => {
    const store = new CredentialsStore(home(), "auto");
    store.save(entry);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(store.file, "utf8")) as object)).toEqual([
      storeKey("linear", entry.server_url),
    ]);
    expect(store.load("linear", entry.server_url)).toMatchObject(entry);
    expect(store.load("linear", "https://other.example/mcp")).toBeUndefined();
    expect(store.delete("linear", entry.server_url)).toBe(true);
    expect(store.delete("linear", entry.server_url)).toBe(false);
  });

  it("keyring mode is refused, naming the fix", () => {
    const store = new CredentialsStore(home(), "keyring");
    expect(() => store.load("linear", entry.server_url)).toThrow(CredentialsStoreError);
    expect(() => store.load("linear", entry.server_url)).toThrow(/set it to "file"/);
  });
});
