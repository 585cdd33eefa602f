/** Reads the file list of a package tarball as `npm pack` writes it (gzip, ustar with pax headers). */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface TarballEntry {
  /** The path inside the package, without npm's leading `package/`. */
  readonly path: string;
  readonly size: number;
}

const block = 512;

export function tarballEntries(file: string): TarballEntry[] {
  const tar = gunzipSync(readFileSync(file));
  const entries: TarballEntry[] = [];
  let paxPath: string | undefined;
  for (let offset = 0; offset + block <= tar.length;) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    const type = text(header, 156, 1);
    const body = tar.subarray(offset + block, offset + block + size);
    offset += block + Math.ceil(size / block) * block;
    if (type === "x") {
      // A pax header: its `path` record, if any, replaces the next entry's ustar name.
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
      continue;
    }
    const prefix = text(header, 345, 155);
    const name = paxPath ?? (prefix === "" ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`);
    paxPath = undefined;
    if (type === "0" || type === "") entries.push({ path: name.replace(/^package\//, ""), size });
  }
  return entries;
}

/** A NUL-terminated header field. */
function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}
