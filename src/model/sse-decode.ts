// Server-sent events decoded from a text stream, with the semantics of the openai SDK's decoder
// (which the Responses path used before it moved to node:http): lines end at \r\n, \n or \r;
// `data:` lines of one event join with \n; comments and unknown fields are skipped; an event is
// dispatched at its blank line (a trailing event without one is dropped); `[DONE]` ends the
// stream; a payload with an `error` member fails it.
import { streamDisconnected } from "./errors.js";
import { failedEventError } from "./responses-stream.js";

export interface SseMessage {
  event: string | null;
  data: string;
}

/** The raw events of `chunks` (decoded text, split anywhere). */
export async function* sseMessages(chunks: AsyncIterable<string>): AsyncGenerator<SseMessage> {
  let pending = "";
  let event: string | null = null;
  let data: string[] = [];
  const terminator = /[\r\n]/g;

  // Returns the event a line completes, if any.
  const feed = (line: string): SseMessage | null => {
    if (line === "") {
      if (event === null && data.length === 0) return null;
      const message = { event, data: data.join("\n") };
      event = null;
      data = [];
      return message;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    return null;
  };

  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    terminator.lastIndex = 0;
    for (let match = terminator.exec(pending); match; match = terminator.exec(pending)) {
      const at = match.index;
      // A \r at the very end may be the first half of a \r\n split across chunks.
      if (pending[at] === "\r" && at === pending.length - 1) break;
      const next = pending[at] === "\r" && pending[at + 1] === "\n" ? at + 2 : at + 1;
      const message = feed(pending.slice(start, at));
      start = next;
      terminator.lastIndex = next;
      if (message) yield message;
    }
    pending = pending.slice(start);
  }
  // The last line without its terminator still counts (it can only complete a field, never an
  // event, exactly as the SDK's flush).
  if (pending !== "") feed(pending.replace(/\r$/, ""));
}

/**
 * The JSON payloads of `chunks`' events. A malformed payload throws the SyntaxError of
 * JSON.parse (the caller reports it as a malformed event); `{"error": …}` becomes the
 * ModelError of a failed response.
 */
export async function* sseJson(chunks: AsyncIterable<string>): AsyncGenerator<unknown> {
  let done = false;
  for await (const message of sseMessages(chunks)) {
    // Whatever follows `[DONE]` is read and dropped, so the response still ends cleanly.
    if (done || message.data.startsWith("[DONE]")) {
      done = true;
      continue;
    }
    const payload: unknown = JSON.parse(message.data);
    const error = (payload as { error?: unknown } | null)?.error;
    if (error) {
      throw typeof error === "object"
        ? failedEventError(error)
        : streamDisconnected(`error event from server: ${JSON.stringify(error)}`);
    }
    yield payload;
  }
}
