import { describe, expect, it } from "vitest";
import type { EventDeclaration, Method, Model, StructType } from "../../idl/model.js";
import { compileTest, modelOf } from "./checker-helpers.js";

const arena = `// arena.gidl
package arena;
version 3;

import "common.gidl";

/// A player's public id.
@length(1, 32) @pattern("^[a-z0-9_]+$")
type PlayerId = string;

enum Weapon { sword, bow, staff }

struct Vec2 {
  @range(-1000, 1000) x: f32;
  @range(-1000, 1000) y: f32;
}

struct AttackResult {
  hit: bool;
  damage: u16;
  newHealth: i32;
  crit?: bool;
}

/// The caller is stunned and cannot act yet.
@retryable
error STUNNED { stunRemainingMs: u32; }
error INVALID_TARGET;
error INSUFFICIENT_GOLD { needed: u32; }

/// One arena match.
@maxPlayers(8) @joinInProgress
session Match {
  settings: MatchSettings;
}

/// Combat actions and what they cause.
service combat {
  /// Attack another player in the same session.
  @session(running) @rate(10/s)
  rpc attack(targetId: PlayerId, weapon: Weapon): AttackResult throws STUNNED, INVALID_TARGET;

  @session(running) @rate(30/s, burst: 60)
  send move(pos: Vec2);

  @host
  rpc kickPlayer(player: PlayerId);

  @public
  rpc serverInfo(): ServerInfo;

  /// A player took damage.
  event damaged to session { playerId: PlayerId; damage: u16; newHealth: i32; }

  @unreliable
  event positions to area { players: map<string, Vec2>; }

  @deprecated("use chat")
  event whisper to players { from: PlayerId; @length(1, 200) text: string; }

  @queue("shop", concurrency: 4, depth: 1000) @timeout(2500) @role("buyer") @rate(600/m)
  rpc buyItem(itemId: string): Inventory throws INSUFFICIENT_GOLD;
}
`;

const common = `import "arena.gidl";
struct HealthPack { amount: u8; }
struct Ammo { weapon: Weapon; @range(1, 99) rounds: u8; }
union Pickup { health: HealthPack; ammo: Ammo; }
struct Inventory { gold: u32; items: list<string>; }
struct ServerInfo { name: string; playersOnline: u32; }
struct MatchSettings { mapName: string; @range(1, 30) minutes: u8; friendlyFire?: bool; }
`;

function arenaModel(): Model {
  return modelOf({ "arena.gidl": arena, "common.gidl": common });
}

function method(model: Model, fullName: string): Method | undefined {
  return model.services.flatMap((s) => s.methods).find((m) => m.fullName === fullName);
}

function event(model: Model, fullName: string): EventDeclaration | undefined {
  return model.services.flatMap((s) => s.events).find((e) => e.fullName === fullName);
}

describe("the model of the arena example", () => {
  it("names the package, version and a lowercase SHA-256 hash", () => {
    const model = arenaModel();
    expect(model.format).toBe(1);
    expect(model.package).toBe("arena");
    expect(model.version).toBe(3);
    expect(model.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists user types root file first in source order, then the built-ins", () => {
    expect(
      arenaModel().types.map((t) => `${t.kind} ${t.name}${t.builtin === true ? " (builtin)" : ""}`),
    ).toEqual([
      "alias PlayerId",
      "enum Weapon",
      "struct Vec2",
      "struct AttackResult",
      "struct HealthPack",
      "struct Ammo",
      "union Pickup",
      "struct Inventory",
      "struct ServerInfo",
      "struct MatchSettings",
      "enum SessionStatus (builtin)",
      "enum SessionVisibility (builtin)",
      "enum SessionLeaveReason (builtin)",
      "struct SessionPlayer (builtin)",
      "struct SessionInfo (builtin)",
      "struct SessionSummary (builtin)",
      "struct SessionList (builtin)",
    ]);
  });

  it("keeps an alias's constraints and doc on the alias, and fields refer to it by name", () => {
    const model = arenaModel();
    expect(model.types[0]).toEqual({
      kind: "alias",
      name: "PlayerId",
      doc: "A player's public id.",
      type: { kind: "primitive", name: "string" },
      constraints: { length: { min: 1, max: 32 }, pattern: "^[a-z0-9_]+$" },
    });
    expect(method(model, "combat.attack")?.params[0]).toEqual({
      name: "targetId",
      type: { kind: "named", name: "PlayerId" },
      optional: false,
      constraints: {},
    });
  });

  it("describes structs with optional fields and range constraints as exact text", () => {
    const model = arenaModel();
    const vec = model.types.find((t) => t.name === "Vec2") as StructType;
    expect(vec.fields.map((f) => [f.name, f.constraints.range])).toEqual([
      ["x", { min: "-1000", max: "1000" }],
      ["y", { min: "-1000", max: "1000" }],
    ]);
    const result = model.types.find((t) => t.name === "AttackResult") as StructType;
    expect(result.fields.map((f) => `${f.name}${f.optional ? "?" : ""}`)).toEqual([
      "hit",
      "damage",
      "newHealth",
      "crit?",
    ]);
  });

  it("describes errors with their details, retry flag and doc", () => {
    expect(arenaModel().errors).toEqual([
      {
        code: "STUNNED",
        doc: "The caller is stunned and cannot act yet.",
        fields: [
          {
            name: "stunRemainingMs",
            type: { kind: "primitive", name: "u32" },
            optional: false,
            constraints: {},
          },
        ],
        retryable: true,
      },
      { code: "INVALID_TARGET", fields: [], retryable: false },
      {
        code: "INSUFFICIENT_GOLD",
        fields: [
          { name: "needed", type: { kind: "primitive", name: "u32" }, optional: false, constraints: {} },
        ],
        retryable: false,
      },
    ]);
  });

  it("describes the session kind", () => {
    expect(arenaModel().session).toEqual({
      name: "Match",
      doc: "One arena match.",
      settings: "MatchSettings",
      maxPlayers: 8,
      joinInProgress: true,
    });
  });

  it("normalises method policy: rates per second, default burst and timeout, host implies session", () => {
    const model = arenaModel();
    expect(method(model, "combat.attack")).toEqual({
      kind: "rpc",
      name: "attack",
      fullName: "combat.attack",
      doc: "Attack another player in the same session.",
      params: [
        { name: "targetId", type: { kind: "named", name: "PlayerId" }, optional: false, constraints: {} },
        { name: "weapon", type: { kind: "named", name: "Weapon" }, optional: false, constraints: {} },
      ],
      result: { kind: "named", name: "AttackResult" },
      throws: ["STUNNED", "INVALID_TARGET"],
      policy: {
        public: false,
        session: "running",
        host: false,
        roles: [],
        rate: { perSecond: 10, burst: 10 },
        timeoutMs: 10000,
        queue: null,
      },
    });
    expect(method(model, "combat.move")?.policy).toMatchObject({
      rate: { perSecond: 30, burst: 60 },
      timeoutMs: null,
    });
    expect(method(model, "combat.move")?.result).toBeNull();
    expect(method(model, "combat.kickPlayer")?.policy).toMatchObject({ session: "member", host: true });
    expect(method(model, "combat.kickPlayer")?.result).toBeNull();
    expect(method(model, "combat.serverInfo")?.policy.public).toBe(true);
    expect(method(model, "combat.buyItem")?.policy).toEqual({
      public: false,
      session: "none",
      host: false,
      roles: ["buyer"],
      rate: { perSecond: 10, burst: 600 },
      timeoutMs: 2500,
      queue: { name: "shop", concurrency: 4, depth: 1000 },
    });
  });

  it("describes events with recipients, reliability and deprecation", () => {
    const model = arenaModel();
    expect(event(model, "combat.damaged")).toMatchObject({
      recipients: "session",
      reliable: true,
      doc: "A player took damage.",
    });
    expect(event(model, "combat.positions")).toMatchObject({ recipients: "area", reliable: false });
    expect(event(model, "combat.positions")?.fields[0]?.type).toEqual({
      kind: "map",
      value: { kind: "named", name: "Vec2" },
    });
    expect(event(model, "combat.whisper")).toMatchObject({ recipients: "players", deprecated: "use chat" });
  });

  it("lists user services, then the built-in session and topic services", () => {
    const model = arenaModel();
    expect(model.services.map((s) => `${s.name}${s.builtin ? " (builtin)" : ""}`)).toEqual([
      "combat",
      "session (builtin)",
      "topic (builtin)",
    ]);
    expect(model.services[0]?.methods.map((m) => m.name)).toEqual([
      "attack",
      "move",
      "kickPlayer",
      "serverInfo",
      "buyItem",
    ]);
    expect(model.services[0]?.events.map((e) => e.name)).toEqual(["damaged", "positions", "whisper"]);
  });

  it("is plain JSON: it survives a JSON round trip unchanged", () => {
    const model = arenaModel();
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe("the built-in session and topic services", () => {
  it("use the schema's settings struct in SessionInfo, SessionSummary, create, configure and settingsChanged", () => {
    const model = arenaModel();
    const settingsRef = { kind: "named", name: "MatchSettings" };
    const info = model.types.find((t) => t.name === "SessionInfo") as StructType;
    expect(info.fields.map((f) => `${f.name}${f.optional ? "?" : ""}`)).toEqual([
      "id",
      "status",
      "host",
      "players",
      "settings",
      "maxPlayers?",
      "visibility",
      "createdAt",
      "startedAt?",
      "endedAt?",
    ]);
    expect(info.fields[4]?.type).toEqual(settingsRef);
    expect((model.types.find((t) => t.name === "SessionSummary") as StructType).fields[5]?.type).toEqual(
      settingsRef,
    );
    expect(method(model, "session.create")?.params.map((p) => [p.name, p.optional, p.type])).toEqual([
      ["settings", false, settingsRef],
      ["visibility", true, { kind: "named", name: "SessionVisibility" }],
    ]);
    expect(event(model, "session.settingsChanged")?.fields.map((f) => [f.name, f.type])).toEqual([
      ["sessionId", { kind: "primitive", name: "string" }],
      ["settings", settingsRef],
    ]);
  });

  it("have the documented policies", () => {
    const model = arenaModel();
    const access = (name: string) => {
      const policy = method(model, name)?.policy;
      return policy === undefined ? undefined : `${policy.session}${policy.host ? "+host" : ""}`;
    };
    expect(
      ["create", "configure", "join", "leave", "kick", "start", "pause", "resume", "end", "get", "list"].map(
        (m) => access(`session.${m}`),
      ),
    ).toEqual([
      "none",
      "member+host",
      "none",
      "member",
      "member+host",
      "member+host",
      "member+host",
      "member+host",
      "member+host",
      "member",
      "none",
    ]);
    expect(method(model, "session.list")?.result).toEqual({ kind: "named", name: "SessionList" });
    expect(method(model, "session.leave")?.result).toBeNull();
  });

  it("send every session event to the session, each with a sessionId", () => {
    const events = arenaModel().services.find((s) => s.name === "session")?.events ?? [];
    expect(
      events.map((e) => `${e.name}(${e.fields.map((f) => f.name + (f.optional ? "?" : "")).join(", ")})`),
    ).toEqual([
      "playerJoined(sessionId, playerId)",
      "playerLeft(sessionId, playerId, reason)",
      "playerDisconnected(sessionId, playerId)",
      "playerReconnected(sessionId, playerId)",
      "statusChanged(sessionId, status, previous, reason?)",
      "hostChanged(sessionId, host, previous)",
      "settingsChanged(sessionId, settings)",
    ]);
    expect(events.every((e) => e.recipients === "session" && e.reliable)).toBe(true);
  });

  it("limit topic names to 1..128 characters", () => {
    const topic = arenaModel().services.find((s) => s.name === "topic");
    expect(topic?.methods.map((m) => [m.fullName, m.params[0]?.name, m.params[0]?.constraints])).toEqual([
      ["topic.subscribe", "name", { length: { min: 1, max: 128 } }],
      ["topic.unsubscribe", "name", { length: { min: 1, max: 128 } }],
    ]);
  });

  it("use an empty built-in SessionSettings struct when the schema declares no session", () => {
    const model = modelOf("package t;\n");
    expect(model.session).toBeNull();
    expect(model.types.find((t) => t.name === "SessionSettings")).toEqual({
      kind: "struct",
      name: "SessionSettings",
      builtin: true,
      fields: [],
    });
    expect(method(model, "session.configure")?.params[0]?.type).toEqual({
      kind: "named",
      name: "SessionSettings",
    });
  });
});

describe("docs and deprecation", () => {
  it("carries docs and @deprecated on every kind of element, and leaves them out when absent", () => {
    const model = modelOf(
      [
        "package t;",
        "/// Colours.",
        "enum Colour {",
        "  /// Red.",
        "  @deprecated red,",
        "  blue",
        "}",
        '@deprecated("old") struct A { /// The x.',
        "  x: u8; }",
      ].join("\n"),
    );
    expect(model.types[0]).toEqual({
      kind: "enum",
      name: "Colour",
      doc: "Colours.",
      members: [{ name: "red", doc: "Red.", deprecated: "" }, { name: "blue" }],
    });
    expect(model.types[1]).toMatchObject({ deprecated: "old", fields: [{ name: "x", doc: "The x." }] });
    expect(model.types[1]).not.toHaveProperty("doc");
  });
});

describe("compile results", () => {
  it("gives no model when there is an error, and a model with warnings", () => {
    expect(compileTest("package t;\nstruct A { x: Nope; }\n").model).toBeUndefined();
    const warned = compileTest("package t;\nstruct a { x: u8; }\n");
    expect(warned.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(warned.model).toBeDefined();
  });

  it("returns diagnostics sorted by file and position", () => {
    const result = compileTest({
      "main.gidl": 'package t;\nimport "b.gidl";\nstruct A { z: Z; y: Y; }\n',
      "b.gidl": "struct B { w: W; }\n",
    });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual([
      "b.gidl:1:15",
      "main.gidl:3:15",
      "main.gidl:3:21",
    ]);
  });
});
