// Colours and text attributes. NO_COLOR (or TERM=dumb) drops colours but keeps bold/dim/reverse;
// the background guess (COLORFGBG, or CODEX_TS_THEME=light|dark) picks readable foregrounds.

export type Background = "dark" | "light";

type Paint = (s: string) => string;

export interface Theme {
  readonly color: boolean;
  readonly background: Background;
  bold: Paint;
  dim: Paint;
  italic: Paint;
  underline: Paint;
  inverse: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
  gray: Paint;
  /** The one emphasis colour (prompts, selections, links). */
  accent: Paint;
  /** Raw SGR for syntax highlighting: returns "" when colour is off. */
  sgr(code: string): string;
  /** An OSC 8 hyperlink when colour is on, else the text and the URL. */
  link(text: string, url: string): string;
}

const wrap =
  (open: string, close: string): Paint =>
  (s) =>
    s === "" ? s : `\x1b[${open}m${s}\x1b[${close}m`;
const plain: Paint = (s) => s;

/** `COLORFGBG` is "fg;bg" (sometimes "fg;default;bg"): backgrounds 7 and 9–15 are light. */
export function detectBackground(env: NodeJS.ProcessEnv): Background {
  const forced = env.CODEX_TS_THEME?.toLowerCase();
  if (forced === "light" || forced === "dark") return forced;
  const parts = (env.COLORFGBG ?? "").split(";");
  const bg = parseInt(parts[parts.length - 1] ?? "", 10);
  if (Number.isNaN(bg)) return "dark";
  return bg === 7 || (bg >= 9 && bg <= 15) ? "light" : "dark";
}

export function colorEnabled(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return true;
}

export function createTheme(opts: { color: boolean; background: Background }): Theme {
  const c = (open: string): Paint => (opts.color ? wrap(open, "39") : plain);
  const light = opts.background === "light";
  return {
    color: opts.color,
    background: opts.background,
    bold: wrap("1", "22"),
    dim: wrap("2", "22"),
    italic: wrap("3", "23"),
    underline: wrap("4", "24"),
    inverse: wrap("7", "27"),
    red: c(light ? "31" : "91"),
    green: c(light ? "32" : "92"),
    yellow: c(light ? "33" : "93"),
    blue: c(light ? "34" : "94"),
    magenta: c(light ? "35" : "95"),
    cyan: c(light ? "36" : "96"),
    gray: c(light ? "90" : "37"),
    accent: c(light ? "34" : "96"),
    sgr: (code) => (opts.color ? `\x1b[${code}m` : ""),
    link: (text, url) =>
      opts.color
        ? `\x1b]8;;${url}\x07${wrap("4", "24")(text)}\x1b]8;;\x07`
        : text === url
          ? url
          : `${text} (${url})`,
  };
}

export function themeFromEnv(env: NodeJS.ProcessEnv): Theme {
  return createTheme({ color: colorEnabled(env), background: detectBackground(env) });
}
