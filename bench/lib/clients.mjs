// The load generators' clients: raw `ws` sockets speaking each contender's protocol, so that every
// contender is driven by the same small amount of client work (the load generator shares the 2
// cores with the server). gidl's generated client is not used here: its reconnect, offline queue,
// timers and promise per call would make the load generator, not the server, the bottleneck.
//
// One rpc at a time per client (closed loop): `call()` sends combat.attack and `onResult(latencyMs)`
// fires when its answer arrives. `onEvent(data)` receives the tick events' data.
import { Packr, Unpackr } from "msgpackr";
import WebSocket from "ws";

export const ATTACK_PARAMS = Object.freeze({ targetId: "player_42", weapon: "bow", power: 120 });

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/** How each of gidl's codecs turns a message into a frame and back, on the load generator's side. */
const FRAMES = {
  json: { encode: (message) => JSON.stringify(message), decode: (data) => JSON.parse(data.toString()) },
  msgpack: { encode: (message) => packr.pack(message), decode: (data) => unpackr.unpack(data) },
};

/**
 * The bench schema's binary codec: the generated encoders a game's own client would use. Loaded on
 * first use, since bench/run.mjs imports this module before it generates bench/out/gen.
 */
async function binaryFrames() {
  if (FRAMES.binary === undefined) {
    const { createBinaryCodec } = await import("../../dist/protocol/index.js");
    const { binary } = await import("../out/gen/binary.js");
    const codec = createBinaryCodec(binary);
    FRAMES.binary = {
      subprotocol: codec.subprotocol,
      encode: (message) => codec.encode(message),
      decode: (data) => codec.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
    };
  }
  return FRAMES.binary;
}

/** A socket, not yet open: listeners go on before any frame can arrive. */
function socket(url, protocols) {
  return new WebSocket(url, protocols, { perMessageDeflate: false });
}

function opened(ws) {
  return new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
}

/** gidl's protocol (docs/protocol.md) on any of its codecs; the bare ws server speaks its JSON subset. */
class GidlClient {
  onResult = () => {};
  onEvent = () => {};
  nextId = 1;
  sentAt = 0;
  waiting = new Map();
  eventsSinceAck = 0;

  constructor(ws, codec, ackEvery) {
    this.ws = ws;
    this.frames = FRAMES[codec];
    this.ackEvery = ackEvery;
    ws.on("message", (data) => {
      const decoded = this.frames.decode(data);
      if (Array.isArray(decoded)) for (const message of decoded) this.handle(message);
      else this.handle(decoded);
    });
  }

  send(message) {
    this.ws.send(this.frames.encode(message));
  }

  handle(message) {
    switch (message.type) {
      case "response": {
        const pending = this.waiting.get(message.id);
        if (pending !== undefined) {
          this.waiting.delete(message.id);
          if (message.error !== undefined) pending.reject(new Error(JSON.stringify(message.error)));
          else pending.resolve(message.result);
          return;
        }
        if (message.error !== undefined) throw new Error(`call failed: ${JSON.stringify(message.error)}`);
        this.onResult(performance.now() - this.sentAt);
        return;
      }
      case "event":
        this.onEvent(message.data);
        // Like the generated client: acknowledge reliable events every 100 (docs/client.md "Events").
        if (message.seq !== undefined && ++this.eventsSinceAck >= this.ackEvery) {
          this.eventsSinceAck = 0;
          this.send({ type: "ack", seq: message.seq });
        }
        return;
      case "welcome":
        this.waiting.get("hello")?.resolve(message);
        this.waiting.delete("hello");
        return;
      case "ping":
        this.send({ type: "pong", t: message.t });
        return;
      case "error":
        throw new Error(`server error: ${JSON.stringify(message.error)}`);
    }
  }

  hello(schema, token) {
    return new Promise((resolve, reject) => {
      this.waiting.set("hello", { resolve, reject });
      this.send({ type: "hello", protocol: 1, schema, token });
    });
  }

  /** A call whose answer resolves a promise (set-up only: session.create / join). */
  rpc(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: "rpc", id, method, params });
    });
  }

  call() {
    this.sentAt = performance.now();
    this.send({ type: "rpc", id: this.nextId++, method: "combat.attack", params: ATTACK_PARAMS });
  }

  close() {
    this.ws.terminate();
  }
}

/**
 * socket.io 4 over its WebSocket transport (Engine.IO v4 packets): `0` open, `40` connect with the
 * auth payload, `42<ack>[event, data]` an emit asking for an ack, `43<ack>[result]` the ack,
 * `2`/`3` ping/pong.
 */
class SocketIoClient {
  onResult = () => {};
  onEvent = () => {};
  nextAck = 1;
  sentAt = 0;

  constructor(ws, token, connected) {
    this.ws = ws;
    ws.on("message", (data) => {
      const text = data.toString();
      const type = text.charCodeAt(0);
      if (type === 0x30 /* 0 open */) {
        ws.send(`40${JSON.stringify({ token })}`);
      } else if (type === 0x32 /* 2 ping */) {
        ws.send("3");
      } else if (type === 0x34 /* 4 message */) {
        const packet = text.charCodeAt(1);
        if (packet === 0x30 /* 0 connect */) connected();
        else if (packet === 0x33 /* 3 ack */) {
          this.onResult(performance.now() - this.sentAt);
        } else if (packet === 0x32 /* 2 event */) {
          const [, data] = JSON.parse(text.slice(2));
          this.onEvent(data);
        }
      }
    });
  }

  call() {
    this.sentAt = performance.now();
    this.ws.send(`42${this.nextAck++}${JSON.stringify(["combat.attack", ATTACK_PARAMS])}`);
  }

  close() {
    this.ws.terminate();
  }
}

export const CONTENDERS = {
  "gidl JSON": { server: "gidl", codec: "json" },
  "gidl MessagePack": { server: "gidl", codec: "msgpack" },
  "gidl binary": { server: "gidl", codec: "binary" },
  "bare ws": { server: "bare-ws", codec: "json" },
  "socket.io": { server: "socketio", codec: "json" },
};

/**
 * Connects one authenticated client (player `token`) of `contender` to a server on `port`.
 * `schema` is the bench schema's hash (gidl checks it at hello).
 */
export async function connectClient(contender, port, token, schema, { ackEvery = 100 } = {}) {
  const { server, codec } = CONTENDERS[contender];
  if (server === "socketio") {
    let connected;
    const done = new Promise((resolve) => (connected = resolve));
    const ws = socket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const client = new SocketIoClient(ws, token, connected);
    await opened(ws);
    await done;
    return client;
  }
  const protocols =
    server !== "gidl" ? [] : codec === "binary" ? [(await binaryFrames()).subprotocol] : [`gidl.v1.${codec}`];
  const ws = socket(`ws://127.0.0.1:${port}/`, protocols);
  const client = new GidlClient(ws, codec, ackEvery);
  await opened(ws);
  await client.hello(schema, token);
  return client;
}

/** Connects `count` clients, `parallel` handshakes at a time (a burst of thousands would be refused). */
export async function connectMany(contender, port, count, schema, { parallel = 50, ...options } = {}) {
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      clients[i] = await connectClient(contender, port, `p${i}`, schema, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return clients;
}
