// Component tests of the popups: what they draw and what keys do.
import { describe, expect, it } from "vitest";
import type { SlashCommand } from "../../extension.js";
import { key } from "../../terminal/keys.js";
import { createTheme } from "../../terminal/theme.js";
import { stringWidth, stripAnsi } from "../../terminal/width.js";
import { FileSearchPopup, fitPath } from "../file-search/popup.js";
import { matchPositions, prepareQuery } from "../file-search/scorer.js";
import type { SearchSnapshot } from "../file-search/search.js";
import { PickerPopup } from "../slash/picker-popup.js";
import { SlashPopup } from "../slash/popup.js";
import { ListSelection, renderList } from "./list-view.js";

const theme = createTheme({ color: true, background: "dark" });
const plain = (ls: string[]) => ls.map(stripAnsi);

function snapshot(
  query: string,
  paths: string[],
  over: Partial<SearchSnapshot> = {},
): SearchSnapshot {
  return {
    query,
    matches: paths.map((path, i) => ({ path, score: 100 - i, positions: [0] })),
    indexed: 1234,
    indexing: false,
    caughtUp: true,
    error: null,
    ...over,
  };
}

describe("renderList", () => {
  it("marks the selection, aligns descriptions and scrolls to keep the selection visible", () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      label: `item${i}`,
      description: `desc ${i}`,
    }));
    const sel = new ListSelection();
    sel.selected = 10;
    const out = plain(renderList(rows, sel, 40, 4, theme));
    expect(out).toHaveLength(4);
    expect(out.at(-1)).toBe("› item10  desc 10");
    expect(out[0]).toBe("  item7   desc 7");
    expect(out.every((l) => stringWidth(l) <= 40)).toBe(true);
  });

  it("wraps selection moves around the ends", () => {
    const sel = new ListSelection();
    sel.move(-1, 5);
    expect(sel.selected).toBe(4);
    sel.move(1, 5);
    expect(sel.selected).toBe(0);
  });
});

describe("FileSearchPopup", () => {
  it("shows matches; Down + Tab inserts the second one", () => {
    const chosen: string[] = [];
    const popup = new FileSearchPopup(theme, { accept: (p) => chosen.push(p), dismiss: () => {} });
    popup.update(snapshot("ma", ["src/main.ts", "docs/manual.md"]));
    expect(plain(popup.render(40))).toEqual(["› src/main.ts", "  docs/manual.md"]);
    expect(popup.handleKey(key("down"))).toBe(true);
    expect(popup.handleKey(key("tab"))).toBe(true);
    expect(chosen).toEqual(["docs/manual.md"]);
  });

  it("Enter inserts the selection; Esc dismisses; typing passes through", () => {
    const events: string[] = [];
    const popup = new FileSearchPopup(theme, {
      accept: (p) => events.push(`accept ${p}`),
      dismiss: () => events.push("dismiss"),
    });
    popup.update(snapshot("ma", ["src/main.ts"]));
    expect(popup.handleKey(key("x", { text: "x" }))).toBe(false);
    expect(popup.handleKey(key("enter"))).toBe(true);
    expect(popup.handleKey(key("escape"))).toBe(true);
    expect(events).toEqual(["accept src/main.ts", "dismiss"]);
  });

  it("says when it is still indexing, found nothing, or failed", () => {
    const popup = new FileSearchPopup(theme, { accept: () => {}, dismiss: () => {} });
    popup.update(snapshot("zz", [], { indexing: true }));
    expect(plain(popup.render(40))).toEqual(["  Searching…"]);
    popup.update(snapshot("zz", []));
    expect(plain(popup.render(40))).toEqual(["  No matching files"]);
    popup.update(snapshot("ma", ["a.ts"], { indexing: true }));
    expect(plain(popup.render(40)).at(-1)).toBe("  indexing… 1,234 files");
    popup.update(snapshot("ma", [], { error: "file search unavailable (ripgrep not installed)" }));
    expect(plain(popup.render(60))[0]).toContain("file search unavailable");
    // With nothing to insert, Enter falls through to the composer.
    expect(popup.handleKey(key("enter"))).toBe(false);
  });

  it("keeps the end of a path that is too long for the row", () => {
    const popup = new FileSearchPopup(theme, { accept: () => {}, dismiss: () => {} });
    const path = "packages/very/long/directory/structure/component/widgetFactory.ts";
    const positions = matchPositions(prepareQuery("wf"), path)!;
    popup.update({ ...snapshot("wf", [path]), matches: [{ path, score: 1, positions }] });
    const [row] = popup.render(30);
    expect(stripAnsi(row!)).toBe("› …/component/widgetFactory.ts");
    expect(row).toContain(theme.bold(theme.accent("w")));
    expect(row).toContain(theme.bold(theme.accent("F")));
    expect(fitPath(path, [0, 50], 10)).toEqual({ label: "…actory.ts", highlight: [] });
    expect(fitPath("short.ts", [1], 10)).toEqual({ label: "short.ts", highlight: [1] });
  });

  it("resets the selection when the query changes", () => {
    const popup = new FileSearchPopup(theme, { accept: () => {}, dismiss: () => {} });
    popup.update(snapshot("m", ["a", "b", "c"]));
    popup.handleKey(key("down"));
    popup.handleKey(key("down"));
    expect(popup.selectedPath()).toBe("c");
    popup.update(snapshot("m", ["a", "b", "c"]));
    expect(popup.selectedPath()).toBe("c");
    popup.update(snapshot("ma", ["a", "b", "c"]));
    expect(popup.selectedPath()).toBe("a");
  });
});

describe("SlashPopup", () => {
  const cmd = (name: string, description: string, availableDuringTask?: boolean): SlashCommand => ({
    name,
    description,
    availableDuringTask,
    run() {},
  });
  const commands = [
    cmd("model", "choose the model"),
    cmd("mention", "mention a file", true),
    cmd("status", "show status", true),
  ];

  it("filters, completes with Tab and runs with Enter", () => {
    const events: string[] = [];
    const popup = new SlashPopup(
      theme,
      {
        complete: (n) => events.push(`complete ${n}`),
        run: (n) => events.push(`run ${n}`),
        dismiss: () => {},
      },
      () => false,
    );
    expect(popup.update(commands, "m")).toBe(2);
    expect(plain(popup.render(50))).toEqual([
      "› /model    choose the model",
      "  /mention  mention a file",
    ]);
    popup.handleKey(key("down"));
    popup.handleKey(key("tab"));
    popup.handleKey(key("up"));
    popup.handleKey(key("enter"));
    expect(events).toEqual(["complete mention", "run model"]);
  });

  it("dims commands that cannot run during a turn", () => {
    const popup = new SlashPopup(
      theme,
      { complete: () => {}, run: () => {}, dismiss: () => {} },
      () => true,
    );
    popup.update(commands, "");
    const [model, mention] = popup.render(60);
    expect(model).toContain("\x1b[2m");
    expect(mention!.includes("\x1b[2m/mention")).toBe(false);
  });
});

describe("PickerPopup", () => {
  it("starts on the current item; digits and Enter choose; Esc cancels", () => {
    const chosen: string[] = [];
    let cancelled = false;
    const picker = {
      title: "Approval mode",
      hint: "hint text",
      items: ["Read Only", "Auto", "Full Access"].map((label, i) => ({
        label,
        description: `d${i}`,
        current: i === 1,
        actions: [],
      })),
    };
    const popup = new PickerPopup(
      picker,
      theme,
      (item) => chosen.push(item.label),
      () => (cancelled = true),
    );
    const out = plain(popup.render(60));
    expect(out[0]).toBe("Approval mode");
    expect(out[1]).toBe("hint text");
    expect(out[3]).toMatch(/^› 2\. Auto \(current\)\s+d1$/);
    expect(out.at(-1)).toContain("Esc");
    popup.handleKey(key("enter"));
    popup.handleKey(key("3", { text: "3" }));
    expect(popup.handleKey(key("x", { text: "x" }))).toBe(true);
    popup.handleKey(key("escape"));
    expect(chosen).toEqual(["Auto", "Full Access"]);
    expect(cancelled).toBe(true);
  });

  it("shows the empty text when there is nothing to choose", () => {
    const popup = new PickerPopup(
      { title: "Branches", items: [], emptyText: "No branches." },
      theme,
      () => {},
      () => {},
    );
    expect(plain(popup.render(40))[1]).toBe("  No branches.");
  });
});
