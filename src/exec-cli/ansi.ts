// Minimal ANSI styling for the human output; a disabled Styler returns text untouched so
// `--color never` output is byte-for-byte plain.

export type ColorMode = "always" | "never" | "auto";

/** `auto` colours only a terminal, and never when `NO_COLOR` is set to a non-empty value. */
export function resolveColor(
  mode: ColorMode,
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

export type StyleName = keyof typeof CODES;

export class Styler {
  constructor(readonly enabled: boolean) {}

  paint(text: string, ...styles: StyleName[]): string {
    if (!this.enabled || styles.length === 0 || text === "") return text;
    const open = styles.map((s) => `\x1b[${CODES[s][0]}m`).join("");
    const close = styles
      .map((s) => `\x1b[${CODES[s][1]}m`)
      .reverse()
      .join("");
    return `${open}${text}${close}`;
  }
}
