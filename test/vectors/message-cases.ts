/**
 * The messages of test/vectors/binary.json, in the JSON codec's wire form: every message type of
 * docs/protocol.md "Messages" and a batch each way. `hand` holds bytes worked out by hand.
 */
import { EVERYTHING, nestedTree } from "./value-cases.js";

export interface MessageCase {
  /** One message, or an array for a batch. */
  readonly message: unknown;
  readonly method?: string | readonly (string | null)[];
  readonly hand?: string;
  readonly note: string;
}

const TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const PROBE = {
  flag: true,
  small: 5,
  ratio: 1.5,
  color: "green",
  loot: { kind: "coin", value: 7 },
  name: "ok",
};

/** ASCII text as hex, for the hand-made bytes. */
const ascii = (text: string): string => Buffer.from(text, "latin1").toString("hex");

export function clientMessages(hash: string): MessageCase[] {
  return [
    {
      message: { type: "hello", protocol: 1, schema: hash },
      hand: `01 43 00 01 40 ${ascii(hash)}`,
      note: "hello, anonymous: flags 0, protocol 1, the 64-character hash",
    },
    { message: { type: "hello", protocol: 1, schema: hash, token: "alice" }, note: "hello with a token" },
    {
      message: {
        type: "hello",
        protocol: 1,
        schema: hash,
        token: "alice",
        resume: { token: "ps_1.c2VjcmV0", lastEventSeq: 42 },
      },
      note: "hello with a token and a resume: flags 3",
    },
    {
      message: { type: "hello", protocol: 1, schema: hash, resume: { token: "t", lastEventSeq: 0 } },
      note: "hello with a resume but no token: flags 2",
    },
    {
      message: { type: "rpc", id: 1, method: "shop.reset", params: {} },
      hand: "03 03 00 01 11",
      note: "rpc shop.reset (method 17), no params: no value bytes",
    },
    {
      message: { type: "rpc", id: 2, method: "shop.grow", params: { tree: [[]] } },
      hand: "03 03 00 02 0d 01 00",
      note: "rpc shop.grow (method 13)",
    },
    {
      message: { type: "rpc", id: 3, method: "shop.echo", params: { value: EVERYTHING } },
      note: "rpc, every type",
    },
    {
      message: { type: "rpc", id: 4, method: "shop.probe", params: PROBE, trace: TRACE },
      note: "rpc with a trace: flags 1",
    },
    {
      message: {
        type: "rpc",
        id: 9007199254740991,
        method: "shop.buy",
        params: { itemId: "sword", count: 2 },
      },
      note: "rpc with the largest id, 2^53-1",
    },
    {
      message: { type: "rpc", id: 6, method: "shop.grow", params: { tree: nestedTree(127) } },
      note: "params (one level) holding 127 nested lists: 128 deep, the limit",
    },
    {
      message: {
        type: "rpc",
        id: 7,
        method: "session.create",
        params: { settings: {}, visibility: "private" },
      },
      note: "a built-in method (index 1)",
    },
    {
      message: { type: "rpc", id: 8, method: "topic.subscribe", params: { name: "guild:42" } },
      note: "the last built-in method (index 18)",
    },
    {
      message: { type: "send", id: 3, method: "shop.move", params: { to: { x: 1.5, y: -2 }, running: true } },
      hand: "04 03 00 03 0e 01 0000c03f 000000c0 01",
      note: "send shop.move (method 14)",
    },
    {
      message: { type: "send", id: 10, method: "shop.move", params: { to: { x: 0, y: 0 } } },
      note: "send, optional param absent",
    },
    { message: { type: "ack", seq: 300 }, hand: "07 02 ac02", note: "ack: no flags, the seq" },
    { message: { type: "ack", seq: 0 }, note: "ack 0" },
    {
      message: { type: "ping", t: 1.5 },
      hand: "08 08 00000000 0000f83f",
      note: "ping: the header is t as an f64",
    },
    { message: { type: "pong", t: 1764062415000 }, note: "pong" },
    {
      message: [
        { type: "ack", seq: 1 },
        { type: "ping", t: 0 },
      ],
      hand: "00 02 03 070101 0a 0808 0000000000000000",
      note: "batch: type 0, count, each item's length and bytes",
    },
    {
      message: [
        { type: "rpc", id: 11, method: "shop.reset", params: {} },
        { type: "send", id: 12, method: "shop.move", params: { to: { x: 1, y: 2 } } },
        { type: "ack", seq: 5 },
      ],
      note: "batch of rpc, send and ack",
    },
  ];
}

export function serverMessages(): MessageCase[] {
  const base = { type: "welcome", protocol: 1, heartbeatMs: 15000, serverTime: 1000 };
  const resume = { token: "ps_1.c2VjcmV0", expiresInMs: 30000 };
  return [
    {
      message: { ...base, player: null, resumed: false },
      hand: "02 06 00 01 9875 e807",
      note: "welcome, anonymous: flags 0, heartbeatMs 15000, serverTime 1000",
    },
    {
      message: { ...base, player: "alice", resume, resumed: false, serverTime: 1764062400000 },
      note: "welcome with player and resume: flags 3",
    },
    { message: { ...base, player: "alice", resume, resumed: true }, note: "welcome, resumed: flags 7" },
    {
      message: { ...base, player: "alice", resume, resumed: false, reason: "expired" },
      note: "welcome, the resume failed: flags 11",
    },
    {
      message: { ...base, player: null, resumed: false, reason: "unknown" },
      note: "welcome anonymous with a reason: flags 8",
    },
    {
      message: { type: "response", id: 2, result: 7 },
      method: "shop.grow",
      hand: "05 03 00 02 0e 07",
      note: "response ok: method 13 + 1, then the result",
    },
    {
      message: { type: "response", id: 1, result: null },
      method: "shop.reset",
      hand: "05 03 00 01 12",
      note: "response of an rpc that returns nothing: no value",
    },
    {
      message: { type: "response", id: 3, result: EVERYTHING },
      method: "shop.echo",
      note: "response ok, every type",
    },
    {
      message: { type: "response", id: 4, result: { kind: "nothing" }, replayed: true },
      method: "shop.probe",
      note: "response replayed: flags 2",
    },
    {
      message: {
        type: "response",
        id: 7,
        result: {
          id: "s1",
          status: "waiting",
          host: "alice",
          players: [{ id: "alice", connected: true }],
          settings: {},
          visibility: "private",
          createdAt: 1764062400009,
        },
      },
      method: "session.create",
      note: "response of a built-in method",
    },
    {
      message: {
        type: "response",
        id: 4,
        error: { code: "OUT_OF_STOCK", message: "gone", details: { itemId: "a", left: 0 }, retry: false },
      },
      method: "shop.buy",
      hand: `05 17 01 04 0c 13 00 0c ${ascii("OUT_OF_STOCK")} 04 ${ascii("gone")} 00 0161 00`,
      note: "a declared error: the error object, then its details as the value",
    },
    {
      message: {
        type: "response",
        id: 5,
        error: {
          code: "OUT_OF_STOCK",
          message: "gone",
          details: { itemId: "b", left: 3, hint: "tomorrow" },
          retry: false,
        },
      },
      method: "shop.buy",
      note: "a declared error with its optional field",
    },
    {
      message: {
        type: "response",
        id: 6,
        error: { code: "BUSY", message: "try later", details: { retryInMs: 250 }, retry: true },
      },
      method: "shop.buy",
      note: "a @retryable declared error: retry bit",
    },
    {
      message: {
        type: "response",
        id: 7,
        error: { code: "SOLD_OUT", message: "sold out", retry: false },
        replayed: true,
      },
      method: "shop.buy",
      note: "a declared error without fields (empty details, no bytes), replayed",
    },
    {
      message: {
        type: "response",
        id: 8,
        error: {
          code: "INVALID_ARGUMENT",
          message: "Invalid params",
          details: {
            problems: [
              { path: "/small", message: "must be <= 255" },
              { path: "/loot/value", message: "must be integer" },
            ],
          },
          retry: false,
        },
      },
      method: "shop.probe",
      note: "INVALID_ARGUMENT: problems bit, count, then path and message each",
    },
    {
      message: {
        type: "response",
        id: 9,
        error: { code: "RATE_LIMITED", message: "slow down", details: { retryAfterMs: 100 }, retry: true },
      },
      method: "shop.reset",
      note: "RATE_LIMITED: retry and retryAfterMs bits",
    },
    {
      message: {
        type: "response",
        id: 10,
        error: {
          code: "SESSION_ELSEWHERE",
          message: "elsewhere",
          details: { url: "ws://10.0.0.2:8080/" },
          retry: true,
        },
      },
      method: "session.join",
      note: "SESSION_ELSEWHERE: the url bit",
    },
    {
      message: {
        type: "response",
        id: 11,
        error: { code: "PERMISSION_DENIED", message: "no", retry: false },
      },
      method: "shop.reset",
      note: "a built-in code without details: no value",
    },
    {
      message: { type: "response", id: 9, error: { code: "NOT_FOUND", message: "no", retry: false } },
      hand: `05 12 01 09 00 0e 00 09 ${ascii("NOT_FOUND")} 02 ${ascii("no")}`,
      note: "an error for an unknown method: method 0",
    },
    {
      message: {
        type: "response",
        id: 12,
        error: { code: "BAD_MESSAGE", message: "the message ends too early (at byte 9)", retry: false },
      },
      method: "shop.probe",
      note: "BAD_MESSAGE for a known method",
    },
    {
      message: { type: "event", event: "shop.closed", data: {}, seq: 1, ts: 1000 },
      hand: "06 05 01 07 e807 01",
      note: "reliable event shop.closed (event 7): flags 1, ts, seq; empty payload",
    },
    {
      message: { type: "event", event: "shop.positions", data: { players: { a: { x: 0, y: 1 } } }, ts: 5 },
      hand: "06 03 00 08 05 01 0161 00000000 0000803f",
      note: "@unreliable event (event 8): no seq",
    },
    {
      message: {
        type: "event",
        event: "shop.restocked",
        data: { itemId: "sword", count: 12 },
        seq: 9007199254740991,
        ts: 1764062400010,
      },
      note: "event with the largest seq",
    },
    {
      message: {
        type: "event",
        event: "session.playerJoined",
        data: { sessionId: "s1", playerId: "alice" },
        seq: 2,
        ts: 1764062400010,
      },
      note: "a built-in event (index 2)",
    },
    {
      message: {
        type: "event",
        event: "session.statusChanged",
        data: { sessionId: "s1", status: "ended", previous: "running", reason: "host" },
        seq: 3,
        ts: 1764062400011,
      },
      note: "a built-in event with an optional field",
    },
    {
      message: { type: "error", error: { code: "BAD_MESSAGE", message: "x", retry: false } },
      hand: `0a 10 0f 00 0b ${ascii("BAD_MESSAGE")} 01 78`,
      note: "error: the header is the error object, with its own length",
    },
    {
      message: {
        type: "error",
        error: {
          code: "INVALID_ARGUMENT",
          message: "Invalid params",
          details: { problems: [] },
          retry: false,
        },
      },
      note: "error with an empty problems list",
    },
    {
      message: {
        type: "error",
        error: { code: "OUT_OF_STOCK", message: "gone", details: { itemId: "c", left: 1 }, retry: false },
      },
      note: "error with a declared code: details as the value",
    },
    { message: { type: "ping", t: 1764062415000 }, note: "ping from the server" },
    { message: { type: "pong", t: -0.5 }, note: "pong" },
    {
      message: [
        { type: "event", event: "shop.closed", data: {}, seq: 4, ts: 2000 },
        { type: "response", id: 2, result: 7 },
        { type: "ping", t: 3 },
      ],
      method: [null, "shop.grow", null],
      note: "batch of event, response and ping",
    },
  ];
}
