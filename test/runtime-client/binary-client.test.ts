/**
 * docs/client.md "Options", `codec: "binary"`: what the client offers, the fallback it takes when
 * the server does not choose binary, and the options it refuses. The messages on binary itself are
 * in test/runtime-server/binary-codec.e2e.test.ts, against the real server.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGameClient } from "../../runtime-client/node.js";
import type { BinarySchema } from "../../protocol/binary/schema.js";
import type { ApiDefinition } from "../../protocol/definition.js";
import { definition as plain, harness, type Harness } from "./fixtures.js";

/** The test definition with a binary schema: what the client offers needs only its hash. */
const binary: BinarySchema = { hash: plain.hash, methods: [], events: [], errors: {} };
const definition: ApiDefinition = { ...plain, binary };

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.stop();
});

describe("a client on binary", () => {
  it("offers the binary token of its schema, then MessagePack, then JSON", async () => {
    h.server.supported = [];
    const client = h.client({ definition, codec: "binary" } as never);
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    expect(conn.offered).toEqual([
      `gidl.v1.binary.${plain.hash.slice(0, 16)}`,
      "gidl.v1.msgpack",
      "gidl.v1.json",
    ]);
    await client.close();
    await connecting.catch(() => undefined);
  });

  it("speaks MessagePack when the server chooses it, converting i64 and bytes as on MessagePack", async () => {
    h.server.supported = ["gidl.v1.json", "gidl.v1.msgpack"];
    const client = h.client({ definition, codec: "binary" } as never);
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    await conn.accept();
    await connecting;
    expect(conn.socket.protocol).toBe("gidl.v1.msgpack");
    const answer = client.call("combat.attack", { targetId: 2n ** 60n });
    const rpc = await conn.next("rpc");
    expect(rpc.params).toEqual({ targetId: 2n ** 60n });
    conn.send({ type: "response", id: rpc.id, result: { damage: 7, replay: new Uint8Array([1, 2]) } });
    expect(await answer).toEqual({ damage: 7n, replay: new Uint8Array([1, 2]) });
  });

  it("speaks JSON when the server supports only JSON", async () => {
    h.server.supported = ["gidl.v1.json"];
    const client = h.client({ definition, codec: "binary" } as never);
    const connecting = client.connect();
    const conn = await h.server.nextConnection();
    await conn.accept();
    await connecting;
    expect(conn.binary).toBe(false);
    const answer = client.call("combat.attack", { targetId: 5n });
    const rpc = await conn.next("rpc");
    expect(rpc.params).toEqual({ targetId: "5" });
    conn.send({ type: "response", id: rpc.id, result: { damage: "9", replay: "AQI=" } });
    expect(await answer).toEqual({ damage: 9n, replay: new Uint8Array([1, 2]) });
  });
});

describe("the codec option", () => {
  it('refuses "binary" for a definition generated without a binary schema, and names it', () => {
    expect(() => createGameClient({ definition: plain, url: h.server.url, codec: "binary" })).toThrow(
      new TypeError(
        'Client option "codec" is "binary", but the definition has no binary schema: regenerate the client code',
      ),
    );
  });

  it("refuses a codec that is none of the three", () => {
    expect(() => createGameClient({ definition, url: h.server.url, codec: "xml" as never })).toThrow(
      new TypeError('Client option "codec" must be "json", "msgpack" or "binary", got "xml"'),
    );
  });
});
