/** JSON in text frames (docs/protocol.md "Connecting"). Node-free. */
import { CodecError, type Codec, type Frame, type PreparedEvent } from "./codec.js";
import { SUBPROTOCOLS } from "./messages.js";

const utf8 = new TextEncoder();
/** `,"seq":` and `}`, spliced after an event's body. */
const SEQ_FIELD = utf8.encode(',"seq":');
const CLOSE_BRACE = 0x7d;

function text(frame: Frame): string {
  if (typeof frame !== "string") throw new CodecError("a JSON codec frame must be text");
  return frame;
}

export const jsonCodec: Codec = {
  name: "json",
  subprotocol: SUBPROTOCOLS.json,
  binary: false,

  encode(message: unknown): string {
    return JSON.stringify(message);
  },

  decode(frame: Frame): unknown {
    // docs/protocol.md "Connecting": JSON travels in text frames; a binary frame is a bad frame.
    if (typeof frame !== "string") throw new CodecError("JSON travels in text frames, not binary ones");
    try {
      return JSON.parse(frame) as unknown;
    } catch (error) {
      throw new CodecError("the frame is not valid JSON", { cause: error });
    }
  },

  batch(frames: readonly Frame[]): string {
    return "[" + frames.map(text).join(",") + "]";
  },

  prepareEvent(event: string, data: unknown, ts: number): PreparedEvent {
    const body = `{"type":"event","event":${JSON.stringify(event)},"ts":${JSON.stringify(ts)},"data":${(JSON.stringify(data) as string | undefined) ?? "null"}`;
    const unsequenced = body + "}";
    const unsequencedBytes = utf8.encode(unsequenced);
    // The body's bytes are the frame's but its closing brace (ASCII, one byte).
    const bodyBytes = unsequencedBytes.subarray(0, unsequencedBytes.length - 1);
    return { codec: "json", body, unsequenced, bodyBytes, unsequencedBytes };
  },

  eventFrame(prepared: PreparedEvent, seq: number | undefined): string {
    // The serialized data is reused as it is; only the seq differs per recipient.
    if (seq === undefined) return text(prepared.unsequenced);
    return text(prepared.body) + ',"seq":' + String(seq) + "}";
  },

  eventFrameLength(prepared, seq): number {
    return prepared.bodyBytes.length + SEQ_FIELD.length + decimalDigits(seq) + 1;
  },

  writeEventFrame(prepared, seq, target, offset): void {
    const body = prepared.bodyBytes;
    target.set(body, offset);
    target.set(SEQ_FIELD, offset + body.length);
    // The seq's digits, last first, with no string made per recipient.
    let at = offset + body.length + SEQ_FIELD.length + decimalDigits(seq);
    target[at] = CLOSE_BRACE;
    let rest = seq;
    do {
      target[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  },
};

/** How many decimal digits a seq (a safe non-negative integer) has. */
function decimalDigits(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}
