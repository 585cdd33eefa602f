/**
 * Getting a login token. The example server's `POST /dev/login` (DEVELOPMENT ONLY, see
 * server/dev-login.ts) signs one for any name; a real game would ask its own login service here.
 * The client asks for the token before every connection attempt, so a token is reused while it
 * has a minute to live and fetched again after that.
 */

export interface Login {
  readonly player: string;
  readonly guild: string;
  /** The client's `token` option. */
  readonly token: () => Promise<string>;
}

interface Issued {
  readonly token: string;
  readonly player: string;
  readonly guild: string;
  readonly expiresInMs: number;
}

const REFRESH_BEFORE_MS = 60_000;

export async function logIn(name: string, guild: string): Promise<Login> {
  let issued = await requestToken(name, guild);
  let expiresAt = Date.now() + issued.expiresInMs;
  return {
    player: issued.player,
    guild: issued.guild,
    async token() {
      if (Date.now() > expiresAt - REFRESH_BEFORE_MS) {
        issued = await requestToken(name, guild);
        expiresAt = Date.now() + issued.expiresInMs;
      }
      return issued.token;
    },
  };
}

async function requestToken(name: string, guild: string): Promise<Issued> {
  const response = await fetch("/dev/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, guild }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<Issued> & { error?: string };
  if (!response.ok || typeof body.token !== "string")
    throw new Error(body.error ?? `login failed (HTTP ${response.status})`);
  return body as Issued;
}
