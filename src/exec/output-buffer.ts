// Bounded capture of a command's output: the first and last bytes are kept, the middle is
// counted and dropped. Memory use is fixed at construction, so a command printing
// gigabytes costs the same as one printing a page.

/** Default capacity per capture (head + tail). Matches upstream's 1 MiB unified-exec cap. */
export const DEFAULT_CAPTURE_BYTES = 1024 * 1024;

/** A decoded snapshot of a {@link HeadTailBuffer}. */
export interface CapturedOutput {
  /**
   * The output as text. When nothing was dropped this is the whole output; otherwise it
   * is `head`, a line saying how many bytes were dropped, then `tail` (for display only —
   * model-facing truncation uses `head`/`tail` directly).
   */
  text: string;
  /** Decoded first bytes (the whole output when `omittedBytes` is 0). */
  head: string;
  /** Decoded last bytes ("" when `omittedBytes` is 0). */
  tail: string;
  /** Raw bytes dropped between head and tail. */
  omittedBytes: number;
  /** Raw bytes the command wrote. */
  totalBytes: number;
  /** Lines as Rust's `str::lines()` counts them: a final line without `\n` counts too. */
  totalLines: number;
}

const NEWLINE = 0x0a;

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a continuation/invalid byte. */
function utf8SequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/** Drops a multi-byte character cut off at the end, so the cut does not decode as U+FFFD. */
export function trimIncompleteUtf8End(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = utf8SequenceLength(byte);
    return need > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/** Skips continuation bytes left over from a character whose start was cut off. */
export function trimIncompleteUtf8Start(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < 3 && start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return bytes.subarray(start);
}

const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Lossy UTF-8 decode: invalid bytes become U+FFFD, never an exception. */
export function decodeLossy(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export class HeadTailBuffer {
  private readonly headCapacity: number;
  private readonly tailCapacity: number;
  /** Grows by doubling up to `headCapacity`, so a small output costs only its own size. */
  private head: Buffer = Buffer.alloc(0);
  private headLength = 0;
  /** Ring buffer, allocated once output outgrows the head; `tailStart` is the oldest byte. */
  private tail: Buffer | null = null;
  private tailStart = 0;
  private tailLength = 0;
  private newlines = 0;
  private lastByte = -1;
  private total = 0;

  constructor(readonly capacity: number = DEFAULT_CAPTURE_BYTES) {
    this.headCapacity = Math.floor(capacity / 2);
    this.tailCapacity = capacity - this.headCapacity;
  }

  get totalBytes(): number {
    return this.total;
  }

  get omittedBytes(): number {
    return this.total - this.headLength - this.tailLength;
  }

  get totalLines(): number {
    if (this.total === 0) return 0;
    return this.newlines + (this.lastByte === NEWLINE ? 0 : 1);
  }

  push(chunk: Uint8Array): void {
    const length = chunk.length;
    if (length === 0) return;
    this.total += length;
    this.lastByte = chunk[length - 1] as number;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      this.newlines++;
    }

    let offset = 0;
    const headRoom = this.headCapacity - this.headLength;
    if (headRoom > 0) {
      const take = Math.min(headRoom, length);
      this.ensureHeadRoom(this.headLength + take);
      this.head.set(chunk.subarray(0, take), this.headLength);
      this.headLength += take;
      offset = take;
    }
    if (offset < length) this.pushTail(chunk.subarray(offset));
  }

  private ensureHeadRoom(needed: number): void {
    if (needed <= this.head.length) return;
    const size = Math.min(this.headCapacity, Math.max(needed, this.head.length * 2, 4096));
    const grown = Buffer.allocUnsafe(size);
    this.head.copy(grown, 0, 0, this.headLength);
    this.head = grown;
  }

  private pushTail(bytes: Uint8Array): void {
    const capacity = this.tailCapacity;
    if (capacity === 0) return;
    const tail = (this.tail ??= Buffer.allocUnsafe(capacity));
    if (bytes.length >= capacity) {
      tail.set(bytes.subarray(bytes.length - capacity));
      this.tailStart = 0;
      this.tailLength = capacity;
      return;
    }
    // Write position is just after the newest byte.
    let write = (this.tailStart + this.tailLength) % capacity;
    const firstPart = Math.min(bytes.length, capacity - write);
    tail.set(bytes.subarray(0, firstPart), write);
    if (firstPart < bytes.length) tail.set(bytes.subarray(firstPart), 0);
    write = (write + bytes.length) % capacity;
    const newLength = this.tailLength + bytes.length;
    if (newLength > capacity) {
      this.tailLength = capacity;
      this.tailStart = write;
    } else {
      this.tailLength = newLength;
    }
  }

  private tailBytes(): Buffer {
    const tail = this.tail;
    if (tail === null || this.tailLength === 0) return Buffer.alloc(0);
    if (this.tailStart + this.tailLength <= tail.length) {
      return Buffer.from(tail.subarray(this.tailStart, this.tailStart + this.tailLength));
    }
    const firstPart = tail.subarray(this.tailStart);
    const secondPart = tail.subarray(0, this.tailLength - firstPart.length);
    return Buffer.concat([firstPart, secondPart]);
  }

  /** The kept bytes, head then tail (contiguous only when nothing was omitted). */
  rawBytes(): { head: Buffer; tail: Buffer } {
    return { head: Buffer.from(this.head.subarray(0, this.headLength)), tail: this.tailBytes() };
  }

  snapshot(): CapturedOutput {
    const { head, tail } = this.rawBytes();
    const omittedBytes = this.omittedBytes;
    if (omittedBytes === 0) {
      const text = decodeLossy(Buffer.concat([head, tail]));
      return {
        text,
        head: text,
        tail: "",
        omittedBytes,
        totalBytes: this.total,
        totalLines: this.totalLines,
      };
    }
    const headText = decodeLossy(trimIncompleteUtf8End(head));
    const tailText = decodeLossy(trimIncompleteUtf8Start(tail));
    return {
      text: `${headText}\n[… ${omittedBytes} bytes omitted …]\n${tailText}`,
      head: headText,
      tail: tailText,
      omittedBytes,
      totalBytes: this.total,
      totalLines: this.totalLines,
    };
  }

  /** Returns the snapshot and starts over empty (unified exec hands out output per call). */
  take(): CapturedOutput {
    const snapshot = this.snapshot();
    this.reset();
    return snapshot;
  }

  reset(): void {
    this.head = Buffer.alloc(0);
    this.headLength = 0;
    this.tail = null;
    this.tailStart = 0;
    this.tailLength = 0;
    this.newlines = 0;
    this.lastByte = -1;
    this.total = 0;
  }
}

/** Wraps a fully known string as a capture (useful for formatting already-collected text). */
export function capturedFromText(text: string): CapturedOutput {
  const bytes = Buffer.byteLength(text);
  let newlines = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) newlines++;
  const totalLines = text.length === 0 ? 0 : newlines + (text.endsWith("\n") ? 0 : 1);
  return { text, head: text, tail: "", omittedBytes: 0, totalBytes: bytes, totalLines };
}
