/**
 * Hostile input at the message level (docs/security.md "Hostile input: messages
 * (`test/hardening/messages.e2e.test.ts`)"): raw `ws` clients in each codec sending what no
 * generated client would. Every case ends in an error message, an error response or a close code,
 * and the server keeps serving.
 */
import { Packr } from "msgpackr";
import { afterEach, describe, expect, it } from "vitest";
import type { Codec, RawClient, Message } from "../runtime-server/raw-client.js";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import { withGameHandlers } from "./with-handlers.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

const packr = new Packr({ useRecords: false });

/** Sends bytes or text exactly as given. */
function sendFrame(client: RawClient, frame: string | Uint8Array): void {
  client.socket.send(frame, { binary: typeof frame !== "string" });
}

async function alice(codec: Codec = "json"): Promise<RawClient> {
  return (await t.login("alice", { codec })).client;
}

const nextError = (client: RawClient): Promise<Message> => client.next((m) => m.type === "error");

async function stillServes(client: RawClient, id = 999_000): Promise<void> {
  expect(await client.call("game.whoami", {}, id)).toMatchObject({ result: { playerId: "alice" } });
}

describe("malformed frames and messages (json)", () => {
  it.each([
    ["non-JSON", "hello there"],
    ["truncated JSON", '{"type":"rpc","id":1,"method":"game.who'],
    ["a bare number", "42"],
    ["null", "null"],
    ["a batch holding null", "[null]"],
    ["a batch holding null before a good message", '[null,{"type":"ping","t":1}]'],
  ])("answers %s with a BAD_MESSAGE error and keeps the connection", async (_name, text) => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, text);
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE", retry: false });
    await stillServes(client);
  });

  it("treats [] as an empty batch: nothing to answer, the connection stays", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, "[]");
    await stillServes(client);
    expect(client.drain()).toEqual([]);
  });

  it("answers each item of [1,2,3] with its own BAD_MESSAGE error", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, "[1,2,3]");
    for (let i = 0; i < 3; i++)
      expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it("answers a batch of 10,000 rpcs in order when the rate limits allow it", async () => {
    t = await startServer({
      limits: { maxPayload: 1 << 20, messagesPerSecond: Infinity, maxRunningCalls: Infinity },
    });
    const client = await alice();
    const batch = Array.from({ length: 10_000 }, (_, i) => ({
      type: "rpc",
      id: i + 1,
      method: "game.count",
      params: {},
    }));
    client.sendRaw(batch);
    const last = await client.response(10_000);
    expect(last).toMatchObject({ result: { n: 10_000 } });
    expect(client.drain().filter((m) => m.type === "response")).toHaveLength(9_999);
  });

  it("cuts a batch of 10,000 messages at the connection's rate and closes it with 4029", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, JSON.stringify(Array.from({ length: 10_000 }, () => 1)));
    expect((await client.closed).code).toBe(4029);
    // Past the close nothing more was read: far fewer than 10,000 answers.
    expect(client.drain().length).toBeLessThan(2_000);
    expect(t.fixture.counts.count).toBe(0);
    const { client: bob } = await t.login("bob");
    expect(await bob.call("game.whoami")).toMatchObject({ result: { playerId: "bob" } });
  });

  it.each([
    ["no type", { id: 1, method: "game.whoami", params: {} }],
    ["a numeric type", { type: 5, id: 1, method: "game.whoami", params: {} }],
    ["an unknown type", { type: "rpcx", id: 1, method: "game.whoami", params: {} }],
    ["no id", { type: "rpc", method: "game.whoami", params: {} }],
    ["a float id", { type: "rpc", id: 1.5, method: "game.whoami", params: {} }],
    ["a negative id", { type: "rpc", id: -1, method: "game.whoami", params: {} }],
    ["a zero id", { type: "rpc", id: 0, method: "game.whoami", params: {} }],
    ['a string id "1"', { type: "rpc", id: "1", method: "game.whoami", params: {} }],
    ["an id of 2^53", { type: "rpc", id: 2 ** 53, method: "game.whoami", params: {} }],
    ["a send with a float id", { type: "send", id: 2.5, method: "game.note", params: { text: "x" } }],
  ])("answers a message with %s with a BAD_MESSAGE error, running nothing", async (_name, message) => {
    t = await startServer();
    const client = await alice();
    client.sendRaw(message);
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
    expect(t.fixture.counts.notes).toEqual([]);
  });

  it("answers an id of 1e400 (Infinity once parsed) with BAD_MESSAGE", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, '{"type":"rpc","id":1e400,"method":"game.whoami","params":{}}');
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it.each([
    ["no method", { type: "rpc", id: 1, params: {} }],
    ["a numeric method", { type: "rpc", id: 1, method: 7, params: {} }],
    ["array params", { type: "rpc", id: 1, method: "game.whoami", params: [] }],
    ["null params", { type: "rpc", id: 1, method: "game.whoami", params: null }],
    ["a numeric trace", { type: "rpc", id: 1, method: "game.whoami", params: {}, trace: 1 }],
  ])("answers an rpc with %s by its id with BAD_MESSAGE", async (_name, message) => {
    t = await startServer();
    const client = await alice();
    client.sendRaw(message);
    expect(await client.response(1)).toMatchObject({ error: { code: "BAD_MESSAGE", retry: false } });
    await stillServes(client);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "game.__proto__"])(
    "answers the method name %s with NOT_FOUND",
    async (method) => {
      t = await startServer();
      const client = await alice();
      expect(await client.call(method, {})).toMatchObject({ error: { code: "NOT_FOUND" } });
      await stillServes(client);
    },
  );

  it("never reads message fields from a __proto__ key", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, '{"type":"rpc","__proto__":{"id":5,"method":"game.whoami","params":{}}}');
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it("lets the last of duplicate keys win, for the message and its params alike", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(
      client,
      '{"type":"rpc","id":1,"method":"game.admin","method":"game.echo","params":{"text":"a"},"params":{"text":"b","text":"cc"}}',
    );
    expect(await client.response(1)).toMatchObject({ result: { text: "cc" } });
  });
});

describe.each(["json", "msgpack", "binary"] as const)("prototype pollution (%s)", (codec) => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("removes __proto__ and constructor.prototype keys from params before the handler", async () => {
    t = await startServer();
    const client = await alice(codec);
    const params = JSON.parse(
      '{"text":"a","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}}',
    ) as Record<string, unknown>;
    const answer = await client.call("game.echo", params);
    expect(answer.result).toEqual({ text: "a" });
  });

  it("refuses __proto__, constructor and prototype as keys of a map with INVALID_ARGUMENT", async () => {
    t = await startServer();
    const client = await alice(codec);
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const tags = JSON.parse(`{${JSON.stringify(key)}:1}`) as Record<string, unknown>;
      const answer = await client.call("game.echo", { text: "a", tags });
      expect(answer.error).toMatchObject({ code: "INVALID_ARGUMENT" });
    }
  });
});

describe("strings and nesting", () => {
  it.each(["json", "msgpack", "binary"] as const)(
    "carries a lone surrogate through (%s) without harm",
    async (codec) => {
      t = await startServer();
      const client = await alice(codec);
      const answer = await client.call("game.echo", { text: "a\ud800b" });
      expect(answer.result).toMatchObject({ text: expect.stringMatching(/^a.+b$/) as unknown });
      await stillServes(client);
    },
  );

  it("refuses deeply nested arrays in params with INVALID_ARGUMENT (json)", async () => {
    t = await startServer();
    const client = await alice();
    const depth = 30_000;
    const params = `{"text":"a","tags":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
    sendFrame(client, `{"type":"rpc","id":1,"method":"game.echo","params":${params}}`);
    expect(await client.response(1)).toMatchObject({ error: { code: "INVALID_ARGUMENT" } });
    await stillServes(client);
  });

  it("handles a frame of 30,000 nested arrays (a batch of a batch…) without crashing (json)", async () => {
    t = await startServer();
    const client = await alice();
    sendFrame(client, "[".repeat(30_000) + "]".repeat(30_000));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it.each([
    ["nil", [0xc0]],
    ["an array holding nil", [0x91, 0xc0]],
  ])("answers MessagePack %s with BAD_MESSAGE and keeps the connection", async (_name, bytes) => {
    t = await startServer();
    const client = await alice("msgpack");
    sendFrame(client, Uint8Array.from(bytes));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it("refuses 60,000 nested MessagePack arrays with BAD_MESSAGE", async () => {
    t = await startServer();
    const client = await alice("msgpack");
    sendFrame(client, new Uint8Array(60_000).fill(0x91).fill(0xc0, 59_999));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });
});

describe("MessagePack headers and extensions", () => {
  const lies: [string, number[]][] = [
    ["an array32 of 2^32-1 elements", [0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0]],
    ["a map32 of 2^32-1 entries", [0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x61, 0xc0]],
    ["a str32 of 4 GiB", [0xdb, 0xff, 0xff, 0xff, 0xff, 0x61]],
    ["a bin32 of 4 GiB", [0xc6, 0xff, 0xff, 0xff, 0xff, 0x00]],
    ["an array16 of 65535 elements in a short frame", [0xdc, 0xff, 0xff, 0x01]],
    ["the never-used byte 0xc1", [0xc1]],
    ["trailing bytes", [0x80, 0x80]],
    ["a map with an integer key", [0x81, 0x01, 0x01]],
  ];
  it.each(lies)("refuses %s with BAD_MESSAGE before allocating", async (_name, bytes) => {
    t = await startServer();
    const client = await alice("msgpack");
    sendFrame(client, Uint8Array.from(bytes));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  const extensions: [string, number[]][] = [
    ["fixext 1", [0xd4, 0x01, 0x00]],
    ["fixext 16", [0xd8, 0x05, ...new Array<number>(16).fill(0)]],
    ["ext 8", [0xc7, 0x02, 0x07, 0x00, 0x00]],
    ["the timestamp extension (-1)", [0xd6, 0xff, 0x00, 0x00, 0x00, 0x01]],
    ["msgpackr's record extension", [0xd4, 0x72, 0x00]],
  ];
  it.each(extensions)("refuses %s with BAD_MESSAGE", async (_name, bytes) => {
    t = await startServer();
    const client = await alice("msgpack");
    sendFrame(client, Uint8Array.from(bytes));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it("refuses an extension hidden inside rpc params with BAD_MESSAGE, not a response", async () => {
    t = await startServer();
    const client = await alice("msgpack");
    const rpc = packr.pack({ type: "rpc", id: 1, method: "game.echo", params: { text: "a", x: null } });
    // Replace the nil of `x` with a fixext 1.
    const at = rpc.lastIndexOf(0xc0);
    sendFrame(client, Uint8Array.from([...rpc.subarray(0, at), 0xd4, 0x01, 0x00, ...rpc.subarray(at + 1)]));
    expect((await nextError(client)).error).toMatchObject({ code: "BAD_MESSAGE" });
    await stillServes(client);
  });

  it("lets the last of duplicate map keys win (msgpack)", async () => {
    t = await startServer();
    const client = await alice("msgpack");
    const str = (text: string): number[] => [0xa0 | text.length, ...Buffer.from(text)];
    const params = [0x82, ...str("text"), ...str("a"), ...str("text"), ...str("bb")];
    const rpc = [
      0x84,
      ...str("type"),
      ...str("rpc"),
      ...str("id"),
      0x01,
      ...str("method"),
      ...str("game.echo"),
    ];
    sendFrame(client, Uint8Array.from([...rpc, ...str("params"), ...params]));
    expect(await client.response(1)).toMatchObject({ result: { text: "bb" } });
  });
});

describe("values the codecs cannot carry", () => {
  it("refuses an i64 sent as a MessagePack float beyond 2^53 with INVALID_ARGUMENT (found by the fuzzer)", async () => {
    t = await startServer();
    const client = await alice("msgpack");
    // 1.79e308 is a float64 that is an integer in JavaScript's eyes, far beyond any i64.
    const answer = await client.call("game.echo", { text: "a", big: Number.MAX_VALUE });
    expect(answer.error).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((await client.call("game.echo", { text: "a", big: 2 ** 53 + 2 })).error).toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await stillServes(client);
  });

  it.each(["json", "msgpack", "binary"] as const)(
    "answers a result its codec cannot encode with INTERNAL instead of crashing (%s)",
    async (codec) => {
      t = await startServer(withGameHandlers({ count: () => ({ n: 2n ** 80n }) }));
      const client = await alice(codec);
      expect(await client.call("game.count")).toMatchObject({ error: { code: "INTERNAL", retry: false } });
      await stillServes(client);
    },
  );
});
