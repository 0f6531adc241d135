// Shell completion scripts generated from the command tree, so they never drift from the CLI.
import type { Command, Option } from "commander";

interface Node {
  path: string[];
  subcommands: string[];
  options: string[];
}

function walk(cmd: Command, path: string[], out: Node[]): void {
  const options = cmd.options.flatMap((o: Option) =>
    [o.short, o.long].filter((x): x is string => !!x),
  );
  options.push("-h", "--help");
  // Hidden commands (Codex subcommands codex-ts only refuses) are not offered.
  const visible = new Set(cmd.createHelp().visibleCommands(cmd));
  const shown = cmd.commands.filter((c) => visible.has(c));
  const subcommands = shown.flatMap((c) => [c.name(), ...c.aliases()]);
  out.push({ path, subcommands, options });
  for (const c of shown) walk(c, [...path, c.name()], out);
}

function nodes(program: Command): Node[] {
  const out: Node[] = [];
  walk(program, [], out);
  return out;
}

function bash(program: Command): string {
  const cases = nodes(program)
    .map((n) => {
      const key = ["codex", ...n.path].join("__");
      return `        ${key})\n            opts="${[...n.subcommands, ...n.options].join(" ")}"\n            ;;`;
    })
    .join("\n");
  const transitions = nodes(program)
    .flatMap((n) => {
      const key = ["codex", ...n.path].join("__");
      return n.subcommands.map((s) => `            ${key},${s}) cmd="${key}__${s}" ;;`);
    })
    .join("\n");
  return `_codex() {
    local i cur cmd opts
    COMPREPLY=()
    cur="\${COMP_WORDS[COMP_CWORD]}"
    cmd="codex"
    for i in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        case "\${cmd},\${i}" in
${transitions}
        esac
    done
    case "\${cmd}" in
${cases}
    esac
    COMPREPLY=( $(compgen -W "\${opts}" -- "\${cur}") )
    return 0
}
complete -F _codex -o bashdefault -o default codex
`;
}

function zsh(program: Command): string {
  const lines = nodes(program).map((n) => {
    const key = ["codex", ...n.path].join(" ");
    return `    "${key}") words_for=(${[...n.subcommands, ...n.options].map((w) => `'${w}'`).join(" ")}) ;;`;
  });
  return `#compdef codex
_codex() {
    local -a words_for
    local path_key="codex"
    local w
    for w in \${words[2,CURRENT-1]}; do
        [[ "$w" == -* ]] && continue
        path_key="$path_key $w"
    done
    case "$path_key" in
${lines.join("\n")}
    *) words_for=() ;;
    esac
    compadd -- \${words_for[@]}
}
compdef _codex codex
`;
}

function fish(program: Command): string {
  const out: string[] = ["complete -c codex -f"];
  for (const n of nodes(program)) {
    const cond =
      n.path.length === 0
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${n.path[n.path.length - 1]}`;
    for (const s of n.subcommands) out.push(`complete -c codex -n '${cond}' -a '${s}'`);
    for (const o of n.options) {
      if (o.startsWith("--")) out.push(`complete -c codex -n '${cond}' -l '${o.slice(2)}'`);
      else out.push(`complete -c codex -n '${cond}' -s '${o.slice(1)}'`);
    }
  }
  return out.join("\n") + "\n";
}

export function runCompletion(program: Command, shell: string): number {
  const generators: Record<string, (p: Command) => string> = { bash, zsh, fish };
  const gen = generators[shell];
  if (!gen) {
    process.stderr.write(`error: unsupported shell '${shell}' (expected bash, zsh or fish)\n`);
    return 2;
  }
  process.stdout.write(gen(program));
  return 0;
}
