import { describe, expect, it } from "vitest";
import type { CompileResult } from "../../idl/compile.js";
import { codeOf, compileTest, describe as describeDiagnostic, withId } from "./checker-helpers.js";

const pkg = "package t;\n";

function messages(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.message);
}

function fieldConstraints(attributes: string, type: string): unknown {
  const result = compileTest(`${pkg}struct A { ${attributes} f: ${type}; }\n`);
  expect(result.diagnostics.map(describeDiagnostic)).toEqual([]);
  const struct = result.model?.types.find((t) => t.name === "A");
  return struct?.kind === "struct" ? struct.fields[0]?.constraints : undefined;
}

describe("unknown and misplaced attributes", () => {
  it("reports an unknown attribute with the closest known one", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}service s { @rat(1/s) send m(); }\n`),
      "unknown-attribute",
    );
    expect([diagnostic?.message, diagnostic?.hint]).toEqual([
      "unknown attribute '@rat'",
      "did you mean 'rate'?",
    ]);
  });

  it("reports an attribute named like a property of every object as unknown", () => {
    const result = compileTest(`${pkg}@constructor struct A { @toString x: u8; }\n@__proto__ enum E { a }\n`);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("unknown-attribute")} 2:2 unknown attribute '@constructor'`,
      `${codeOf("unknown-attribute")} 2:26 unknown attribute '@toString'`,
      `${codeOf("unknown-attribute")} 3:2 unknown attribute '@__proto__'`,
    ]);
  });

  it("reports attributes on the wrong kind of thing, naming it", () => {
    const result = compileTest(
      `${pkg}@public struct A { @unreliable x: u8; }\n@retryable enum E { @host a }\n@deprecated package x;\n` +
        "service s { @maxPlayers(2) event e to all { } @timeout(5) send m(); }\n",
    );
    expect(withId(result, "misplaced-attribute").map((d) => d.message)).toEqual([
      "'@public' cannot be used on a struct",
      "'@unreliable' cannot be used on a field",
      "'@retryable' cannot be used on an enum",
      "'@host' cannot be used on an enum member",
      "'@deprecated' cannot be used on a package declaration",
      "'@maxPlayers' cannot be used on an event",
      "'@timeout' cannot be used on a send",
    ]);
  });

  it("reports a constraint that does not fit the field's type after aliases", () => {
    const result = compileTest(
      `${pkg}type Small = u8;\nstruct A { @pattern("a") a: Small; @range(0, 1) b: string; @length(3) c: bool; @format("email") d: list<string>; }\n`,
    );
    expect(withId(result, "misplaced-attribute").map((d) => [d.message, d.hint])).toEqual([
      ["'@pattern' cannot be used on a field of type Small (u8)", undefined],
      ["'@range' cannot be used on a field of type string", undefined],
      ["'@length' cannot be used on a field of type bool", undefined],
      [
        "'@format' cannot be used on a field of type list<string>",
        "to constrain the items, declare an alias with the attribute and use it as the item type",
      ],
    ]);
  });

  it("reports an attribute given twice but lets @role repeat", () => {
    const result = compileTest(
      `${pkg}service s {\n  @role("a") @role("b") @rate(1/s) @rate(2/s) rpc m();\n}\n`,
    );
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("duplicate-attribute")} 3:36 '@rate' is given more than once`,
    ]);
  });

  it("reports @public together with @session, @host or @role at the later one", () => {
    const result = compileTest(
      `${pkg}service s {\n  @session @public rpc a();\n  @public @role("x") send b();\n}\n`,
    );
    expect(withId(result, "conflicting-attributes").map(describeDiagnostic)).toEqual([
      `${codeOf("conflicting-attributes")} 3:12 '@public' conflicts with '@session'`,
      `${codeOf("conflicting-attributes")} 4:11 '@role' conflicts with '@public'`,
    ]);
  });
});

describe("arguments", () => {
  it("reports arguments of the wrong kind or number with the expected form", () => {
    const result = compileTest(
      `${pkg}service s {\n` +
        '  @rate(10) @session(paused) @role("") rpc a();\n' +
        '  @timeout(0) @queue("q", concurrency: 0, depth: 1) rpc b();\n' +
        "  @public(1) @rate(1/s, burst: 0, extra: 1) send c();\n" +
        "}\n@maxPlayers(0) @joinInProgress(yes)\nsession G { settings: SessionInfo; }\n",
    );
    expect(withId(result, "attribute-arguments").map((d) => d.message)).toEqual([
      "'@rate' expects a positive rate and an optional positive burst: @rate(10/s) or @rate(10/s, burst: 20)",
      "'@session' expects no arguments or 'running': @session or @session(running)",
      "'@role' expects one non-empty string: @role(\"admin\")",
      "'@timeout' expects milliseconds from 1 to 2147483647: @timeout(5000)",
      "'@queue' expects a name, a concurrency of at least 1 and a depth: @queue(\"name\", concurrency: 4, depth: 1000)",
      "'@public' expects no arguments",
      "'@rate' expects a positive rate and an optional positive burst: @rate(10/s) or @rate(10/s, burst: 20)",
      "'@maxPlayers' expects a whole number from 1 to 4294967295: @maxPlayers(8)",
      "'@joinInProgress' expects no arguments",
    ]);
  });

  it("requires every use of one queue name to agree on its limits", () => {
    const result = compileTest(
      `${pkg}service s {\n  @queue("shop", concurrency: 4, depth: 10) rpc a();\n  @queue("shop", concurrency: 2, depth: 10) rpc b();\n}\n`,
    );
    const [diagnostic] = withId(result, "attribute-arguments");
    expect(diagnostic?.message).toBe(
      "'@queue' expects concurrency 4 and depth 10, as queue 'shop' has elsewhere",
    );
    expect(diagnostic?.hint).toBe("first declared at schema.gidl:3:3");
  });
});

describe("@range", () => {
  it("keeps exact bounds, including the whole u64 and i64 ranges", () => {
    expect(fieldConstraints("@range(0, 18446744073709551615)", "u64")).toEqual({
      range: { min: "0", max: "18446744073709551615" },
    });
    expect(fieldConstraints("@range(-9223372036854775808, 0x7FFFFFFFFFFFFFFF)", "i64")).toEqual({
      range: { min: "-9223372036854775808", max: "9223372036854775807" },
    });
    expect(fieldConstraints("@range(-0.5, 1e3)", "f32")).toEqual({ range: { min: "-0.5", max: "1000" } });
    expect(fieldConstraints("@range(1e-7, 2.5)", "f64")).toEqual({ range: { min: "0.0000001", max: "2.5" } });
  });

  it("reports bounds one past the type's range, exactly for 64-bit types", () => {
    const result = compileTest(
      `${pkg}struct A {\n  @range(0, 18446744073709551616) a: u64;\n  @range(-129, 0) b: i8;\n  @range(0, 1e39) c: f32;\n}\n`,
    );
    expect(withId(result, "range-outside-type").map((d) => d.message)).toEqual([
      "@range(0, 18446744073709551616) lies outside the range of u64 (0 to 18446744073709551615)",
      "@range(-129, 0) lies outside the range of i8 (-128 to 127)",
      `@range(0, 1e39) lies outside the range of f32 (-340282346638528859811704183484516925440 to 340282346638528859811704183484516925440)`,
    ]);
  });

  it("reports min above max, fractional bounds on integers, and applies to aliases", () => {
    const result = compileTest(`${pkg}@range(5, 1) type A = i32;\nstruct B { @range(0.5, 2) n: u8; }\n`);
    expect(messages(result)).toEqual([
      "'@range' has min 5 greater than max 1",
      "'@range' expects whole numbers for u8",
    ]);
  });
});

describe("@length, @pattern and @format", () => {
  it("reads @length(max) as 0..max and applies it to strings, bytes, lists and maps", () => {
    expect(fieldConstraints("@length(32)", "string")).toEqual({ length: { min: 0, max: 32 } });
    expect(fieldConstraints("@length(1, 4)", "bytes")).toEqual({ length: { min: 1, max: 4 } });
    expect(fieldConstraints("@length(2, 2)", "list<u8>")).toEqual({ length: { min: 2, max: 2 } });
    expect(fieldConstraints("@length(9)", "map<string, u8>")).toEqual({ length: { min: 0, max: 9 } });
  });

  it("keeps a valid pattern as written and a known format", () => {
    expect(fieldConstraints('@pattern("^[a-z0-9_]+$") @format("uuid")', "string")).toEqual({
      pattern: "^[a-z0-9_]+$",
      format: "uuid",
    });
  });

  it("checks patterns with the u flag, so a lone brace is an error", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}struct A { @pattern("a{") s: string; }\n`),
      "invalid-pattern",
    );
    expect(diagnostic?.message).toBe("invalid regular expression: Incomplete quantifier");
  });

  it("reports a super-linear pattern at the pattern's string", () => {
    const result = compileTest(`${pkg}struct A { @pattern("^(\\\\w+\\\\s?)+$") s: string; }\n`);
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("redos-pattern")} 2:21 this pattern can take super-linear time on some inputs (exponential), a denial-of-service risk`,
    ]);
  });

  it("suggests the closest format name", () => {
    const [diagnostic] = withId(
      compileTest(`${pkg}struct A { @format("ipv5") s: string; }\n`),
      "unknown-format",
    );
    expect([diagnostic?.message, diagnostic?.hint]).toEqual([
      "unknown format 'ipv5'",
      "did you mean 'ipv4'?",
    ]);
  });
});
