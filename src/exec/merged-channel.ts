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

export async function openMergedChannel(): Promise<MergedChannel> {
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
    const childEnd = net.connect(path);
    await new Promise<void>((resolve, reject) => {
      childEnd.once("connect", resolve);
      childEnd.once("error", reject);
    });
    const readEnd = await accepted;
    return { childEnd, readEnd };
  } finally {
    server.close();
    if (!abstract) await unlink(path).catch(() => undefined);
  }
}
