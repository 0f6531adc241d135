// The stdio transport: one JSON message per line on stdin/stdout. Ends when stdin closes.
import { createInterface } from "node:readline";
import type { AppServer } from "./server.js";

/**
 * Collects lines and writes them in one go per turn of the event loop. A streamed answer
 * produces thousands of notifications a second; one write (a system call on a pipe) each was the
 * server's largest cost, and batching them changes nothing a line-reading client can see.
 */
export function lineWriter(write: (text: string) => void): {
  send(line: string): void;
  flush(): void;
} {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    write(text);
  };
  return {
    send(line) {
      pending.push(`${line}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

export function serveStdio(server: AppServer): Promise<void> {
  return new Promise((resolve) => {
    const out = lineWriter((text) => process.stdout.write(text));
    const conn = server.connect({
      send: (text) => out.send(text),
      close: () => out.flush(),
    });
    // A reader that has gone away must not crash the server; the close below handles it.
    process.stdout.on("error", () => conn.close());
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (line.trim() !== "") server.receive(conn, line);
    });
    lines.on("close", () => {
      conn.close();
      out.flush();
      resolve();
    });
  });
}
