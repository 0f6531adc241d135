// The schemas an MCP server may request in a form elicitation are a restricted JSON Schema: one
// flat object of primitive fields (string with an optional format, number/integer, boolean,
// single-select enum, multi-select enum array). This turns one into fields a front-end can
// render, says why when it cannot (the request is then declined, never left hanging), and checks
// an answer before it goes back to the server.

export interface FieldOption {
  value: string;
  label: string;
}

interface FieldBase {
  name: string;
  title: string;
  description?: string;
  required: boolean;
}

export type FormField =
  | (FieldBase & {
      kind: "string";
      minLength?: number;
      maxLength?: number;
      format?: "email" | "uri" | "date" | "date-time";
      default?: string;
    })
  | (FieldBase & {
      kind: "number";
      integer: boolean;
      minimum?: number;
      maximum?: number;
      default?: number;
    })
  | (FieldBase & { kind: "boolean"; default?: boolean })
  | (FieldBase & { kind: "enum"; options: FieldOption[]; default?: string })
  | (FieldBase & {
      kind: "multi";
      options: FieldOption[];
      minItems?: number;
      maxItems?: number;
      default?: string[];
    });

export type ParsedForm = { ok: true; fields: FormField[] } | { ok: false; reason: string };

const FORMATS = ["email", "uri", "date", "date-time"] as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `enum` (+ legacy `enumNames`) or `oneOf`/`anyOf` of `{const, title}`; undefined if neither. */
function optionsOf(s: Json): FieldOption[] | undefined {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) {
    const names = Array.isArray(s.enumNames) ? s.enumNames : [];
    return (s.enum as string[]).map((value, i) => ({
      value,
      label: typeof names[i] === "string" ? (names[i] as string) : value,
    }));
  }
  const list = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (list?.every((o) => isObj(o) && typeof o.const === "string"))
    return (list as Json[]).map((o) => ({
      value: o.const as string,
      label: str(o.title) ?? (o.const as string),
    }));
  return undefined;
}

function parseField(name: string, s: unknown, required: boolean): FormField | string {
  if (!isObj(s)) return `field \`${name}\` has no schema object`;
  const base: FieldBase = {
    name,
    title: str(s.title) ?? name,
    required,
    ...(str(s.description) !== undefined ? { description: str(s.description) } : {}),
  };
  switch (s.type) {
    case "string": {
      const options = optionsOf(s);
      if (options) return { ...base, kind: "enum", options, default: str(s.default) };
      const format = str(s.format);
      if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
        return `field \`${name}\` has the unsupported string format \`${format}\``;
      return {
        ...base,
        kind: "string",
        minLength: num(s.minLength),
        maxLength: num(s.maxLength),
        format: format as (typeof FORMATS)[number] | undefined,
        default: str(s.default),
      };
    }
    case "number":
    case "integer":
      return {
        ...base,
        kind: "number",
        integer: s.type === "integer",
        minimum: num(s.minimum),
        maximum: num(s.maximum),
        default: num(s.default),
      };
    case "boolean":
      return {
        ...base,
        kind: "boolean",
        default: typeof s.default === "boolean" ? s.default : undefined,
      };
    case "array": {
      const options = isObj(s.items) ? optionsOf(s.items) : undefined;
      if (!options) return `field \`${name}\` is an array whose items are not an enum of strings`;
      const def = Array.isArray(s.default)
        ? s.default.filter((v) => typeof v === "string")
        : undefined;
      return {
        ...base,
        kind: "multi",
        options,
        minItems: num(s.minItems),
        maxItems: num(s.maxItems),
        default: def,
      };
    }
    default:
      return `field \`${name}\` has the unsupported type ${JSON.stringify(s.type ?? null)}`;
  }
}

/** The fields of a requested schema, or why it cannot be shown as a form. */
export function parseFormSchema(schema: unknown): ParsedForm {
  if (!isObj(schema) || schema.type !== "object")
    return { ok: false, reason: "the requested schema is not an object schema" };
  const props = schema.properties ?? {};
  if (!isObj(props))
    return { ok: false, reason: "the requested schema's properties are not an object" };
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const fields: FormField[] = [];
  for (const [name, s] of Object.entries(props)) {
    const field = parseField(name, s, required.has(name));
    if (typeof field === "string") return { ok: false, reason: field };
    fields.push(field);
  }
  for (const name of required)
    if (!(name in props)) return { ok: false, reason: `required field \`${name}\` is not defined` };
  return { ok: true, fields };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `value` is not acceptable for `field`, or null. */
export function fieldError(field: FormField, value: unknown): string | null {
  if (value === undefined) return field.required ? `${field.title} is required` : null;
  switch (field.kind) {
    case "string": {
      if (typeof value !== "string") return `${field.title} must be text`;
      if (field.minLength !== undefined && value.length < field.minLength)
        return `${field.title} needs at least ${field.minLength} characters`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `${field.title} takes at most ${field.maxLength} characters`;
      if (field.format === "email" && !EMAIL.test(value))
        return `${field.title} must be an email address`;
      if (field.format === "uri" && !URL.canParse(value)) return `${field.title} must be a URL`;
      if (field.format === "date" && !DATE.test(value))
        return `${field.title} must be a date (YYYY-MM-DD)`;
      if (field.format === "date-time" && Number.isNaN(Date.parse(value)))
        return `${field.title} must be a date and time`;
      return null;
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value))
        return `${field.title} must be a number`;
      if (field.integer && !Number.isInteger(value)) return `${field.title} must be a whole number`;
      if (field.minimum !== undefined && value < field.minimum)
        return `${field.title} must be at least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum)
        return `${field.title} must be at most ${field.maximum}`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : `${field.title} must be true or false`;
    case "enum":
      return typeof value === "string" && field.options.some((o) => o.value === value)
        ? null
        : `${field.title} must be one of ${field.options.map((o) => o.value).join(", ")}`;
    case "multi": {
      if (!Array.isArray(value) || !value.every((v) => field.options.some((o) => o.value === v)))
        return `${field.title} must be a selection of ${field.options.map((o) => o.value).join(", ")}`;
      if (field.minItems !== undefined && value.length < field.minItems)
        return `${field.title} needs at least ${field.minItems} selected`;
      if (field.maxItems !== undefined && value.length > field.maxItems)
        return `${field.title} takes at most ${field.maxItems} selected`;
      return null;
    }
  }
}

/** The first problem with a whole answer (unknown keys included), or null. */
export function contentError(fields: FormField[], content: Record<string, unknown>): string | null {
  for (const key of Object.keys(content))
    if (!fields.some((f) => f.name === key)) return `\`${key}\` is not a field of the form`;
  for (const f of fields) {
    const e = fieldError(f, content[f.name]);
    if (e) return e;
  }
  return null;
}

/** Parse what a user typed for a text-entered field (string or number). */
export function parseTyped(field: FormField, text: string): unknown {
  if (text === "") return undefined;
  if (field.kind === "number") return Number(text.trim());
  return text;
}
