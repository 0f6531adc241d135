// Display form of an argv, as Codex prints commands (`/bin/bash -lc 'echo hi'`): words made only
// of shell-inert characters stay bare, others are single-quoted, and embedded single quotes are
// spliced in double quotes. For display only — never fed back to a shell by us.

const BARE_WORD = /^[A-Za-z0-9+\-./:@\]_]+$/;

export function shellQuote(word: string): string {
  if (word === "") return "''";
  if (BARE_WORD.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  return word
    .split(/('+)/)
    .filter((chunk) => chunk !== "")
    .map((chunk) => (chunk.startsWith("'") ? `"${chunk}"` : `'${chunk}'`))
    .join("");
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}
