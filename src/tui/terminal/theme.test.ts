import { describe, expect, it } from "vitest";
import { colorEnabled, createTheme, detectBackground } from "./theme.js";

describe("theme", () => {
  it("reads the background from COLORFGBG, with an explicit override", () => {
    expect(detectBackground({ COLORFGBG: "15;0" })).toBe("dark");
    expect(detectBackground({ COLORFGBG: "0;15" })).toBe("light");
    expect(detectBackground({ COLORFGBG: "0;default;7" })).toBe("light");
    expect(detectBackground({})).toBe("dark");
    expect(detectBackground({ COLORFGBG: "0;15", CODEX_TS_THEME: "dark" })).toBe("dark");
  });

  it("NO_COLOR and TERM=dumb drop colours but keep attributes", () => {
    expect(colorEnabled({ NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ TERM: "dumb" })).toBe(false);
    expect(colorEnabled({})).toBe(true);
    const t = createTheme({ color: false, background: "dark" });
    expect(t.red("x")).toBe("x");
    expect(t.bold("x")).toBe("\x1b[1mx\x1b[22m");
    expect(t.link("docs", "https://x.y")).toBe("docs (https://x.y)");
  });

  it("picks darker colours for light backgrounds", () => {
    expect(createTheme({ color: true, background: "dark" }).green("x")).toContain("\x1b[92m");
    expect(createTheme({ color: true, background: "light" }).green("x")).toContain("\x1b[32m");
  });
});
