// How a tool failure is reported (seed-spec B5.5–B5.6).

/** A failure the model can act on: its message goes back as the call's output. */
export class RespondToModel extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespondToModel";
  }
}

/** The user (or policy) refused the call: the message goes back to the model and the turn goes on. */
export class ToolDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolDenied";
  }
}

/** A failure that ends the turn with an error event. */
export class FatalToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FatalToolError";
  }
}

/** The user chose "abort" in an approval: the whole turn ends with TurnAborted. */
export class TurnAbortRequested extends Error {
  constructor() {
    super("turn aborted by user");
    this.name = "TurnAbortRequested";
  }
}
