/**
 * Models for generator tests: the arena example through the compiler, and a model written by hand
 * for what the example does not reach (i64/bytes conversion, recursion, reserved names, deprecations).
 */
import { fileURLToPath } from "node:url";
import { builtinServices, builtinTypes } from "../../idl/builtins.js";
import { compile } from "../../idl/index.js";
import type { Field, Method, Model, Policy, TypeRef } from "../../idl/model.js";

const p = (
  name: "bool" | "string" | "u8" | "u16" | "u32" | "i32" | "i64" | "u64" | "f32" | "bytes",
): TypeRef => ({
  kind: "primitive",
  name,
});
const named = (name: string): TypeRef => ({ kind: "named", name });

function field(name: string, type: TypeRef, extra: Partial<Field> = {}): Field {
  return { name, type, optional: false, constraints: {}, ...extra };
}

const defaultPolicy: Policy = {
  public: false,
  session: "none",
  host: false,
  roles: [],
  rate: null,
  timeoutMs: 10000,
  queue: null,
};

function rpc(
  service: string,
  name: string,
  params: Field[],
  result: TypeRef | null,
  extra: Partial<Method> = {},
): Method {
  return {
    kind: "rpc",
    name,
    fullName: `${service}.${name}`,
    params,
    result,
    throws: [],
    policy: defaultPolicy,
    ...extra,
  };
}

/** A small API that exercises what the arena example does not: 64-bit integers, bytes, recursion, reserved names. */
export function edgeCaseModel(): Model {
  return {
    format: 1,
    package: "edge",
    version: null,
    hash: "0".repeat(64),
    types: [
      { kind: "alias", name: "SteamId", type: p("u64"), constraints: {}, doc: "A Steam account id." },
      {
        kind: "struct",
        name: "Tree",
        doc: "A tree: recursion through a list.",
        fields: [
          field("label", p("string")),
          field("children", { kind: "list", element: named("Tree") }),
          field("blob", p("bytes"), { optional: true }),
        ],
      },
      { kind: "struct", name: "Plain", fields: [field("n", p("u8"))] },
      {
        kind: "struct",
        name: "Promise",
        deprecated: "use Plain",
        fields: [field("default", p("string"), { doc: "A keyword as a field name." })],
      },
      { kind: "struct", name: "Big", fields: [field("owner", named("SteamId")), field("at", p("i64"))] },
      {
        kind: "union",
        name: "Shape",
        variants: [
          { tag: "plain", struct: "Plain" },
          { tag: "big", struct: "Big" },
        ],
      },
      { kind: "enum", name: "Mode", members: [{ name: "fast" }, { name: "slow", deprecated: "" }] },
      ...builtinTypes(null),
    ],
    errors: [
      { code: "TOO_BIG", fields: [field("limit", p("u64"))], retryable: false },
      { code: "BUSY", fields: [], retryable: true, doc: "Try again later." },
    ],
    session: null,
    services: [
      {
        name: "data",
        builtin: false,
        methods: [
          rpc(
            "data",
            "upload",
            [field("payload", p("bytes")), field("owner", named("SteamId"))],
            named("Shape"),
            {
              throws: ["TOO_BIG"],
            },
          ),
          rpc("data", "tree", [], named("Tree"), { policy: { ...defaultPolicy, public: true } }),
          rpc("data", "ping", [], null, { deprecated: "no longer needed" }),
          {
            kind: "send",
            name: "mode",
            fullName: "data.mode",
            params: [field("mode", named("Mode"))],
            result: null,
            throws: [],
            policy: { ...defaultPolicy, timeoutMs: null },
          },
          rpc("data", "counts", [], { kind: "map", value: { kind: "list", element: p("i64") } }),
        ],
        events: [
          {
            name: "changed",
            fullName: "data.changed",
            recipients: "all",
            reliable: true,
            fields: [field("at", p("i64"))],
          },
          { name: "noise", fullName: "data.noise", recipients: "players", reliable: false, fields: [] },
        ],
      },
      ...builtinServices(null),
    ],
  };
}

/** The arena example, compiled by the real compiler. */
export function arenaModel(): Model {
  const result = compile(arenaSchemaPath);
  if (result.model === undefined)
    throw new Error(`test/fixtures/idl-example does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.model;
}

export const arenaSchemaPath = fileURLToPath(new URL("../fixtures/idl-example/arena.gidl", import.meta.url));
