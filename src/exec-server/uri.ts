// Every path on the exec-server wire is a `file://` URI, so a client on another OS never has to
// guess how the server spells paths. A bare path is rejected as the reference rejects it.
import { fileURLToPath, pathToFileURL } from "node:url";
import { ErrorCode, RpcError } from "./protocol.js";

export function uriToPath(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new RpcError(ErrorCode.InvalidParams, "invalid URI: relative URL without a base");
  }
  if (url.protocol !== "file:") {
    throw new RpcError(ErrorCode.InvalidParams, `invalid URI: expected a file:// URI, got ${uri}`);
  }
  return fileURLToPath(url);
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}
