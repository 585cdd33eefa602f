import { describe, expect, it } from "vitest";
import { compileTest } from "./checker-helpers.js";

const pkg = "package t;\n";

describe("naming rules", () => {
  it("warns about non-PascalCase types and non-camelCase services, members, fields and params, with a suggestion", () => {
    const result = compileTest(
      `${pkg}struct player_state { Hit_Points: u8; }\nenum weapon { Sword }\n` +
        "service Combat {\n  rpc Do_Attack(target_id: string);\n  event Hit to all { }\n}\n",
    );
    expect(result.diagnostics.map((d) => [d.severity, d.message, d.hint])).toEqual([
      ["warning", "type name 'player_state' should be PascalCase", "e.g. 'PlayerState'"],
      ["warning", "field name 'Hit_Points' should be camelCase", "e.g. 'hitPoints'"],
      ["warning", "type name 'weapon' should be PascalCase", "e.g. 'Weapon'"],
      ["warning", "service name 'Combat' should be camelCase", "e.g. 'combat'"],
      ["warning", "rpc name 'Do_Attack' should be camelCase", "e.g. 'doAttack'"],
      ["warning", "parameter name 'target_id' should be camelCase", "e.g. 'targetId'"],
      ["warning", "event name 'Hit' should be camelCase", "e.g. 'hit'"],
    ]);
    // Warnings alone do not stop the model.
    expect(result.model).toBeDefined();
  });

  it("has no rule for enum members and union variant tags", () => {
    const result = compileTest(
      `${pkg}struct A { x: u8; }\nenum E { SNAKE_case, Mixed }\nunion U { Some_Tag: A; }\n`,
    );
    expect(result.diagnostics).toEqual([]);
  });

  it("makes a non-SCREAMING_SNAKE_CASE error code an error that stops the model", () => {
    const result = compileTest(`${pkg}error notFound;\nerror BAD__CODE;\nerror OK_2;\n`);
    expect(result.diagnostics.map((d) => [d.severity, d.message, d.hint])).toEqual([
      ["error", "error code 'notFound' must be SCREAMING_SNAKE_CASE", "e.g. 'NOT_FOUND'"],
      ["error", "error code 'BAD__CODE' must be SCREAMING_SNAKE_CASE", "e.g. 'BAD_CODE'"],
    ]);
    expect(result.model).toBeUndefined();
  });
});
