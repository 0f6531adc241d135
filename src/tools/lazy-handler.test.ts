// LazyToolHandler: the spec is available without loading; the implementation is imported once,
// on the first call; an import that fails becomes an answer to the model, not a crash.
import { describe, expect, it } from "vitest";
import { RespondToModel } from "./errors.js";
import { functionSpec } from "./function-spec.js";
import { LazyToolHandler } from "./lazy-handler.js";
import type { ToolCall, ToolContext, ToolHandler } from "./types.js";

const call: ToolCall = {
  name: "demo",
  callId: "c1",
  payload: { kind: "function", arguments: "{}" },
};
// The handlers under test never read the context.
const ctx = {} as ToolContext;
const signal = new AbortController().signal;
const SPEC = functionSpec("demo", "A demo tool.", {}, []);

function demoHandler(): ToolHandler {
  return {
    name: "demo",
    parallelSafe: true,
    spec: () => SPEC,
    isMutating: () => true,
    handle: async () => ({ content: "ran", success: true }),
  };
}

describe("LazyToolHandler", () => {
  it("gives its spec without loading, and loads the implementation once for many calls", async () => {
    let loads = 0;
    const tool = new LazyToolHandler({
      name: "demo",
      spec: () => SPEC,
      parallelSafe: false,
      load: async () => {
        loads++;
        return demoHandler();
      },
    });
    expect(tool.spec()).toEqual(SPEC);
    expect([tool.name, tool.parallelSafe, tool.hidden, tool.isMutating()]).toEqual([
      "demo",
      false,
      false,
      true,
    ]);
    expect(loads).toBe(0);
    const results = await Promise.all([
      tool.handle(ctx, call, signal),
      tool.handle(ctx, call, signal),
    ]);
    expect(results.map((r) => r.content)).toEqual(["ran", "ran"]);
    expect(loads).toBe(1);
  });

  it("a module that fails to import answers the model with the tool's name and the reason", async () => {
    const tool = new LazyToolHandler({
      name: "demo",
      spec: () => SPEC,
      parallelSafe: true,
      // A real failed dynamic import, as a chunk missing from dist/ would give.
      load: async () => (await import(`./no-such-handler-${process.pid}.js`)) as ToolHandler,
    });
    const failure = await tool.handle(ctx, call, signal).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RespondToModel);
    expect((failure as Error).message).toMatch(
      /^demo is unavailable: its implementation failed to load \(.*no-such-handler/,
    );
  });

  it("tries the import again on the next call after a failure", async () => {
    let attempts = 0;
    const tool = new LazyToolHandler({
      name: "demo",
      spec: () => SPEC,
      parallelSafe: true,
      load: async () => {
        if (++attempts === 1) throw new Error("transient");
        return demoHandler();
      },
    });
    await expect(tool.handle(ctx, call, signal)).rejects.toBeInstanceOf(RespondToModel);
    expect((await tool.handle(ctx, call, signal)).content).toBe("ran");
  });
});
