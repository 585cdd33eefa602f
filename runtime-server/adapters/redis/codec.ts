/** How records travel through Redis: MessagePack, keeping bigint (i64) and bytes as they are. */
import { Packr } from "msgpackr";

const packr = new Packr({ useRecords: false, int64AsType: "bigint", mapsAsObjects: true });

export function pack(value: unknown): Buffer {
  return packr.pack(value);
}

export function unpack(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}
