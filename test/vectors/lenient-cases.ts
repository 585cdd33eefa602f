/**
 * Frames that are not what an encoder writes but that a decoder must accept (docs/protocol.md
 * "Messages": flag bits and header bytes it does not know are ignored, a newer peer's; "Values":
 * varints longer than needed are accepted). Bytes made by hand; the vectors mark them `decodeOnly`.
 */
export interface LenientCase {
  readonly direction: "client" | "server";
  readonly hex: string;
  readonly message: unknown;
  readonly method?: string;
  readonly note: string;
}

const ascii = (text: string): string => Buffer.from(text, "latin1").toString("hex");
const BAD_MESSAGE_X = `0b ${ascii("BAD_MESSAGE")} 01 78`;

export function lenientCases(hash: string): LenientCase[] {
  const reset = { type: "rpc", id: 1, method: "shop.reset", params: {} };
  return [
    {
      direction: "client",
      hex: "07 02 05 ff",
      message: { type: "ack", seq: 5 },
      note: "ack, a header byte past seq",
    },
    {
      direction: "client",
      hex: "07 03 85 80 00",
      message: { type: "ack", seq: 5 },
      note: "seq 5 in three varint bytes",
    },
    { direction: "client", hex: "03 03 02 01 11", message: reset, note: "rpc with flag bit 1, unknown" },
    {
      direction: "client",
      hex: "03 05 00 01 11 aa bb",
      message: reset,
      note: "rpc, two header bytes past the method",
    },
    { direction: "client", hex: "03 04 00 81 00 11", message: reset, note: "rpc id 1 in two varint bytes" },
    {
      direction: "client",
      hex: `01 45 04 01 40 ${ascii(hash)} 00 00`,
      message: { type: "hello", protocol: 1, schema: hash },
      note: "hello with flag bit 2, unknown, and two header bytes past the schema",
    },
    {
      direction: "client",
      hex: "08 09 000000000000f83f 00",
      message: { type: "ping", t: 1.5 },
      note: "ping, a header byte past t",
    },
    {
      direction: "server",
      hex: "02 07 10 01 9875 e807 ff",
      message: {
        type: "welcome",
        protocol: 1,
        player: null,
        resumed: false,
        heartbeatMs: 15000,
        serverTime: 1000,
      },
      note: "welcome with flag bit 4, unknown, and a byte past serverTime",
    },
    {
      direction: "server",
      hex: `0a 12 11 00 ${BAD_MESSAGE_X} ee ee`,
      message: { type: "error", error: { code: "BAD_MESSAGE", message: "x", retry: false } },
      note: "an error object with two bytes past its fields",
    },
    {
      direction: "server",
      hex: `0a 10 0f 10 ${BAD_MESSAGE_X}`,
      message: { type: "error", error: { code: "BAD_MESSAGE", message: "x", retry: false } },
      note: "an error object with flag bit 4, unknown",
    },
    {
      direction: "server",
      hex: "05 03 04 02 0e 07",
      message: { type: "response", id: 2, result: 7 },
      method: "shop.grow",
      note: "response with flag bit 2, unknown",
    },
    {
      direction: "server",
      hex: "06 06 01 07 e807 01 ff",
      message: { type: "event", event: "shop.closed", data: {}, seq: 1, ts: 1000 },
      note: "event, a header byte past seq",
    },
  ];
}
