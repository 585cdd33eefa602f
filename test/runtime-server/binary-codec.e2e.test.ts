/**
 * docs/protocol.md "The binary codec" through the generated server of fixtures/game.gidl on real
 * sockets: negotiation and its fallback, the messages through the generated client on binary, and
 * the bad frames a raw socket sends with the same generated encoders.
 */
import { createBinaryCodec, type Codec } from "gidl/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createGameClient } from "gidl/client";
import { createGameServer } from "gidl/server";
import { binary } from "../runtime-e2e/fixtures/generated/binary.js";
import { definition } from "../runtime-e2e/fixtures/generated/definition.js";
import { validators } from "../runtime-e2e/fixtures/generated/validators.js";
import { createTestKit, type TestKit } from "../runtime-e2e/fixtures/generated/testkit.js";
import type { Profile } from "../runtime-e2e/fixtures/generated/types.js";
import { createGates, createHandlers, startHarness, type Harness } from "../runtime-e2e/harness.js";

let h: Harness | undefined;
let kit: TestKit | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await kit?.close();
  await h?.close();
  h = kit = undefined;
});

const codec: Codec = createBinaryCodec(binary);
const counters = (): Parameters<typeof createHandlers>[1] => ({
  count: new Map(),
  work: new Map(),
  notes: [],
});
/** The generated server's parts, for gidl/server's createGameServer with a definition without binary. */
const config = {
  definition: { ...definition, binary: undefined },
  validators,
  handlers: { play: createHandlers(createGates(), counters()) } as never,
};
const TOKEN = codec.subprotocol;
const FOREIGN_TOKEN = "gidl.v1.binary.0123456789abcdef";
const WAIT_MS = 5000;

type Message = Record<string, unknown> & { type: string };

/** A hand-driven connection speaking the binary codec: frames in and out, decoded. */
class BinarySocket {
  readonly received: Message[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer, isBinary) => {
      const decoded = isBinary ? codec.decode(new Uint8Array(data)) : { type: "text frame" };
      for (const message of Array.isArray(decoded) ? decoded : [decoded])
        this.received.push(message as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(url: string, protocols: string[]): Promise<BinarySocket> {
    const socket = new WebSocket(url, protocols);
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => {
        resolve();
      });
      socket.once("unexpected-response", (_req, res) => {
        reject(new Error(`HTTP ${res.statusCode}`));
      });
      socket.once("error", reject);
    });
    return new BinarySocket(socket);
  }

  static async login(url: string, token: string): Promise<BinarySocket> {
    const client = await BinarySocket.open(url, [TOKEN]);
    client.frame(codec.encode({ type: "hello", protocol: 1, schema: definition.hash, token }));
    await client.next((m) => m.type === "welcome");
    return client;
  }

  frame(frame: string | Uint8Array): void {
    this.socket.send(frame);
  }

  /** The first message not yet taken that matches, waiting for it if needed. */
  async next(match: (m: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const index = this.received.findIndex(match);
      if (index >= 0) return this.received.splice(index, 1)[0] as Message;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${String(this.received.length)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  response(id: number): Promise<Message> {
    return this.next((m) => m.type === "response" && m.id === id);
  }
}

/** What the upgrade answers to an offer: the chosen subprotocol, or the HTTP refusal. */
async function negotiate(url: string, protocols: string[]): Promise<string> {
  try {
    const client = await BinarySocket.open(url, protocols);
    return client.socket.protocol;
  } catch (error) {
    return (error as Error).message;
  }
}

async function metric(harness: Harness, line: string): Promise<string | undefined> {
  const text = await (await fetch(`${harness.http}/metrics`)).text();
  return text.split("\n").find((l) => l.startsWith(line));
}

const profile: Profile = {
  name: "alice",
  steamId: 76561198000000000n + 1n,
  avatar: new Uint8Array([0, 1, 2, 253, 254, 255]),
  weapon: "bow",
  scores: { ranked: -(2n ** 62n), casual: 0n },
  loot: [
    { kind: "gem", carats: 3, color: "red" },
    { kind: "coin", value: 5 },
  ],
};

describe("negotiating the binary codec", () => {
  it("is chosen when the token carries the server's hash; another hash falls back to the next offer and is counted", async () => {
    h = await startHarness("json");
    expect(TOKEN).toBe(`gidl.v1.binary.${definition.hash.slice(0, 16)}`);
    expect(await negotiate(h.url, [TOKEN, "gidl.v1.msgpack", "gidl.v1.json"])).toBe(TOKEN);
    expect(await negotiate(h.url, [FOREIGN_TOKEN, "gidl.v1.msgpack", "gidl.v1.json"])).toBe(
      "gidl.v1.msgpack",
    );
    expect(await negotiate(h.url, [FOREIGN_TOKEN, "gidl.v1.json"])).toBe("gidl.v1.json");
    expect(await negotiate(h.url, [FOREIGN_TOKEN])).toBe("HTTP 400");
    expect(await metric(h, 'gidl_codec_fallbacks_total{offered="binary",chosen="msgpack"}')).toMatch(/ 1$/);
    expect(await metric(h, 'gidl_codec_fallbacks_total{offered="binary",chosen="json"}')).toMatch(/ 1$/);
  });

  it("is not offered by a server whose codecs leave it out", async () => {
    h = await startHarness("json", { codecs: ["json", "msgpack"] });
    expect(await negotiate(h.url, [TOKEN, "gidl.v1.msgpack", "gidl.v1.json"])).toBe("gidl.v1.msgpack");
    expect(await negotiate(h.url, [TOKEN])).toBe("HTTP 400");
  });

  it("a client of an older schema the server accepts connects on MessagePack", async () => {
    h = await startHarness("json", { acceptSchemas: ["f".repeat(64)] });
    const older = { ...definition, hash: "f".repeat(64), binary: { ...binary, hash: "f".repeat(64) } };
    const client = createGameClient({ definition: older, url: h.url, token: "alice", codec: "binary" });
    try {
      await client.connect();
      expect(await client.call("play.echo", { profile })).toEqual(profile);
    } finally {
      await client.close();
    }
    expect(await metric(h, 'gidl_codec_fallbacks_total{offered="binary",chosen="msgpack"}')).toMatch(/ 1$/);
  });
});

describe("the server's codecs option", () => {
  it('refuses "binary" without a binary schema, and a name that is no codec', () => {
    expect(() => createGameServer({ ...config, codecs: ["binary", "json"] })).toThrow(
      new TypeError(
        'Server option "codecs" lists "binary", but the definition has no binary schema: regenerate the server code',
      ),
    );
    expect(() => createGameServer({ ...config, codecs: ["xml" as never] })).toThrow(
      new TypeError('Server option "codecs" lists "xml"; the codecs are "binary", "json" and "msgpack"'),
    );
  });

  it("defaults to JSON and MessagePack for a definition without a binary schema", async () => {
    const server = createGameServer(config);
    await server.listen();
    try {
      const url = `ws://127.0.0.1:${String(server.port)}/`;
      expect(await negotiate(url, [TOKEN, "gidl.v1.json"])).toBe("gidl.v1.json");
      expect(await negotiate(url, [TOKEN])).toBe("HTTP 400");
    } finally {
      for (const socket of sockets.splice(0)) socket.terminate();
      await server.close();
    }
  });
});

describe("the generated client and server on binary", () => {
  it("rpc: a result with i64, bytes, enum, union, map and optional fields, exactly", async () => {
    h = await startHarness("json");
    const client = await h.connect("alice", { codec: "binary" });
    expect(await client.play.echo({ profile })).toEqual(profile);
    const named = await client.play.echo({ profile: { ...profile, nickname: "Al" } });
    expect(named.nickname).toBe("Al");
    expect(named.avatar).toBeInstanceOf(Uint8Array);
    expect(await client.play.status()).toEqual({ online: 1 });
    await client.session.create({ settings: { mapName: "dust" } });
    await expect(client.play.moveTo({ pos: { x: 1, y: 2 } })).resolves.toBeNull();
    expect(await metric(h, "gidl_codec_fallbacks_total{")).toBeUndefined();
  });

  it("send: runs in order, unanswered", async () => {
    h = await startHarness("json");
    const client = await h.connect("alice", { codec: "binary" });
    for (const n of [1, 2, 3]) client.play.note({ n });
    await client.play.status();
    expect(h.counters.notes).toEqual([1, 2, 3]);
  });

  it("events: reliable with seq, unreliable without, and one broadcast reaching binary, JSON and MessagePack clients alike", async () => {
    h = await startHarness("json");
    const alice = await h.connect("alice", { codec: "binary" });
    const bob = await h.connect("bob", { codec: "json" });
    const carol = await h.connect("carol", { codec: "msgpack" });
    const ticks: unknown[] = [];
    alice.on("play.tick", (data, meta) => ticks.push([data.n, data.stamp, meta.seq]));
    const news = [alice, bob, carol].map((client) => {
      const seen: unknown[] = [];
      client.on("play.news", (data) => seen.push(data));
      return seen;
    });
    const blips: unknown[] = [];
    alice.on("play.blip", (data, meta) => blips.push([data.n, meta.seq]));
    h.server.emit.play.tick(["alice"], { n: 1, stamp: 2n ** 60n });
    h.server.emit.play.news({ text: "hello", blob: new Uint8Array([7, 8]) });
    h.server.emit.play.blip({ n: 9 });
    await Promise.all([alice, bob, carol].map((client) => client.play.status()));
    expect(ticks).toEqual([[1, 2n ** 60n, 1]]);
    expect(blips).toEqual([[9, undefined]]);
    for (const seen of news) expect(seen).toEqual([{ text: "hello", blob: new Uint8Array([7, 8]) }]);
  });

  it("heartbeats: pings and pongs keep a binary connection open", async () => {
    h = await startHarness("json", { limits: { heartbeatMs: 50 } });
    const client = await h.connect("alice", { codec: "binary" });
    const states: string[] = [];
    client.onState((state) => states.push(state));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states).toEqual([]);
    expect(await client.play.status()).toEqual({ online: 1 });
  });

  it("a declared error arrives with its details and retry flag", async () => {
    h = await startHarness("json");
    const client = await h.connect("alice", { codec: "binary" });
    await expect(client.play.fail({ kind: "missing" })).rejects.toMatchObject({
      code: "NO_SUCH_ITEM",
      details: { itemId: "sword-9" },
      retry: false,
    });
    await expect(client.play.fail({ kind: "busy" })).rejects.toMatchObject({
      code: "BUSY",
      message: "Busy, try again",
      details: { retryInMs: 50 },
      retry: true,
    });
    await expect(client.play.fail({ kind: "forbidden" })).rejects.toMatchObject({ code: "FORBIDDEN_MOVE" });
    await expect(client.play.admin()).rejects.toMatchObject({ code: "PERMISSION_DENIED", retry: false });
  });
});

describe("bad binary frames", () => {
  it("an unknown union variant is INVALID_ARGUMENT with the problems JSON gives for an unknown kind", async () => {
    h = await startHarness("json");
    const client = await BinarySocket.login(h.url, "alice");
    const frame = codec.encode({
      type: "rpc",
      id: 1,
      method: "play.echo",
      params: { profile },
    }) as Uint8Array;
    // The params end with the last loot item: its variant index (coin, 0) and its value (5).
    expect([...frame.subarray(-2)]).toEqual([0, 5]);
    const bad = Uint8Array.from(frame);
    bad[bad.length - 2] = 7;
    client.frame(bad);
    const binaryAnswer = await client.response(1);

    const json = await h.connect("bob", { codec: "json" });
    const unknownKind = {
      ...profile,
      loot: [profile.loot[0], { kind: "ruby", value: 5 }],
    } as unknown as Profile;
    const jsonError = await json.play.echo({ profile: unknownKind }).catch((error: unknown) => error);
    expect(binaryAnswer.error).toMatchObject({ code: "INVALID_ARGUMENT", message: "Invalid params" });
    expect((binaryAnswer.error as { details: unknown }).details).toEqual(
      (jsonError as { details: unknown }).details,
    );
    // The connection goes on.
    client.frame(codec.encode({ type: "rpc", id: 2, method: "play.status", params: {} }));
    expect((await client.response(2)).result).toEqual({ online: 1 });
  });

  it("a truncated rpc is BAD_MESSAGE with its id; a text frame is BAD_MESSAGE; the connection stays usable", async () => {
    h = await startHarness("json");
    const client = await BinarySocket.login(h.url, "alice");
    const frame = codec.encode({
      type: "rpc",
      id: 5,
      method: "play.echo",
      params: { profile },
    }) as Uint8Array;
    client.frame(frame.subarray(0, frame.length - 1));
    expect((await client.response(5)).error).toMatchObject({ code: "BAD_MESSAGE", retry: false });

    client.frame(JSON.stringify({ type: "rpc", id: 6, method: "play.status", params: {} }));
    expect((await client.next((m) => m.type === "error")).error).toMatchObject({ code: "BAD_MESSAGE" });
    expect(client.received.filter((m) => m.type === "response")).toEqual([]);

    client.frame(codec.encode({ type: "rpc", id: 7, method: "play.echo", params: { profile } }));
    expect((await client.response(7)).result).toEqual(profile);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("a truncated send is BAD_MESSAGE in an error message (a send has no response), and an unknown method index is NOT_FOUND", async () => {
    h = await startHarness("json");
    const client = await BinarySocket.login(h.url, "alice");
    const send = codec.encode({ type: "send", id: 1, method: "play.note", params: { n: 4 } }) as Uint8Array;
    client.frame(send.subarray(0, send.length - 1));
    expect((await client.next((m) => m.type === "error")).error).toMatchObject({ code: "BAD_MESSAGE" });

    const status = codec.encode({ type: "rpc", id: 2, method: "play.status", params: {} }) as Uint8Array;
    // type, header length, flags, id, then the method's index: one past the schema's last method.
    const unknown = Uint8Array.from(status);
    expect([...unknown.subarray(0, 4)]).toEqual([3, 3, 0, 2]);
    unknown[4] = binary.methods.length;
    client.frame(unknown);
    expect((await client.response(2)).error).toMatchObject({ code: "NOT_FOUND" });
    expect(client.received.filter((m) => m.type === "response")).toEqual([]);
    expect(h.counters.notes).toEqual([]);
  });
});

describe("the test kit on binary", () => {
  it("reads the welcome off a binary connection: a dropped client resumes and gets what it missed", async () => {
    kit = await createTestKit({
      handlers: { play: createHandlers(createGates(), counters()) },
      players: ["alice"],
      client: { codec: "binary" },
    });
    const [alice] = kit.clients;
    if (alice === undefined) throw new Error("no client");
    await kit.drop(alice);
    kit.server.emit.play.tick(["alice"], { n: 1, stamp: 2n ** 60n });
    expect(await kit.resume(alice)).toEqual({ resumed: true, replayed: 1 });
    expect(kit.events(alice, "play.tick")).toEqual([{ n: 1, stamp: 2n ** 60n }]);
  });
});
