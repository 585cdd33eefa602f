/**
 * Serves a folder of static files (the browser client) on the game server's own HTTP server.
 * GET and HEAD only; paths are resolved inside the folder, so `..` cannot leave it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function serveStatic(folder: string): RequestListener {
  const root = path.resolve(folder);
  return (req, res) => {
    void answer(root, req, res);
  };
}

async function answer(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = path.join(root, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
    return;
  }
  res.writeHead(200, {
    "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}
