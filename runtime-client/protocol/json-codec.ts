/** JSON in text frames (PROTOCOL.md "Transport and encoding"). Node-free. */
import { CodecError, type Codec, type Frame, type PreparedEvent } from "./codec.js";
import { SUBPROTOCOLS } from "./messages.js";

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
    return { codec: "json", body, unsequenced: body + "}" };
  },

  eventFrame(prepared: PreparedEvent, seq: number | undefined): string {
    // The serialized data is reused as it is; only the seq differs per recipient.
    if (seq === undefined) return text(prepared.unsequenced);
    return text(prepared.body) + ',"seq":' + String(seq) + "}";
  },
};
