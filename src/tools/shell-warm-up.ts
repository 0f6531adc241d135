// What a shell command will need before it can run: the login-shell snapshot (with the sandbox
// probe it starts) and the bash parser (approvals, display). Started when the model's stream
// announces a shell-type call, so it overlaps the arguments streaming in; never at session
// start, where a plain answer would pay for it (on two cores it competed with the first
// request) and `codex exec` would kill it unfinished. A call that needs either starts it
// itself anyway; both are shared per process, so calling this again costs nothing.
// The snapshot module (with the exec runner and sandbox it uses) is imported here, not at start-up.
import type { Config } from "../config/types.js";

let parserStarted = false;

export function warmUpShell(config: Config): void {
  void import("./shell-snapshot.js").then((m) => m.shellSnapshot(config)).catch(() => undefined);
  if (parserStarted) return;
  parserStarted = true;
  // The wasm compile is main-thread work: let the snapshot's spawn go out first.
  setImmediate(() => {
    void import("../shell/bash-parser.js").then((m) => m.getBashParser()).catch(() => undefined);
  });
}
