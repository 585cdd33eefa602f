/**
 * Writes a connection's frames whole to the socket under its WebSocket (ws-frame.ts), corked until
 * the end of the turn (cork-scheduler.ts) unless asked to write at once.
 */
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import type { CorkScheduler } from "./cork-scheduler.js";

/**
 * A connection holding this much is written out at once, so little waits and `bufferedAmount`
 * (which counts what is held) stays close to what the kernel has not taken.
 */
const CORK_FLUSH_BYTES = 64 * 1024;

export class FrameWriter {
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    /** The socket under `socket` (the upgrade's). */
    private readonly raw: Duplex,
    private readonly scheduler: CorkScheduler,
  ) {}

  /** Unsent bytes: what ws and the socket hold, corked frames included. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Writes a whole frame while the WebSocket is open, as ws's `send` would (a socket that failed
   * meanwhile refuses the write with an error event, which ws handles); false when it is not open.
   */
  write(frame: Buffer, cork: boolean): boolean {
    const raw = this.raw;
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    if (cork && !this.corked) {
      raw.cork();
      this.corked = true;
      this.scheduler.hold(this);
    }
    // Beside ws, whose own sender still writes pings, pongs and the close frame: right only while
    // that sender writes straight through. With permessage-deflate it compresses asynchronously and
    // queues its frames, which ours would overtake; the server never negotiates it (server.ts,
    // docs/protocol.md "Connecting"), and test/runtime-server/permessage-deflate.e2e.test.ts fails
    // if it ever does.
    raw.write(frame);
    if (this.corked && raw.writableLength > CORK_FLUSH_BYTES) this.uncork();
    return true;
  }

  /** Writes out the frames held since the turn began. */
  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.raw.uncork();
  }
}
