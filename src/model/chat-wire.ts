// Everything Chat Completions needs, imported by the client on the first request to a
// `wire_api = "chat"` provider: a Responses run never compiles it.
export { chatBody } from "./chat-request.js";
export { chatEvents } from "./chat-stream.js";
export { openWithSdk } from "./sdk-transport.js";
