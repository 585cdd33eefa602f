import { describe, expect, it } from "vitest";
import type { HelloMessage } from "../../protocol/index.js";
import { judgeHello, playerOf, welcomeMessage } from "../../runtime-server/players/hello-policy.js";

const SCHEMAS = new Set(["sha256:served", "sha256:accepted"]);

function hello(fields: Partial<HelloMessage> = {}): HelloMessage {
  return { type: "hello", protocol: 1, schema: "sha256:served", ...fields };
}

describe("judgeHello", () => {
  it.each([
    {
      what: "a second hello",
      message: hello({ token: "alice" }),
      first: false,
      verdict: { kind: "refuse", code: "BAD_MESSAGE", message: "A second hello", closeCode: 4000 },
    },
    {
      what: "another protocol version",
      message: hello({ protocol: 2, token: "alice" }),
      first: true,
      verdict: {
        kind: "refuse",
        code: "BAD_MESSAGE",
        message: "Unsupported protocol 2; this server speaks 1",
        closeCode: 4000,
      },
    },
    {
      what: "a schema the server does not serve",
      message: hello({ schema: "sha256:other", token: "alice" }),
      first: true,
      verdict: {
        kind: "refuse",
        code: "SCHEMA_MISMATCH",
        message: "The client was built from a schema this server does not serve",
        closeCode: 4003,
      },
    },
    {
      what: "no token",
      message: hello(),
      first: true,
      verdict: { kind: "anonymous", reason: undefined },
    },
    {
      what: "a resume without a token",
      message: hello({ resume: { token: "t", lastEventSeq: 3 } }),
      first: true,
      verdict: { kind: "anonymous", reason: "unknown" },
    },
    {
      what: "a token",
      message: hello({ token: "alice" }),
      first: true,
      verdict: { kind: "authenticate", token: "alice" },
    },
    {
      what: "a token and a schema accepted besides the server's own",
      message: hello({ schema: "sha256:accepted", token: "alice", resume: { token: "t", lastEventSeq: 0 } }),
      first: true,
      verdict: { kind: "authenticate", token: "alice" },
    },
  ])("answers $what with $verdict.kind", ({ message, first, verdict }) => {
    expect(judgeHello(message, first, SCHEMAS)).toEqual(verdict);
  });

  it("checks the protocol version before the schema, and both before the token", () => {
    const verdict = judgeHello(hello({ protocol: 0, schema: "sha256:other" }), true, SCHEMAS);
    expect(verdict).toMatchObject({ kind: "refuse", closeCode: 4000 });
  });
});

describe("playerOf", () => {
  it("names the player and keeps only the roles that are strings, frozen", () => {
    const player = playerOf({ playerId: "alice", roles: ["admin", 3, "mod"] });
    expect(player).toEqual({ id: "alice", roles: ["admin", "mod"] });
    expect(Object.isFrozen(player)).toBe(true);
    expect(Object.isFrozen(player?.roles)).toBe(true);
  });

  it("gives a player without roles none", () => {
    expect(playerOf({ playerId: "bob" })).toEqual({ id: "bob", roles: [] });
  });

  it.each([
    ["null", null],
    ["a string", "alice"],
    ["an empty playerId", { playerId: "" }],
    ["a numeric playerId", { playerId: 7 }],
    ["no playerId", { roles: [] }],
  ])("refuses %s", (_what, result) => {
    expect(playerOf(result)).toBeUndefined();
  });
});

describe("welcomeMessage", () => {
  it("welcomes an anonymous player without a resume token", () => {
    const welcome = welcomeMessage(25000, null, undefined, false, "unknown");
    expect(welcome).toEqual({
      type: "welcome",
      protocol: 1,
      player: null,
      resumed: false,
      reason: "unknown",
      heartbeatMs: 25000,
      serverTime: welcome.serverTime,
    });
    expect(typeof welcome.serverTime).toBe("number");
  });

  it("orders a welcome's fields as docs/protocol.md's example exchange does, a reason after resumed", () => {
    const resume = { token: "t", expiresInMs: 30000 };
    expect(Object.keys(welcomeMessage(15000, "alice", resume, true, undefined))).toEqual([
      "type",
      "protocol",
      "player",
      "resume",
      "resumed",
      "heartbeatMs",
      "serverTime",
    ]);
    expect(Object.keys(welcomeMessage(15000, "alice", resume, false, "expired"))).toEqual([
      "type",
      "protocol",
      "player",
      "resume",
      "resumed",
      "reason",
      "heartbeatMs",
      "serverTime",
    ]);
  });
});
