import { describe, expect, it } from "vitest";
import {
  checkClientMessage,
  checkServerMessage,
  isMessageId,
  messagesOfFrame,
  PROTOCOL_VERSION,
  SUBPROTOCOLS,
} from "../../protocol/messages.js";

describe("protocol constants", () => {
  it("names protocol version 1 and its two subprotocols", () => {
    expect(PROTOCOL_VERSION).toBe(1);
    expect(SUBPROTOCOLS).toEqual({ json: "gidl.v1.json", msgpack: "gidl.v1.msgpack" });
  });
});

describe("checkClientMessage", () => {
  it("accepts every client message of the protocol's example exchange", () => {
    for (const message of [
      { type: "hello", protocol: 1, schema: "9f2c", token: "eyJ" },
      { type: "hello", protocol: 1, schema: "9f2c", resume: { token: "r_8Jk", lastEventSeq: 0 } },
      { type: "rpc", id: 1, method: "session.join", params: { sessionId: "s_42" }, trace: "00-abc-def-01" },
      { type: "send", id: 3, method: "combat.move", params: { pos: { x: 10.5, y: 20.3 } } },
      { type: "ack", seq: 12 },
      { type: "ping", t: 1.5 },
      { type: "pong", t: 2 },
    ]) {
      expect(checkClientMessage(message)).toEqual({ ok: true, message });
    }
  });

  it("refuses ids that are not safe integers from 1, naming the problem", () => {
    for (const id of [0, -1, 1.5, 2 ** 53, "1", null]) {
      expect(checkClientMessage({ type: "rpc", id, method: "a.b", params: {} })).toEqual({
        ok: false,
        reason: "rpc.id must be an integer from 1 to 2^53-1",
      });
    }
    expect(isMessageId(2 ** 53 - 1)).toBe(true);
  });

  it("keeps a readable rpc id when the rest of the message is bad, so the call can be answered", () => {
    expect(checkClientMessage({ type: "rpc", id: 4, method: "a.b", params: [] })).toEqual({
      ok: false,
      reason: "rpc.params must be an object",
      id: 4,
    });
    expect(checkClientMessage({ type: "rpc", id: 5, params: {} })).toMatchObject({ ok: false, id: 5 });
  });

  it("refuses unknown types, non-objects and malformed hellos", () => {
    expect(checkClientMessage({ type: "subscribe" })).toEqual({
      ok: false,
      reason: 'unknown message type "subscribe"',
    });
    expect(checkClientMessage([])).toEqual({ ok: false, reason: "a message must be an object" });
    expect(checkClientMessage({ type: "hello", protocol: 1 })).toMatchObject({ ok: false });
    expect(
      checkClientMessage({ type: "hello", protocol: 1, schema: "x", resume: { token: "t" } }),
    ).toMatchObject({
      ok: false,
    });
    expect(checkClientMessage({ type: "ack", seq: -1 })).toMatchObject({ ok: false });
    expect(checkClientMessage({ type: "ping", t: "now" })).toMatchObject({ ok: false });
  });
});

describe("checkServerMessage", () => {
  it("accepts every server message of the protocol's example exchange", () => {
    for (const message of [
      {
        type: "welcome",
        protocol: 1,
        player: "p1",
        resume: { token: "r_8Jk", expiresInMs: 30000 },
        resumed: false,
        heartbeatMs: 15000,
        serverTime: 1764062400000,
      },
      { type: "welcome", protocol: 1, player: null, resumed: false, heartbeatMs: 15000, serverTime: 1 },
      { type: "response", id: 1, result: null },
      {
        type: "response",
        id: 2,
        error: { code: "TIMEOUT", message: "too slow", retry: true },
        replayed: true,
      },
      { type: "event", seq: 1, event: "session.playerJoined", data: { playerId: "p1" }, ts: 1764062400050 },
      { type: "event", event: "world.tick", data: {}, ts: 1 },
      { type: "error", error: { code: "BAD_MESSAGE", message: "bad", retry: false } },
    ]) {
      expect(checkServerMessage(message)).toEqual({ ok: true, message });
    }
  });

  it("refuses responses without a result or a well-formed error", () => {
    expect(checkServerMessage({ type: "response", id: 1 })).toEqual({
      ok: false,
      reason: "a response needs a result or an error",
      id: 1,
    });
    expect(checkServerMessage({ type: "response", id: 1, error: { code: "X" } })).toMatchObject({
      ok: false,
      id: 1,
    });
    expect(checkServerMessage({ type: "event", event: "a.b", ts: 1, seq: 0 })).toMatchObject({ ok: false });
  });
});

describe("messagesOfFrame", () => {
  it("treats an array as a batch and anything else as one message", () => {
    expect(messagesOfFrame([{ type: "ping", t: 1 }, 2])).toEqual([{ type: "ping", t: 1 }, 2]);
    expect(messagesOfFrame({ type: "ping", t: 1 })).toEqual([{ type: "ping", t: 1 }]);
  });
});
