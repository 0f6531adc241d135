// highlight.js is loaded in the background at start-up (it is the TUI's largest dependency), so
// the first frame does not wait for it; code blocks rendered before it arrives stay plain.
import type { Theme } from "../terminal/theme.js";

type Impl = typeof import("./highlight.js");
let impl: Impl | null = null;
let loading: Promise<void> | null = null;

export function preloadHighlighter(): Promise<void> {
  loading ??= import("./highlight.js").then((m) => {
    impl = m;
  });
  return loading;
}

export function highlightCode(code: string, lang: string | undefined, theme: Theme): string[] {
  return impl ? impl.highlightCode(code, lang, theme) : code.split("\n");
}
