/**
 * Resume tokens (docs/protocol.md "Player sessions and resume"): `<player session id>.<secret>`, the secret
 * 192 random bits. The id part finds the record; the secret is compared in constant time, so the
 * lookup itself leaks nothing about valid secrets.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const SECRET_BYTES = 24;

export interface ParsedToken {
  readonly playerSessionId: string;
  readonly secret: string;
}

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString("base64url");
}

export function formatToken(playerSessionId: string, secret: string): string {
  return `${playerSessionId}.${secret}`;
}

export function parseToken(token: string): ParsedToken | undefined {
  if (token.length > 256) return undefined;
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || dot === token.length - 1) return undefined;
  return { playerSessionId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

/** Constant-time equality (hashing first makes the lengths equal, as timingSafeEqual needs). */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
