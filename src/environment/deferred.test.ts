// DeferredEnvironment: nothing is imported until a tool uses the environment; a failed import
// is an error naming the environment, and disposing one never used does nothing.
import { describe, expect, it } from "vitest";
import { DeferredEnvironment } from "./deferred.js";
import { LocalEnvironment } from "./local.js";
import type { Environment } from "./types.js";

describe("DeferredEnvironment", () => {
  it("loads its environment on first use, once", async () => {
    let loads = 0;
    const env = new DeferredEnvironment("local", async () => {
      loads++;
      return new LocalEnvironment();
    });
    expect(env.kind).toBe("local");
    expect(loads).toBe(0);
    const [info, stat] = await Promise.all([env.info(), env.fs.stat(process.cwd())]);
    expect(info.kind).toBe("local");
    expect(stat.isDirectory).toBe(true);
    expect(loads).toBe(1);
    await env.dispose();
  });

  it("a failed import names the environment and the reason", async () => {
    const env = new DeferredEnvironment(
      "remote",
      async () => (await import(`./no-such-environment-${process.pid}.js`)) as Environment,
    );
    await expect(env.info()).rejects.toThrow(
      /^the remote environment failed to load: .*no-such-environment/,
    );
    await expect(env.dispose()).resolves.toBeUndefined();
  });

  it("disposing an environment never used loads nothing", async () => {
    let loads = 0;
    const env = new DeferredEnvironment("remote", async () => {
      loads++;
      return new LocalEnvironment();
    });
    await env.dispose();
    expect(loads).toBe(0);
  });
});
