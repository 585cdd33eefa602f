/**
 * A network a test (or a bot) can cut: a WebSocket class for one client whose socket can be dropped
 * the way a failing network drops it — no close frame, so the server keeps the player's resume
 * window (docs/protocol.md "Player sessions and resume") — and kept down until `restore()`.
 */
import { WebSocket, type RawData } from "ws";
import type { WebSocketConstructorLike } from "../runtime-client/options.js";
import type { BinarySchema } from "../protocol/binary/schema.js";
import { binaryCodecFor, codecForSubprotocol } from "../protocol/codecs.js";
import { BINARY_SUBPROTOCOL_PREFIX, jsonCodec, messagesOfFrame, type Codec } from "../protocol/index.js";

/**
 * A `welcome` carries no schema value (docs/protocol.md "Messages"), so the binary codec of a
 * schema without methods or events reads it whatever the schema of the connection.
 */
const ENVELOPE_ONLY: BinarySchema = { hash: "", methods: [], events: [], errors: {} };

export interface Welcome {
  readonly resumed: boolean;
  /** The server's clock when it welcomed the client: replayed events were emitted before it. */
  readonly serverTime: number;
}

export interface TestNetwork {
  /** Pass as the client's `WebSocket` option. */
  readonly WebSocket: WebSocketConstructorLike;
  /** Whether the network is cut. */
  readonly down: boolean;
  /** The welcome of the latest connection, read off the wire (the SDK keeps it to itself). */
  readonly welcome: Welcome | undefined;
  /** Drops the open socket without a close frame; connection attempts fail until `restore()`. */
  cut(): void;
  restore(): void;
}

export function createTestNetwork(): TestNetwork {
  let down = false;
  let current: WebSocket | undefined;
  let welcome: Welcome | undefined;
  const track = (socket: WebSocket): void => {
    current = socket;
  };

  class NetworkSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      if (down) {
        // ws aborts the handshake and reports error + close on the next tick, after the client has
        // attached its handlers: to the client this is a failed connection attempt.
        this.terminate();
        return;
      }
      track(this);
      // The welcome is the first message of a connection.
      this.once("message", (data: RawData, isBinary: boolean) => {
        const found = readWelcome(this.protocol, data, isBinary);
        if (found !== undefined) welcome = found;
      });
    }
  }

  return {
    // ws's class has the browser-style `onopen`/`onmessage` members the client uses.
    WebSocket: NetworkSocket,
    get down() {
      return down;
    },
    get welcome() {
      return welcome;
    },
    cut() {
      down = true;
      current?.terminate();
      current = undefined;
    },
    restore() {
      down = false;
    },
  };
}

function readWelcome(protocol: string, data: RawData, isBinary: boolean): Welcome | undefined {
  const codec: Codec =
    (protocol.startsWith(BINARY_SUBPROTOCOL_PREFIX)
      ? binaryCodecFor(ENVELOPE_ONLY)
      : protocol === ""
        ? undefined
        : codecForSubprotocol(protocol)) ?? jsonCodec;
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  try {
    const frame = isBinary
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : bytes.toString();
    for (const message of messagesOfFrame(codec.decode(frame))) {
      const m = message as { type?: unknown; resumed?: unknown; serverTime?: unknown };
      if (m.type === "welcome" && typeof m.serverTime === "number")
        return { resumed: m.resumed === true, serverTime: m.serverTime };
    }
  } catch {
    // Not a frame we can read: the client will say so itself.
  }
  return undefined;
}
