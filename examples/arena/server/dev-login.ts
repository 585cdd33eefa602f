/**
 * DEVELOPMENT ONLY: `POST /dev/login` hands out a login token for any name, so that the browser
 * client can play without an account system. A real game issues tokens from its own login service
 * after checking a password or an OAuth provider; this route checks nothing. It is mounted only
 * when `startArenaServer({ devLogin: true })` asks (the demo, the tests, and `main.ts` while it
 * runs with the development secret).
 *
 * Request: `{"name": "ana", "guild": "red"}` (guild optional: "red" or "blue", else by name).
 * Answer: `{"token": "<JWT>", "player": "ana", "guild": "red", "expiresInMs": 3600000}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ArenaAuth } from "./auth.js";

export const DEV_LOGIN_PATH = "/dev/login";

const GUILDS = ["red", "blue"] as const;
const NAME = /^[a-z0-9_]{1,32}$/;
const TOKEN_TTL_MS = 60 * 60 * 1000;
/** A login body is a few dozen bytes; anything larger is not one. */
const MAX_BODY_BYTES = 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers `POST /dev/login` and passes every other request to `next`. */
export function withDevLogin(auth: ArenaAuth, next: Listener): Listener {
  return (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== DEV_LOGIN_PATH) {
      next(req, res);
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST" }).end();
      return;
    }
    void login(auth, req, res);
  };
}

async function login(auth: ArenaAuth, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const request = parse(body);
  if (request === undefined) {
    reply(res, 400, {
      error: 'send {"name": "…"} with 1 to 32 of a-z, 0-9, _ (and optionally "guild": red|blue)',
    });
    return;
  }
  const token = await auth.sign(request.name, request.guild, `${TOKEN_TTL_MS / 1000}s`);
  reply(res, 200, { token, player: request.name, guild: request.guild, expiresInMs: TOKEN_TTL_MS });
}

function parse(body: string | undefined): { name: string; guild: string } | undefined {
  if (body === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { name, guild } = value as { name?: unknown; guild?: unknown };
  if (typeof name !== "string" || !NAME.test(name)) return undefined;
  if (guild === undefined) return { name, guild: GUILDS[name.length % GUILDS.length] ?? "red" };
  if (!GUILDS.some((g) => g === guild)) return undefined;
  return { name, guild: guild as string };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", () => {
      resolve(undefined);
    });
  });
}

function reply(res: ServerResponse, status: number, body: object): void {
  res
    .writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" })
    .end(JSON.stringify(body));
}
