// Saved sessions for the resume picker, loaded a page at a time: those started in the current
// directory first, then (unless `all`, which lists everything newest first) the others.
import { listSessions, type SessionSummary } from "../../../rollout/index.js";

export const PAGE_SIZE = 100;

export interface PickerSession extends SessionSummary {
  /** Started in the picker's directory. */
  here: boolean;
}

type Phase = "here" | "elsewhere" | "all" | "done";

export class SessionSource {
  private phase: Phase;
  private cursor: string | null = null;
  private loading: Promise<void> | null = null;
  readonly sessions: PickerSession[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly params: { codexHome: string; cwd: string; all: boolean }) {
    this.phase = params.all ? "all" : "here";
  }

  get exhausted(): boolean {
    return this.phase === "done";
  }

  /** Load the next page (no-op when everything is loaded or a load is running). */
  loadMore(): Promise<void> {
    if (this.phase === "done") return Promise.resolve();
    this.loading ??= this.loadPage().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Load until at least `count` sessions are known or none are left. */
  async loadAtLeast(count: number): Promise<void> {
    while (this.sessions.length < count && !this.exhausted) await this.loadMore();
  }

  private async loadPage(): Promise<void> {
    const { codexHome, cwd } = this.params;
    const phase = this.phase;
    const page = await listSessions({
      codexHome,
      cwd: phase === "here" ? cwd : undefined,
      limit: PAGE_SIZE,
      cursor: this.cursor,
    });
    for (const s of page.sessions) {
      if (this.seen.has(s.path)) continue;
      this.seen.add(s.path);
      this.sessions.push({ ...s, here: s.cwd === cwd });
    }
    this.cursor = page.nextCursor;
    if (page.nextCursor === null || page.sessions.length === 0) {
      this.cursor = null;
      this.phase = phase === "here" ? "elsewhere" : "done";
    }
  }
}

/** Case-insensitive: every word of `filter` appears in the message, the id or the directory. */
export function matchesFilter(session: SessionSummary, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay =
    `${session.firstUserMessage ?? ""}\n${session.id}\n${session.cwd ?? ""}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}
