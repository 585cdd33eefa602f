/** JSON in text frames (PROTOCOL.md "Transport and encoding"). Node-free. */
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
    // PROTOCOL.md: JSON travels in text frames; a binary frame is the other codec's and is refused.
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

  eventFrameBytes(prepared, seq, alloc): Uint8Array {
    if (seq === undefined) return prepared.unsequencedBytes;
    const body = prepared.bodyBytes;
    const digits = String(seq);
    const out = alloc(body.length + SEQ_FIELD.length + digits.length + 1);
    out.set(body, 0);
    out.set(SEQ_FIELD, body.length);
    let at = body.length + SEQ_FIELD.length;
    for (let i = 0; i < digits.length; i++) out[at++] = digits.charCodeAt(i);
    out[at] = CLOSE_BRACE;
    return out;
  },
};
