import { describe, expect, it } from "vitest";
import { CODECS, type Codec } from "../../runtime-client/protocol/index.js";
import { OutboundEvent } from "../../runtime-server/events/outbound-event.js";

/** The real codec, counting how often an event's envelope and data are serialized. */
function counting(codec: Codec): { codec: Codec; prepared: () => number } {
  let n = 0;
  const wrapped: Codec = {
    ...codec,
    prepareEvent: (...args) => {
      n++;
      return codec.prepareEvent(...args);
    },
  };
  return { codec: wrapped, prepared: () => n };
}

describe.each(["json", "msgpack"] as const)("a broadcast event (%s)", (name) => {
  it("serializes its data once for every recipient and writes only the seq per recipient", () => {
    const { codec, prepared } = counting(CODECS[name]);
    const event = new OutboundEvent("play.tick", { n: 7, text: "hi" }, true, 1_700_000_000_000, null, {});
    const frames = [1, 2, 3, 1000].map((seq) => event.frame(codec, seq));
    const unsequenced = event.frame(codec, undefined);
    expect(prepared()).toBe(1);
    const decoded = [...frames, unsequenced].map((frame) =>
      codec.decode(name === "json" ? new TextDecoder().decode(frame) : frame),
    );
    expect(decoded).toEqual([
      ...[1, 2, 3, 1000].map((seq) => ({
        type: "event",
        event: "play.tick",
        data: { n: 7, text: "hi" },
        ts: 1_700_000_000_000,
        seq,
      })),
      { type: "event", event: "play.tick", data: { n: 7, text: "hi" }, ts: 1_700_000_000_000 },
    ]);
  });
});
