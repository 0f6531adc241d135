// The answer form for an MCP server's `elicitation/create`: one row per field of the requested
// schema (text, number, yes/no, one-of, some-of), edited with the keyboard, checked field by
// field before it is sent. Pure state and rendering; the feature wires it to the session.
import type { ElicitationRequest } from "../../../protocol/index.js";
import {
  fieldError,
  parseFormSchema,
  parseTyped,
  type FormField,
} from "../../../mcp/client/elicitation-schema.js";
import type { KeyEvent, Theme } from "../../extension.js";
import { wrapLine } from "../../terminal/width.js";

export type FormOutcome =
  | { action: "accept"; content?: Record<string, unknown> }
  | { action: "decline" }
  | { action: "cancel" };

interface Row {
  field: FormField;
  /** What was typed, for text and number fields. */
  text: string;
  /** Current value for boolean / enum / multi fields. */
  value: unknown;
  /** Option cursor for enum and multi fields. */
  option: number;
}

export class ElicitationForm {
  private readonly rows: Row[] = [];
  private focus = 0;
  private error: string | null = null;

  constructor(
    readonly serverName: string,
    readonly request: ElicitationRequest,
  ) {
    if (request.mode !== "form") return;
    const parsed = parseFormSchema(request.requested_schema);
    // The client declines unrenderable forms before they get here; an empty form is the fallback.
    for (const field of parsed.ok ? parsed.fields : []) {
      const row: Row = { field, text: "", value: undefined, option: 0 };
      if (field.kind === "string" && field.default !== undefined) row.text = field.default;
      if (field.kind === "number" && field.default !== undefined) row.text = String(field.default);
      if (field.kind === "boolean") row.value = field.default ?? false;
      if (field.kind === "enum" && field.default !== undefined) {
        row.value = field.default;
        row.option = Math.max(
          0,
          field.options.findIndex((o) => o.value === field.default),
        );
      }
      if (field.kind === "multi") row.value = [...(field.default ?? [])];
      this.rows.push(row);
    }
  }

  /** Handle a key; an outcome ends the form. */
  handleKey(key: KeyEvent): FormOutcome | null {
    if (key.ctrl && key.name === "c") return { action: "cancel" };
    if (key.name === "escape") return { action: "decline" };
    if (key.name === "enter") return this.submit();
    if (this.request.mode === "url") return null;
    if (key.name === "tab" || key.name === "down") return this.move(key.shift ? -1 : 1);
    if (key.name === "up") return this.move(-1);
    const row = this.rows[this.focus];
    if (!row) return null;
    this.error = null;
    const f = row.field;
    if (f.kind === "string" || f.kind === "number") {
      if (key.name === "backspace") row.text = [...row.text].slice(0, -1).join("");
      else if (key.text !== undefined && !key.ctrl && !key.alt) row.text += key.text;
    } else if (f.kind === "boolean") {
      if (key.name === "space" || key.text === " ") row.value = row.value !== true;
      else if (key.text === "y" || key.text === "n") row.value = key.text === "y";
    } else {
      const n = f.options.length;
      if (key.name === "left") row.option = (row.option + n - 1) % n;
      else if (key.name === "right") row.option = (row.option + 1) % n;
      else if (key.name === "space" || key.text === " ") {
        const picked = f.options[row.option]?.value;
        if (f.kind === "enum") row.value = picked;
        else {
          const set = new Set(row.value as string[]);
          if (picked !== undefined && !set.delete(picked)) set.add(picked);
          row.value = f.options.map((o) => o.value).filter((v) => set.has(v));
        }
      }
    }
    return null;
  }

  /** Pasted text goes into the focused text field. */
  paste(text: string): void {
    const row = this.rows[this.focus];
    if (row && (row.field.kind === "string" || row.field.kind === "number"))
      row.text += text.replace(/\r?\n/g, " ");
  }

  private move(delta: number): null {
    if (this.rows.length > 0)
      this.focus = (this.focus + delta + this.rows.length) % this.rows.length;
    return null;
  }

  private valueOf(row: Row): unknown {
    const f = row.field;
    if (f.kind === "string" || f.kind === "number") return parseTyped(f, row.text);
    if (f.kind === "multi") {
      const list = row.value as string[];
      return list.length === 0 && !f.required ? undefined : list;
    }
    return row.value;
  }

  private submit(): FormOutcome | null {
    if (this.request.mode === "url") return { action: "accept" };
    const content: Record<string, unknown> = {};
    for (const [i, row] of this.rows.entries()) {
      const value = this.valueOf(row);
      const problem = fieldError(row.field, value);
      if (problem) {
        this.error = problem;
        this.focus = i;
        return null;
      }
      if (value !== undefined) content[row.field.name] = value;
    }
    return { action: "accept", content };
  }

  render(width: number, theme: Theme): string[] {
    const wrap = (text: string) => wrapLine(text, Math.max(10, width - 2), "");
    const lines: string[] = [];
    if (this.request.mode === "url") {
      lines.push(theme.bold(`MCP server \`${this.serverName}\` asks you to open a URL`), "");
      for (const l of wrap(this.request.message)) lines.push(l);
      lines.push("", theme.accent(this.request.url), "");
      lines.push(theme.dim("Enter open it (accept) · Esc decline · Ctrl-C cancel"));
      return lines;
    }
    lines.push(theme.bold(`MCP server \`${this.serverName}\` asks`), "");
    for (const l of wrap(this.request.message)) lines.push(l);
    lines.push("");
    for (const [i, row] of this.rows.entries()) {
      const f = row.field;
      const label = `${f.title}${f.required ? "*" : ""}: `;
      const mark = i === this.focus ? theme.accent("› ") : "  ";
      lines.push(mark + label + this.renderValue(row, i === this.focus, theme));
      if (i === this.focus && f.description) lines.push(`    ${theme.dim(f.description)}`);
    }
    lines.push("");
    if (this.error) lines.push(theme.red(this.error));
    lines.push(
      theme.dim(
        "Tab/↑↓ move · type to edit · ←→ Space choose · Enter submit · Esc decline · Ctrl-C cancel",
      ),
    );
    return lines;
  }

  private renderValue(row: Row, focused: boolean, theme: Theme): string {
    const f = row.field;
    if (f.kind === "string" || f.kind === "number") return row.text + (focused ? "▏" : "");
    if (f.kind === "boolean") return row.value === true ? "[x] yes" : "[ ] no";
    const chosen = f.kind === "enum" ? [row.value] : (row.value as string[]);
    return f.options
      .map((o, j) => {
        const box =
          f.kind === "enum"
            ? chosen.includes(o.value)
              ? "(•)"
              : "( )"
            : chosen.includes(o.value)
              ? "[x]"
              : "[ ]";
        const text = `${box} ${o.label}`;
        return focused && j === row.option ? theme.inverse(text) : text;
      })
      .join("  ");
  }
}
