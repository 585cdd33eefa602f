/**
 * The server never negotiates permessage-deflate (docs/protocol.md "Connecting"): it writes whole
 * frames beside ws's own sender, which is right only while that sender writes straight through.
 * These fail if the option is ever turned on.
 */
import { randomBytes } from "node:crypto";
import { request, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startServer, type TestServer } from "./test-server.js";

let t: TestServer;
afterEach(async () => {
  await t.close();
});

/** A raw upgrade request offering permessage-deflate; resolves with the server's answer. */
function upgrade(port: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/",
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        "Sec-WebSocket-Protocol": "gidl.v1.json",
        "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res);
    });
    req.on("response", (res) => {
      reject(new Error(`HTTP ${String(res.statusCode)} instead of an upgrade`));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("permessage-deflate", () => {
  it("is not accepted when a client offers it: the upgrade answer names no extension", async () => {
    t = await startServer();
    const res = await upgrade(t.server.port);
    expect(res.statusCode).toBe(101);
    expect(res.headers["sec-websocket-protocol"]).toBe("gidl.v1.json");
    expect(res.headers["sec-websocket-extensions"]).toBeUndefined();
  });

  it("is not in use on a ws client's connection that asked for it, whose calls are answered", async () => {
    t = await startServer();
    const socket = new WebSocket(t.url, ["gidl.v1.json"], { perMessageDeflate: true });
    const frames: string[] = [];
    socket.on("message", (data: Buffer) => {
      frames.push(data.toString("utf8"));
    });
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    expect(socket.extensions).toBe("");
    socket.send(JSON.stringify({ type: "hello", protocol: 1, schema: "a".repeat(64) }));
    socket.send(
      JSON.stringify({ type: "rpc", id: 1, method: "game.echo", params: { text: "x".repeat(200) } }),
    );
    const until = Date.now() + 5000;
    while (frames.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.close(1000);
    expect(frames.map((f) => (JSON.parse(f) as { type: string }).type)).toEqual(["welcome", "response"]);
    expect(JSON.parse(frames[1] ?? "null")).toMatchObject({
      id: 1,
      result: { text: "x".repeat(200) },
    });
  });
});
