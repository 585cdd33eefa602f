/**
 * The rooms of docs/architecture.md and who may import whom, checked on the sources: data flows
 * `.gidl → idl → generator → generated code → runtime-server / runtime-client`, both over `protocol`.
 */
import { describe, expect, it } from "vitest";
import { importCycles, readSources, type SourceFile } from "./import-graph.js";

const ROOMS = ["idl", "generator", "protocol", "runtime-server", "runtime-client", "testkit"] as const;
const files = readSources(ROOMS);

/** Which rooms' files each room may import (itself always). */
const MAY_IMPORT: Record<(typeof ROOMS)[number], readonly string[]> = {
  idl: [],
  generator: ["idl", "protocol"],
  protocol: [],
  "runtime-server": ["protocol"],
  "runtime-client": ["protocol"],
  testkit: ["protocol", "runtime-server", "runtime-client"],
};

const roomOf = (path: string): string => path.split("/")[0] ?? "";

/** gidl/server re-exports the test kit, deprecated, until 0.2 (CHANGELOG.md); nothing else may. */
const DEPRECATED_REEXPORT = "runtime-server/index.ts → testkit/index.ts";

function crossings(room: (typeof ROOMS)[number]): string[] {
  const allowed = new Set([room, ...MAY_IMPORT[room]]);
  return [...files.values()]
    .filter((file) => roomOf(file.path) === room)
    .flatMap((file) =>
      file.imports.filter((to) => !allowed.has(roomOf(to))).map((to) => `${file.path} → ${to}`),
    )
    .filter((crossing) => crossing !== DEPRECATED_REEXPORT);
}

describe("the rooms import only what they stand on", () => {
  it.each(ROOMS)("%s", (room) => {
    expect(crossings(room)).toEqual([]);
  });

  it("finds a crossing when there is one (the check reads real imports)", () => {
    const testkit = [...files.values()].filter((file) => roomOf(file.path) === "testkit");
    const reaches = new Set(testkit.flatMap((file) => file.imports.map(roomOf)));
    expect(reaches).toContain("runtime-server");
    expect(reaches).toContain("runtime-client");
  });
});

describe("protocol/ runs anywhere", () => {
  const protocol: SourceFile[] = [...files.values()].filter((file) => roomOf(file.path) === "protocol");

  it("holds the wire protocol", () => {
    expect(protocol.map((file) => file.path)).toEqual(
      expect.arrayContaining(["protocol/messages.ts", "protocol/codecs.ts", "protocol/game-error.ts"]),
    );
  });

  it("imports no node: module and not ws", () => {
    const named = protocol.flatMap((file) =>
      file.specifiers.filter((s) => s.startsWith("node:") || s === "ws").map((s) => `${file.path}: ${s}`),
    );
    expect(named).toEqual([]);
  });
});

describe("the code's shape", () => {
  it("has no import cycle, type-only imports included", () => {
    expect(importCycles(files)).toEqual([]);
  });

  const ROOM_LIMIT = 420;
  it(`has no file over ${ROOM_LIMIT} lines in the compiler's, protocol's and runtimes' rooms`, () => {
    const sized = ["idl/checker/", "idl/syntax/", "protocol/", "runtime-server/", "runtime-client/"];
    const long = [...files.values()]
      .filter((file) => sized.some((dir) => file.path.startsWith(dir)) && file.lines > ROOM_LIMIT)
      .map((file) => `${file.path}: ${file.lines}`);
    expect(long).toEqual([]);
  });
});
