import { describe, expect, it } from "vitest";
import { codeOf, compileTest, describe as describeDiagnostic, withId } from "./checker-helpers.js";

const pkg = "package t;\n";

describe("throws", () => {
  it("suggests the closest declared error for an unknown one", () => {
    const result = compileTest(`${pkg}error STUNNED;\nservice s {\n  rpc a() throws STUNED;\n}\n`);
    const [diagnostic] = withId(result, "unknown-error");
    expect([diagnostic?.message, diagnostic?.hint]).toEqual([
      "'STUNED' is not a declared error",
      "did you mean 'STUNNED'?",
    ]);
  });

  it("tells that built-in errors need no listing", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}service s { rpc a() throws RATE_LIMITED; }\n`),
      "unknown-error",
    );
    expect(diagnostic?.hint).toBe("built-in errors need no listing in throws");
  });

  it("reports an error listed twice in one throws clause", () => {
    const result = compileTest(`${pkg}error E_A;\nservice s { rpc a() throws E_A, E_A; }\n`);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("duplicate-name")} 3:33 duplicate error in throws 'E_A'`,
    ]);
  });
});

describe("events", () => {
  it("accepts every recipient kind and suggests the closest for a wrong one", () => {
    const ok = ["session", "players", "area", "topic", "all"]
      .map((r, i) => `event e${i} to ${r} { }`)
      .join("\n");
    expect(compileTest(`${pkg}service s {\n${ok}\n}\n`).diagnostics).toEqual([]);
    const [diagnostic] = withId(
      compileTest(`${pkg}service s { event e to player { } }\n`),
      "invalid-recipients",
    );
    expect([diagnostic?.message, diagnostic?.hint]).toEqual([
      "unknown recipients 'player': use session, players, area, topic or all",
      "did you mean 'players'?",
    ]);
  });
});

describe("generated type names", () => {
  it("reports schema types named like a member's generated params, result or event type", () => {
    const result = compileTest(
      `${pkg}struct CombatAttackResult { x: u8; }\nstruct CombatDamagedEvent { x: u8; }\nstruct CombatMoveResult { x: u8; }\n` +
        "service combat {\n  rpc attack();\n  event damaged to session { }\n  send move();\n}\n",
    );
    expect(withId(result, "generated-name-clash").map((d) => d.message)).toEqual([
      "'CombatAttackResult' clashes with the generated type name of rpc combat.attack",
      "'CombatDamagedEvent' clashes with the generated type name of event combat.damaged",
    ]);
  });

  it("reports two members whose generated names collide, and clashes with built-in services", () => {
    const result = compileTest(
      `${pkg}service a { rpc bC(); }\nservice aB { rpc c(); }\nstruct SessionJoinParams { x: u8; }\nstruct TopicSubscribeResult { x: u8; }\n`,
    );
    expect(withId(result, "generated-name-clash").map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      "3:18 'ABCParams' clashes with the generated type name of rpc a.bC",
      "3:18 'ABCResult' clashes with the generated type name of rpc a.bC",
      "4:8 'SessionJoinParams' clashes with the generated type name of built-in rpc session.join",
      "5:8 'TopicSubscribeResult' clashes with the generated type name of built-in rpc topic.subscribe",
    ]);
  });
  it("reports schema types named like an error's details, an enum's values list or a service's handlers", () => {
    const result = compileTest(
      `${pkg}enum Weapon { a }\nstruct WeaponValues { x: u8; }\nstruct CombatHandlers { x: u8; }\n` +
        "struct StunnedErrorDetails { x: u8; }\nstruct SessionClient { x: u8; }\nerror STUNNED;\nservice combat { rpc a(); }\n",
    );
    expect(withId(result, "generated-name-clash").map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      "3:8 'WeaponValues' clashes with the generated type name of enum Weapon",
      "4:8 'CombatHandlers' clashes with the generated type name of service combat",
      "5:8 'StunnedErrorDetails' clashes with the generated type name of error STUNNED",
      "6:8 'SessionClient' clashes with the generated type name of built-in service session",
    ]);
  });
});
