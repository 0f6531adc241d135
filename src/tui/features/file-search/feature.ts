// Wires `@` file search into the app: watches the composer for an `@word` under the cursor,
// indexes the workspace in the background when one appears, and shows the popup.
import type { TuiApi } from "../../extension.js";
import type { PopupSlot } from "../ui/popup-slot.js";
import { startIndexing, type IndexerHandle } from "./indexer.js";
import { applyMention, findMentionToken } from "./mention-token.js";
import { PathIndex } from "./path-index.js";
import { FileSearchPopup } from "./popup.js";
import { FileSearch } from "./search.js";

const OWNER = "file-search";
/** A finished index older than this is rebuilt when the popup next opens (files change). */
const REINDEX_AFTER_MS = 10_000;

export interface FileSearchFeatureOptions {
  /** Path of `rg`; default: the bundled one. */
  rgPath?: string;
}

export class FileSearchFeature {
  private index: PathIndex | null = null;
  private indexer: IndexerHandle | null = null;
  private search: FileSearch | null = null;
  private unsubscribeSearch: (() => void) | null = null;
  private indexedAt = 0;
  private popup: FileSearchPopup | null = null;
  /** Start offset of an `@word` the user dismissed with Esc; it stays closed until left. */
  private dismissedAt: number | null = null;

  constructor(
    private readonly api: TuiApi,
    private readonly slot: PopupSlot,
    private readonly options: FileSearchFeatureOptions = {},
  ) {}

  install(): () => void {
    const off = this.api.composer.onChange(() => this.onComposerChange());
    return () => {
      off();
      this.dispose();
    };
  }

  private onComposerChange(): void {
    const token = findMentionToken(this.api.composer.text(), this.api.composer.cursor());
    if (!token) {
      this.dismissedAt = null;
      this.close();
      return;
    }
    if (this.dismissedAt !== null) {
      if (this.dismissedAt === token.start) return;
      this.dismissedAt = null;
    }
    this.open(token.query);
  }

  private open(query: string): void {
    if (!this.popup) {
      this.ensureFreshIndex();
      const popup = new FileSearchPopup(this.api.theme, {
        accept: (path) => this.accept(path),
        dismiss: () => {
          const token = findMentionToken(this.api.composer.text(), this.api.composer.cursor());
          this.dismissedAt = token?.start ?? null;
          this.close();
        },
      });
      if (!this.slot.show(OWNER, popup)) return;
      this.popup = popup;
    }
    this.search!.setQuery(query);
    this.popup.update(this.search!.snapshot());
    this.api.requestRedraw();
  }

  private accept(path: string): void {
    const composer = this.api.composer;
    const token = findMentionToken(composer.text(), composer.cursor());
    this.close();
    if (!token) return;
    const next = applyMention(composer.text(), token, path);
    composer.setText(next.text, next.cursor);
  }

  private close(): void {
    if (!this.popup) return;
    this.popup = null;
    this.slot.close(OWNER);
  }

  private ensureFreshIndex(): void {
    const stale =
      this.index !== null &&
      this.index.isComplete &&
      Date.now() - this.indexedAt > REINDEX_AFTER_MS;
    if (this.index && !stale) return;
    this.stopIndex();
    const index = new PathIndex();
    this.index = index;
    this.indexedAt = Date.now();
    this.search = new FileSearch(index);
    this.unsubscribeSearch = this.search.subscribe((snap) => {
      this.popup?.update(snap);
      this.api.requestRedraw();
    });
    this.indexer = startIndexing(index, { cwd: this.api.session.cwd, rgPath: this.options.rgPath });
  }

  private stopIndex(): void {
    this.indexer?.cancel();
    this.unsubscribeSearch?.();
    this.search?.dispose();
    this.indexer = null;
    this.search = null;
    this.unsubscribeSearch = null;
  }

  dispose(): void {
    this.close();
    this.stopIndex();
    this.index = null;
  }
}
