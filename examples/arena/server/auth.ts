/**
 * Login tokens: HMAC-signed JWTs (HS256, through `jose`). The subject is the player id, the `guild`
 * claim its guild; `authenticate` turns a token into the player and its roles ("guild:<name>").
 */
import { jwtVerify, SignJWT } from "jose";
import type { AuthResult } from "../generated/server.js";

const ISSUER = "gidl-arena";
const PLAYER_ID = /^[a-z0-9_]{1,32}$/;
const GUILD = /^[a-z0-9_]{1,32}$/;

export interface ArenaAuth {
  /** A token for a player of a guild, valid for `ttl` (a jose duration such as "1h"). */
  sign(playerId: string, guild: string, ttl?: string): Promise<string>;
  /** The server's `authenticate` hook: throws for a token that is not ours, expired or malformed. */
  authenticate(token: string): Promise<AuthResult>;
}

export function createAuth(secret: string): ArenaAuth {
  if (secret.length < 32) throw new Error("the token secret must have at least 32 characters");
  const key = new TextEncoder().encode(secret);
  return {
    async sign(playerId, guild, ttl = "1h") {
      if (!PLAYER_ID.test(playerId)) throw new Error(`not a player id: ${playerId}`);
      if (!GUILD.test(guild)) throw new Error(`not a guild name: ${guild}`);
      return new SignJWT({ guild })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(playerId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key);
    },
    async authenticate(token) {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ["HS256"] });
      const { sub, guild } = payload;
      if (sub === undefined || !PLAYER_ID.test(sub)) throw new Error("the token names no valid player");
      if (typeof guild !== "string" || !GUILD.test(guild)) throw new Error("the token names no valid guild");
      return { playerId: sub, roles: [`guild:${guild}`] };
    },
  };
}
