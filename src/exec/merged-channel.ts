// One stream that a child's stdout and stderr both write to, so their interleaving is
// exactly what the command produced (as with `2>&1`). Two separate pipes cannot give
// that: by the time we read, writes to both are already queued and their order is lost.
// Node has no pipe(2), so the channel is a connected pair of Unix-domain sockets — the
// same kind of descriptor Node itself gives children for `stdio: "pipe"`.

import { randomBytes } from "node:crypto";
import { unlink } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface MergedChannel {
  /** Pass as the child's fd 1 and fd 2, then destroy our copy right after spawning. */
  childEnd: net.Socket;
  /** Where the child's output arrives; ends when every copy of `childEnd` is closed. */
  readEnd: net.Socket;
}

function channelAddress(): { path: string; abstract: boolean } {
  const name = `codex-ts-exec-${process.pid}-${randomBytes(8).toString("hex")}`;
  // Linux abstract sockets leave nothing on disk and need no cleanup.
  if (process.platform === "linux") return { path: `\0${name}`, abstract: true };
  return { path: join(tmpdir(), `${name}.sock`), abstract: false };
}

/** Size of the reusable read buffer used when a chunk callback is given. */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Opens a channel. With `onChunk`, output is read into one reusable buffer and handed
 * over as views of it (valid only during the call), so a command printing gigabytes
 * does not make us allocate (and later collect) gigabytes of short-lived buffers; no
 * `data` events are emitted then.
 */
export async function openMergedChannel(onChunk?: (chunk: Buffer) => void): Promise<MergedChannel> {
  const { path, abstract } = channelAddress();
  const server = net.createServer();
  try {
    const accepted = new Promise<net.Socket>((resolve, reject) => {
      server.once("connection", resolve);
      server.once("error", reject);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
    let onread: net.OnReadOpts | undefined;
    if (onChunk) {
      const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
      onread = {
        buffer: readBuffer,
        callback: (bytes: number) => {
          onChunk(readBuffer.subarray(0, bytes));
          return true;
        },
      };
    }
    const readEnd = net.connect(onread ? { path, onread } : { path });
    await new Promise<void>((resolve, reject) => {
      readEnd.once("connect", resolve);
      readEnd.once("error", reject);
    });
    const childEnd = await accepted;
    return { childEnd, readEnd };
  } finally {
    server.close();
    if (!abstract) await unlink(path).catch(() => undefined);
  }
}
