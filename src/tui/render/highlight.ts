// Syntax highlighting of code blocks: highlight.js (core + common languages) turned into ANSI.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import type { Theme } from "../terminal/theme.js";

const LANGUAGES = {
  bash,
  c,
  cpp,
  css,
  diff,
  go,
  ini,
  java,
  javascript,
  json,
  markdown,
  python,
  ruby,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, def] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, def);
const ALIASES: Record<string, string> = {
  sh: "bash",
  zsh: "bash",
  console: "shell",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  ts: "typescript",
  tsx: "typescript",
  py: "python",
  rs: "rust",
  golang: "go",
  toml: "ini",
  yml: "yaml",
  html: "xml",
  patch: "diff",
  rb: "ruby",
  "c++": "cpp",
  h: "c",
  hpp: "cpp",
  md: "markdown",
};

/** SGR codes per highlight.js scope, for dark and light backgrounds. */
const SCOPES: Record<string, [dark: string, light: string]> = {
  keyword: ["95", "35"],
  built_in: ["96", "36"],
  type: ["96", "36"],
  literal: ["93", "33"],
  number: ["93", "33"],
  string: ["92", "32"],
  regexp: ["92", "32"],
  comment: ["2;3", "2;3"],
  doctag: ["2;3", "2;3"],
  meta: ["90", "90"],
  title: ["94", "34"],
  "title.function": ["94", "34"],
  "title.class": ["96", "36"],
  params: ["39", "39"],
  attr: ["93", "33"],
  attribute: ["93", "33"],
  variable: ["91", "31"],
  "template-variable": ["91", "31"],
  symbol: ["93", "33"],
  tag: ["94", "34"],
  name: ["94", "34"],
  selector: ["95", "35"],
  "selector-class": ["93", "33"],
  addition: ["92", "32"],
  deletion: ["91", "31"],
  section: ["94;1", "34;1"],
  bullet: ["93", "33"],
  emphasis: ["3", "3"],
  strong: ["1", "1"],
  subst: ["39", "39"],
};

function sgrFor(cls: string, theme: Theme): string | null {
  // "hljs-title function_" → "title.function"
  const names = cls
    .split(/\s+/)
    .map((n) => n.replace(/^hljs-/, "").replace(/_+$/, ""))
    .filter(Boolean);
  const key = names.length > 1 ? `${names[0]}.${names[1]}` : (names[0] ?? "");
  const pair = SCOPES[key] ?? SCOPES[names[0] ?? ""];
  if (!pair) return null;
  return theme.sgr(theme.background === "light" ? pair[1] : pair[0]) || null;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

export function resolveLanguage(lang: string | undefined): string | null {
  if (!lang) return null;
  const l = lang.toLowerCase().trim().split(/\s+/)[0] ?? "";
  const name = ALIASES[l] ?? l;
  return hljs.getLanguage(name) ? name : null;
}

/** Highlight `code` as `lang`; one ANSI string per source line. Unknown languages stay plain. */
export function highlightCode(code: string, lang: string | undefined, theme: Theme): string[] {
  const name = resolveLanguage(lang);
  if (!name || !theme.color) return code.split("\n");
  let html: string;
  try {
    html = hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return code.split("\n");
  }
  const lines: string[] = [];
  const stack: (string | null)[] = [];
  let cur = "";
  const open = () => stack.filter((s): s is string => s !== null).join("");
  const re = /<span class="([^"]*)">|<\/span>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1] !== undefined) {
      const sgr = sgrFor(m[1], theme);
      stack.push(sgr);
      if (sgr) cur += sgr;
    } else if (m[0] === "</span>") {
      const popped = stack.pop();
      if (popped) cur += "\x1b[0m" + open();
    } else if (m[2] !== undefined) {
      const parts = decodeEntities(m[2]).split("\n");
      cur += parts[0];
      for (let i = 1; i < parts.length; i++) {
        lines.push(cur + (stack.some((s) => s) ? "\x1b[0m" : ""));
        cur = open() + parts[i];
      }
    }
  }
  lines.push(cur);
  return lines;
}
