// `codex -m … resume`: options before the interactive `resume` apply to the resumed session, as in
// Codex. In a pseudo-terminal, since `codex resume` is the interactive front-end.
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../mock-server/index.js";
import { startCase, trustedConfig } from "../tui/tui-helpers.js";
import { idFor, writeSession } from "../tui/features/sessions-fixture.js";

describe("codex -m MODEL resume", () => {
  it("the resumed session uses the model given before `resume`", async () => {
    const when = new Date(Date.now() - 10 * 60_000);
    const c = await startCase([plainAnswer("resumed answer")], {
      args: ["-m", "gpt-5.4", "resume", "--last"],
      config: (url, ws) => {
        writeSession(ws.home, {
          id: idFor(when, 1),
          cwd: ws.work,
          when,
          messages: ["write the changelog"],
        });
        return trustedConfig(url, ws.work);
      },
    });
    try {
      await c.tui.waitForText("› write the changelog");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("and now the tests");
      await c.tui.waitForText("resumed answer");
      expect(c.mock.requests.at(-1)!.body!.model).toBe("gpt-5.4");
    } finally {
      await c.close();
    }
  });
});
