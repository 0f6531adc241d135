// Which hosts are this machine's own: servers listen there without authentication, and model
// requests to them never go through a proxy.

/** `localhost`, `127.x.x.x` or `::1` (with or without brackets). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}
