// Loading the openai SDK, which only Chat Completions providers use (./sdk-transport.ts). Kept
// apart so callers can start the load early without importing the chat code itself.
type OpenAIModule = typeof import("openai");

let sdk: Promise<OpenAIModule> | undefined;

/** Starts loading the openai SDK; call early to overlap it with other start-up work. */
export function preloadModelSdk(): Promise<OpenAIModule> {
  sdk ??= import("openai");
  return sdk;
}
