// Model-facing names for MCP tools: `server__tool`, limited to what the Responses API accepts
// (`^[a-zA-Z0-9_-]+$`, at most 64 characters). Names that had to change and would collide, or that
// are too long, get a short hash of the exact (server, tool) pair so they stay unique and stable.
import { createHash } from "node:crypto";

export const MCP_TOOL_NAME_DELIMITER = "__";
export const MAX_TOOL_NAME_LENGTH = 64;

export interface ServerTool {
  server: string;
  tool: string;
}

function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_");
}

function hashOf(t: ServerTool, length: number): string {
  return createHash("sha1").update(`${t.server}\0${t.tool}`).digest("hex").slice(0, length);
}

function withHash(base: string, t: ServerTool, hashLength: number): string {
  const suffix = `_${hashOf(t, hashLength)}`;
  return base.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length) + suffix;
}

/**
 * Assign every (server, tool) a unique valid name. Deterministic: pairs are named in sorted
 * order, so the same configuration always yields the same names. `taken` are names already in
 * use (built-in tools).
 */
export function qualifyToolNames(
  tools: readonly ServerTool[],
  taken: Iterable<string> = [],
): Map<string, ServerTool> {
  const sorted = [...tools].sort((a, b) =>
    a.server === b.server ? (a.tool < b.tool ? -1 : 1) : a.server < b.server ? -1 : 1,
  );
  const used = new Set(taken);
  const byName = new Map<string, ServerTool>();
  const exactOf = (t: ServerTool) => `${t.server}${MCP_TOOL_NAME_DELIMITER}${t.tool}`;
  const valid = (n: string) => n.length <= MAX_TOOL_NAME_LENGTH && sanitize(n) === n;
  // Names that are already valid keep their exact spelling; only the others may be changed.
  const rest: ServerTool[] = [];
  for (const t of sorted) {
    const exact = exactOf(t);
    if (valid(exact) && !used.has(exact)) {
      used.add(exact);
      byName.set(exact, t);
    } else rest.push(t);
  }
  for (const t of rest) {
    const base = sanitize(exactOf(t));
    let name = base;
    if (name.length > MAX_TOOL_NAME_LENGTH || used.has(name)) {
      let hashLength = 8;
      name = withHash(base, t, hashLength);
      while (used.has(name) && hashLength < 40) name = withHash(base, t, (hashLength += 4));
    }
    used.add(name);
    byName.set(name, t);
  }
  return byName;
}
