import { describe, expect, it } from "vitest";
import { codeOf, compileTest, describe as describeDiagnostic, withId } from "./checker-helpers.js";

describe("package and version", () => {
  it("accepts a package followed by a version and takes both into the model", () => {
    const result = compileTest("/// The arena.\npackage arena.v2;\nversion 3;\n");
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.package).toBe("arena.v2");
    expect(result.model?.version).toBe(3);
  });

  it("reports a missing package at the first declaration", () => {
    const result = compileTest("version 1;\nstruct A { x: u8; }\n");
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("package-missing")} 1:1 the root file must start with 'package <name>;'`,
    ]);
  });

  it("reports a missing package in an empty file at its start", () => {
    expect(withId(compileTest(""), "package-missing").map(describeDiagnostic)).toEqual([
      `${codeOf("package-missing")} 1:1 the root file must start with 'package <name>;'`,
    ]);
  });

  it("does not add a missing-package error when the root file has syntax errors", () => {
    const result = compileTest("packag t;\n");
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(withId(result, "package-missing")).toEqual([]);
  });

  it("reports version 0 and a version too large for a JSON number", () => {
    expect(withId(compileTest("package t;\nversion 0;\n"), "invalid-version")[0]?.message).toBe(
      "version must be a positive integer, not 0",
    );
    expect(withId(compileTest("package t;\nversion 9007199254740992;\n"), "invalid-version")).toHaveLength(1);
  });

  it("reports package and version in an imported file, each at its declaration", () => {
    const result = compileTest({
      "main.gidl": 'package t;\nimport "b.gidl";\n',
      "b.gidl": "package b;\nversion 2;\n",
    });
    expect(result.diagnostics.map((d) => `${d.file} ${describeDiagnostic(d)}`)).toEqual([
      `b.gidl ${codeOf("package-in-import")} 1:1 'package' is allowed only in the root file`,
      `b.gidl ${codeOf("version-in-import")} 2:1 'version' is allowed only in the root file`,
    ]);
  });
});

describe("duplicate names", () => {
  it("reports a duplicate across files with where the first one is", () => {
    const result = compileTest({
      "main.gidl": 'package t;\nimport "b.gidl";\nstruct Vec { x: u8; }\n',
      "b.gidl": "struct Vec { y: u8; }\n",
    });
    const [duplicate] = withId(result, "duplicate-name");
    expect(duplicate?.file).toBe("b.gidl");
    expect(duplicate?.message).toBe("duplicate type 'Vec'");
    expect(duplicate?.hint).toBe("first declared at main.gidl:3:8");
  });

  it("reports duplicate errors, services, members, fields, params and enum members", () => {
    const result = compileTest(
      [
        "package t;",
        "error E_A;",
        "error E_A;",
        "enum E { a, a }",
        "struct S { x: u8; x: u16; }",
        "service s {",
        "  rpc a(p: u8, p: u8);",
        "  event a to all { }",
        "}",
        "service s { }",
      ].join("\n"),
    );
    expect(withId(result, "duplicate-name").map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      "3:7 duplicate error 'E_A'",
      "4:13 duplicate enum member 'a'",
      "5:19 duplicate field 'x'",
      "7:16 duplicate parameter 'p'",
      "8:9 duplicate member 'a'",
      "10:9 duplicate service 's'",
    ]);
  });

  it("treats the session kind's name as a type name", () => {
    const result = compileTest("package t;\nstruct Match { x: u8; }\nsession Match { settings: Match; }\n");
    expect(withId(result, "duplicate-name").map(describeDiagnostic)).toEqual([
      `${codeOf("duplicate-name")} 3:9 duplicate type 'Match'`,
    ]);
  });

  it("does not cascade an unknown-type error from a duplicate declaration", () => {
    const result = compileTest("package t;\nstruct A { x: u8; }\nstruct A { y: u8; }\nstruct B { a: A; }\n");
    expect(result.diagnostics.map((d) => d.code)).toEqual([codeOf("duplicate-name")]);
  });
});

describe("reserved names", () => {
  it("reports user types named like primitives or built-in types", () => {
    const result = compileTest(
      "package t;\nstruct string { x: u8; }\nenum SessionStatus { a }\ntype list = u8;\n",
    );
    expect(withId(result, "reserved-type-name").map((d) => d.message)).toEqual([
      "'string' is the name of a built-in type",
      "'SessionStatus' is the name of a built-in type",
      "'list' is the name of a built-in type",
    ]);
  });

  it("reserves SessionSettings only when the schema declares no session", () => {
    expect(
      withId(compileTest("package t;\nstruct SessionSettings { x: u8; }\n"), "reserved-type-name"),
    ).toHaveLength(1);
    const withSession = compileTest(
      "package t;\nstruct SessionSettings { x: u8; }\nsession Game { settings: SessionSettings; }\n",
    );
    expect(withSession.diagnostics).toEqual([]);
    expect(withSession.model?.session?.settings).toBe("SessionSettings");
  });

  it("reports the built-in services' names and built-in error codes", () => {
    const result = compileTest("package t;\nservice session { }\nerror UNAVAILABLE;\n");
    expect(result.diagnostics.map(describeDiagnostic)).toEqual([
      `${codeOf("reserved-service-name")} 2:9 'session' is a built-in service and cannot be declared`,
      `${codeOf("reserved-error-code")} 3:7 'UNAVAILABLE' is a built-in error code and cannot be declared`,
    ]);
  });
});
