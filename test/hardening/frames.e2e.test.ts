/**
 * Hostile input at the frame and upgrade level (docs/security.md "Hostile input: frames and
 * upgrades (`test/hardening/frames.e2e.test.ts`)"): raw TCP, no WebSocket library on our side.
 */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../runtime-server/test-server.js";
import { OP, RawSocket, delay, frame, upgradeRequest } from "./raw-socket.js";

let t: TestServer;
const raws: RawSocket[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy();
  await t.close();
});

async function upgraded(protocol?: string, extra?: string[]): Promise<RawSocket> {
  const raw = await RawSocket.upgrade(t.server.port, protocol, extra);
  raws.push(raw);
  return raw;
}

async function opened(): Promise<RawSocket> {
  const raw = await RawSocket.open(t.server.port);
  raws.push(raw);
  return raw;
}

/** Another player is still served: the attack hurt only its own connection. */
async function othersServed(): Promise<void> {
  const { client } = await t.login("bob");
  expect(await client.call("game.whoami")).toMatchObject({ result: { playerId: "bob" } });
}

const pingText = (padTo: number): string => JSON.stringify({ type: "ping", t: 7 }).padEnd(padTo, " ");

describe("hostile frames", () => {
  it("closes with 1009 a frame declaring more than maxPayload before any of its payload arrives", async () => {
    t = await startServer();
    const raw = await upgraded();
    await raw.hello("alice");
    // Only the header: 1 GiB declared, not a byte of it sent.
    raw.write(frame(OP.text, "", { declaredLength: 2 ** 30 }).subarray(0, 14));
    expect((await raw.ended).closeCode).toBe(1009);
    await othersServed();
  });

  it("closes with 1009 a message whose fragments together pass maxPayload", async () => {
    t = await startServer();
    const raw = await upgraded();
    await raw.hello("alice");
    const chunk = "x".repeat(30_000);
    raw.write(frame(OP.text, chunk, { fin: false }));
    raw.write(frame(OP.continuation, chunk, { fin: false }));
    raw.write(frame(OP.continuation, chunk, { fin: true }));
    expect((await raw.ended).closeCode).toBe(1009);
    await othersServed();
  });

  it("refuses a compressed (RSV1) frame with 1002: permessage-deflate is never negotiated", async () => {
    t = await startServer();
    const raw = await upgraded(undefined, ["Sec-WebSocket-Extensions: permessage-deflate"]);
    expect(raw.head.toLowerCase()).not.toContain("sec-websocket-extensions");
    raw.write(frame(OP.text, "compressed?", { rsv1: true }));
    expect((await raw.ended).closeCode).toBe(1002);
    await othersServed();
  });

  it("reassembles a message sent in thousands of one-byte fragments within maxPayload", async () => {
    t = await startServer();
    const raw = await upgraded();
    await raw.hello("alice");
    const text = pingText(4000);
    const parts = [frame(OP.text, text.slice(0, 1), { fin: false })];
    for (let i = 1; i < text.length; i++) {
      parts.push(frame(OP.continuation, text.slice(i, i + 1), { fin: i === text.length - 1 }));
    }
    raw.write(Buffer.concat(parts));
    await raw.until(() => raw.messages().some((m) => m.type === "pong"));
    expect(raw.messages().find((m) => m.type === "pong")).toEqual({ type: "pong", t: 7 });
  });

  it("closes with 1009 thousands of one-byte fragments once they pass maxPayload", async () => {
    t = await startServer({ limits: { maxPayload: 1024 } });
    const raw = await upgraded();
    await raw.hello("alice");
    const parts = [frame(OP.text, "[", { fin: false })];
    for (let i = 0; i < 5000; i++) parts.push(frame(OP.continuation, " ", { fin: false }));
    raw.write(Buffer.concat(parts));
    expect((await raw.ended).closeCode).toBe(1009);
    await othersServed();
  });

  it("closes a text frame of invalid UTF-8 with 1007", async () => {
    t = await startServer();
    const raw = await upgraded();
    await raw.hello("alice");
    raw.write(frame(OP.text, Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d])));
    expect((await raw.ended).closeCode).toBe(1007);
    await othersServed();
  });

  it("cuts a peer that floods WebSocket pings without reading the pongs", async () => {
    t = await startServer();
    const raw = await upgraded();
    await raw.hello("alice");
    raw.socket.pause(); // never reads: pongs pile up on the server
    const ping = frame(OP.ping, "p".repeat(125));
    const burst = Buffer.concat(Array.from({ length: 1000 }, () => ping));
    for (let i = 0; i < 200 && !raw.socket.destroyed; i++) {
      raw.write(burst);
      await delay(5);
    }
    raw.socket.resume();
    await raw.ended;
    await othersServed();
  });
});

describe("hostile upgrades", () => {
  it("answers a plain HTTP GET to the WebSocket path with 426", async () => {
    t = await startServer();
    const raw = await opened();
    raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await raw.until(() => raw.head.includes("\r\n"));
    expect(raw.head).toMatch(/^HTTP\/1\.1 426/);
  });

  it("refuses an upgrade request with thousands of headers with 431, serving others", async () => {
    t = await startServer();
    const raw = await opened();
    const headers = Array.from({ length: 5000 }, (_, i) => `X-Junk-${i}: ${"v".repeat(10)}`);
    raw.write(upgradeRequest("gidl.v1.json", headers));
    const { head } = await raw.ended;
    expect(head).toMatch(/^HTTP\/1\.1 431/);
    await othersServed();
  });

  it("refuses a Sec-WebSocket-Protocol over the header limit with 431", async () => {
    t = await startServer();
    const raw = await opened();
    const offered = Array.from({ length: 4000 }, (_, i) => `p${i}`).join(", ");
    raw.write(upgradeRequest(`${offered}, gidl.v1.json`));
    const { head } = await raw.ended;
    expect(head).toMatch(/^HTTP\/1\.1 431/);
    await othersServed();
  });

  it("picks its codec from a long Sec-WebSocket-Protocol list under the header limit", async () => {
    t = await startServer();
    const offered = Array.from({ length: 1000 }, (_, i) => `p${i}`).join(", ");
    const raw = await upgraded(`${offered}, gidl.v1.msgpack, gidl.v1.json`);
    expect(raw.head).toMatch(/sec-websocket-protocol: gidl\.v1\.msgpack/i);
  });

  it("refuses a malformed Sec-WebSocket-Protocol with 400", async () => {
    t = await startServer();
    const raw = await opened();
    raw.write(upgradeRequest("gidl.v1.json,,, {}"));
    const { head } = await raw.ended;
    expect(head).toMatch(/^HTTP\/1\.1 400/);
  });

  it("drops a slowloris upgrade that never finishes its headers after handshakeTimeoutMs", async () => {
    t = await startServer({ limits: { handshakeTimeoutMs: 300 } });
    const raw = await opened();
    const text = upgradeRequest("gidl.v1.json");
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < text.length - 4) raw.write(text.slice(sent, ++sent));
    }, 20);
    try {
      await raw.until(() => raw.socket.destroyed || raw.head !== "", 10_000);
      await raw.ended;
      expect(sent).toBeLessThan(text.length - 4);
    } finally {
      clearInterval(trickle);
    }
    await othersServed();
  });

  it("closes a trickled partial frame before hello with 4002, and destroys it when it never answers the close", async () => {
    t = await startServer({ limits: { helloTimeoutMs: 200 } });
    const raw = await upgraded();
    const bytes = frame(OP.text, JSON.stringify({ type: "hello", protocol: 1, schema: "a".repeat(64) }));
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < bytes.length - 1) raw.write(bytes.subarray(sent, ++sent));
    }, 20);
    try {
      await raw.until(() => raw.closeCode() !== undefined);
      expect(raw.closeCode()).toBe(4002);
      // The peer never sends its close frame (it is busy trickling): destroyed after 5 s, not ws's 30 s.
      await raw.ended;
    } finally {
      clearInterval(trickle);
    }
  });

  it("drops a connection that trickles a partial frame after hello within two heartbeats", async () => {
    t = await startServer({ limits: { heartbeatMs: 150 } });
    const raw = await upgraded();
    await raw.hello("alice");
    const bytes = frame(OP.text, pingText(10_000));
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < bytes.length - 1) raw.write(bytes.subarray(sent, ++sent));
    }, 10);
    try {
      await raw.ended;
      // Dropped without a close frame (docs/protocol.md "Heartbeats"), long before the frame ends.
      expect(raw.closeCode()).toBeUndefined();
      expect(sent).toBeLessThan(bytes.length - 1);
    } finally {
      clearInterval(trickle);
    }
    await othersServed();
  });

  it("serves /healthz while an upgrade is held open half-sent", async () => {
    t = await startServer();
    const raw = await opened();
    raw.write(upgradeRequest("gidl.v1.json").slice(0, 40));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${t.http}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(200);
  });
});
