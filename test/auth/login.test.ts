import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loginInteractive, loginStatus, loginWithApiKey, logout } from "../../src/cli/login.js";
import { tempDir } from "../temp-dir.js";

function tempHome(): string {
  return join(tempDir("codex-ts-login-"), "home");
}

function capture() {
  let text = "";
  return { io: { err: { write: (s: string) => (text += s) } }, text: () => text };
}

describe("codex login / status / logout", () => {
  it("stores a key from stdin, reports it masked, and logs out", async () => {
    const home = tempHome();
    const a = capture();
    expect(
      await loginWithApiKey(home, Readable.from(["  sk-proj-abcdefghij", "klmnop12345\n"]), a.io),
    ).toBe(0);
    expect(a.text()).toBe("Successfully logged in\n");
    expect(JSON.parse(readFileSync(join(home, "auth.json"), "utf8"))).toEqual({
      OPENAI_API_KEY: "sk-proj-abcdefghijklmnop12345",
    });
    expect(statSync(join(home, "auth.json")).mode & 0o777).toBe(0o600);

    const b = capture();
    expect(loginStatus(home, {}, b.io)).toBe(0);
    expect(b.text()).toBe("Logged in using an API key - sk-proj-***12345\n");

    const c = capture();
    expect(logout(home, c.io)).toBe(0);
    expect(c.text()).toBe("Successfully logged out\n");
    expect(existsSync(join(home, "auth.json"))).toBe(false);

    const d = capture();
    expect(logout(home, d.io)).toBe(0);
    expect(d.text()).toBe("Not logged in\n");
    const e = capture();
    expect(loginStatus(home, {}, e.io)).toBe(1);
    expect(e.text()).toBe("Not logged in\n");
  });

  it("rejects an empty stdin without writing anything", async () => {
    const home = tempHome();
    const a = capture();
    expect(await loginWithApiKey(home, Readable.from(["  \n"]), a.io)).toBe(1);
    expect(a.text()).toBe(
      "No API key provided via stdin. Pipe one in, e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`\n",
    );
    expect(existsSync(home)).toBe(false);
  });

  it("refuses to read a key from a terminal", async () => {
    const home = tempHome();
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const a = capture();
    expect(await loginWithApiKey(home, tty, a.io)).toBe(1);
    expect(a.text()).toContain("--with-api-key expects the API key on stdin");
  });

  it("status mentions CODEX_API_KEY when only that is set", () => {
    const a = capture();
    expect(loginStatus(tempHome(), { CODEX_API_KEY: "sk-codex-0123456789" }, a.io)).toBe(0);
    expect(a.text()).toBe("Using an API key from CODEX_API_KEY - sk-codex***56789\n");
  });

  it("plain `codex login` explains that only API keys are supported", () => {
    const a = capture();
    expect(loginInteractive(a.io)).toBe(1);
    expect(a.text()).toContain("printenv OPENAI_API_KEY | codex login --with-api-key");
  });
});
