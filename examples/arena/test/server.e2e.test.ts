import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../generated/client.js";
import { createAuth } from "../server/auth.js";
import { startArenaServer, type ArenaServer } from "../server/arena-server.js";
import { SECRET } from "./arena-kit.js";

let arena: ArenaServer | undefined;
afterEach(async () => {
  await arena?.close();
  arena = undefined;
});

describe("login tokens", () => {
  it("accept a token signed with the server's secret and carry the guild as a role", async () => {
    const auth = createAuth(SECRET);
    await expect(auth.authenticate(await auth.sign("ana", "red"))).resolves.toEqual({
      playerId: "ana",
      roles: ["guild:red"],
    });
  });

  it("refuse a token signed with another secret, and an expired one", async () => {
    const auth = createAuth(SECRET);
    const forged = await createAuth("another-secret-another-secret-another").sign("ana", "red");
    await expect(auth.authenticate(forged)).rejects.toThrow(/signature/);
    const expired = await auth.sign("ana", "red", "-1m");
    await expect(auth.authenticate(expired)).rejects.toThrow(/exp/);
  });
});

describe("the arena server", () => {
  it("serves the static folder over plain HTTP beside the game's WebSocket path", async () => {
    const web = mkdtempSync(path.join(tmpdir(), "arena-web-"));
    writeFileSync(path.join(web, "index.html"), "<h1>arena</h1>\n");
    arena = await startArenaServer({ secret: SECRET, staticDir: web });
    const page = await fetch(`${arena.http}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    await expect(page.text()).resolves.toBe("<h1>arena</h1>\n");
    expect((await fetch(`${arena.http}/missing.js`)).status).toBe(404);
    expect((await fetch(`${arena.http}/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${arena.http}/healthz`)).status).toBe(200);
  });

  it("lets a client with a signed token play, and refuses one without a valid token", async () => {
    arena = await startArenaServer({ secret: SECRET });
    const client = createClient({ url: arena.url, token: () => arena?.arena.auth.sign("ana", "red") ?? "" });
    await client.connect();
    await expect(client.combat.serverInfo()).resolves.toEqual({ name: "gidl arena", playersOnline: 0 });
    await client.close();
    const intruder = createClient({ url: arena.url, token: "not-a-jwt", reconnect: false });
    await expect(intruder.connect()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
