/**
 * `gidl decode` as a user runs it: the built CLI on a frame of the binary codec written byte by
 * byte from docs/protocol.md "The binary codec" (not by our encoder), good and bad.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBuilt, runGidl } from "../setup/built-cli.js";

// play.echo sorts first among the methods (play.* < session.* < topic.*): index 0.
const schema = `package demo;

service play {
  rpc echo(n: u32, name: string, big?: i64): u32;
}
`;

/** rpc (3), header of 3 bytes (flags 0, id 1, method 0), params: bitmap 0x01 (big), n 300, name "al", big −2. */
const RPC = "03 03 00 01 00 01 ac02 02616c 03";

let dir: string;
const decode = (...args: string[]) => runGidl(["decode", ...args], { cwd: dir });

beforeAll(() => {
  expectBuilt();
  dir = mkdtempSync(path.join(tmpdir(), "gidl-decode-"));
  writeFileSync(path.join(dir, "demo.gidl"), schema);
  writeFileSync(path.join(dir, "frame.bin"), Buffer.from(RPC.replace(/ /g, ""), "hex"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("gidl decode", () => {
  it("prints a frame given as hex as the JSON codec would carry it", () => {
    const run = decode("--schema", "demo.gidl", RPC);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      type: "rpc",
      id: 1,
      method: "play.echo",
      params: { n: 300, name: "al", big: "-2" },
    });
  });

  it("reads the frame's bytes from a file", () => {
    const run = decode("--schema", "demo.gidl", "frame.bin");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ method: "play.echo", params: { n: 300 } });
  });

  it("says where a truncated frame breaks, with a caret under the byte, and exits 1", () => {
    const run = decode("--schema", "demo.gidl", "03 03 00 01 00 01 ac02 05616c");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^gidl decode: bad frame: .*\(at byte \d+\)/);
    expect(run.stderr).toContain("     0 | 03 03 00 01 00 01 ac 02 05 61 6c");
    expect(run.stderr).toMatch(/\n {7}\| {3,}\^/);
    // The rpc's id was read before it broke: the answer would name it.
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 1 });
  });

  it("refuses an argument that is neither a file nor hex with exit 2", () => {
    const run = decode("--schema", "demo.gidl", "not-a-frame");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'not-a-frame' is neither a file nor hex: 'n' is not a hex digit");
  });

  it("reports the schema's diagnostics when it does not compile", () => {
    writeFileSync(path.join(dir, "broken.gidl"), "package demo;\nstruct A { b: Missing; }\n");
    const run = decode("--schema", "broken.gidl", RPC);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("GIDL3002");
  });
});
