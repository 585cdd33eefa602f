/**
 * A model written by hand for the validators tests: one of every kind of check the generated
 * validators make (ranges, bigints, bytes, code-point lengths, patterns, formats, unions, maps,
 * recursion), plus the built-in services.
 */
import { builtinServices, builtinTypes } from "../../idl/builtins.js";
import type { Constraints, Field, Method, Model, Policy, PrimitiveType, TypeRef } from "../../idl/model.js";

export const prim = (name: PrimitiveType): TypeRef => ({ kind: "primitive", name });
export const named = (name: string): TypeRef => ({ kind: "named", name });
export const list = (element: TypeRef): TypeRef => ({ kind: "list", element });
export const map = (value: TypeRef): TypeRef => ({ kind: "map", value });

export function field(name: string, type: TypeRef, constraints: Constraints = {}, optional = false): Field {
  return { name, type, optional, constraints };
}

const policy: Policy = {
  public: false,
  session: "none",
  host: false,
  roles: [],
  rate: null,
  timeoutMs: 10000,
  queue: null,
};

export function rpc(service: string, name: string, params: Field[], result: TypeRef | null): Method {
  return { kind: "rpc", name, fullName: `${service}.${name}`, params, result, throws: [], policy };
}

export function send(service: string, name: string, params: Field[]): Method {
  return { kind: "send", name, fullName: `${service}.${name}`, params, result: null, throws: [], policy };
}

export function validatorsModel(): Model {
  return {
    format: 1,
    package: "checks",
    version: 1,
    hash: "ab".repeat(32),
    types: [
      {
        kind: "alias",
        name: "PlayerId",
        type: prim("string"),
        constraints: { length: { min: 1, max: 32 }, pattern: "^[a-z0-9_]+$" },
      },
      { kind: "alias", name: "Nick", type: prim("string"), constraints: { length: { min: 1, max: 5 } } },
      {
        kind: "alias",
        name: "Letters",
        type: prim("string"),
        constraints: { pattern: '^\\p{L}+$|^require\\("x"\\)$' },
      },
      { kind: "alias", name: "SteamId", type: prim("u64"), constraints: {} },
      { kind: "alias", name: "Blob", type: prim("bytes"), constraints: { length: { min: 0, max: 4 } } },
      { kind: "alias", name: "Ids", type: list(named("PlayerId")), constraints: {} },
      { kind: "enum", name: "Weapon", members: [{ name: "sword" }, { name: "bow" }, { name: "staff" }] },
      {
        kind: "struct",
        name: "Vec2",
        fields: [
          field("x", prim("f32"), { range: { min: "-1000", max: "1000" } }),
          field("y", prim("f32"), { range: { min: "-1000", max: "1000" } }),
        ],
      },
      { kind: "struct", name: "HealthPack", fields: [field("amount", prim("u8"))] },
      {
        kind: "struct",
        name: "Ammo",
        fields: [
          field("weapon", named("Weapon")),
          field("rounds", prim("u8"), { range: { min: "1", max: "99" } }),
        ],
      },
      {
        kind: "union",
        name: "Pickup",
        variants: [
          { tag: "health", struct: "HealthPack" },
          { tag: "ammo", struct: "Ammo" },
        ],
      },
      {
        kind: "struct",
        name: "Tree",
        fields: [field("label", prim("string")), field("children", list(named("Tree")), {}, true)],
      },
      {
        kind: "struct",
        name: "Contact",
        fields: [
          field("email", prim("string"), { format: "email" }, true),
          field("uuid", prim("string"), { format: "uuid" }, true),
          field("uri", prim("string"), { format: "uri" }, true),
          field("at", prim("string"), { format: "date-time" }, true),
          field("host", prim("string"), { format: "hostname" }, true),
          field("v4", prim("string"), { format: "ipv4" }, true),
          field("v6", prim("string"), { format: "ipv6" }, true),
        ],
      },
      ...builtinTypes(null),
    ],
    errors: [],
    session: null,
    services: [
      {
        name: "game",
        builtin: false,
        methods: [
          rpc(
            "game",
            "numbers",
            [
              field("small", prim("i8"), {}, true),
              field("count", prim("u32"), {}, true),
              field("level", prim("i32"), { range: { min: "-5", max: "5" } }, true),
              field("real", prim("f64"), {}, true),
              field("single", prim("f32"), {}, true),
              field("big", prim("i64"), {}, true),
              field("steam", named("SteamId"), {}, true),
              field("capped", named("SteamId"), { range: { min: "10", max: "20" } }, true),
              field("flag", prim("bool"), {}, true),
            ],
            null,
          ),
          rpc(
            "game",
            "texts",
            [
              field("id", named("PlayerId"), {}, true),
              field("nick", named("Nick"), {}, true),
              field("short", named("Nick"), { length: { min: 1, max: 2 } }, true),
              field("letters", named("Letters"), {}, true),
              field("contact", named("Contact"), {}, true),
            ],
            null,
          ),
          rpc(
            "game",
            "things",
            [
              field("blob", named("Blob"), {}, true),
              field("raw", prim("bytes"), {}, true),
              field("pickup", named("Pickup"), {}, true),
              field("tree", named("Tree"), {}, true),
              field("scores", map(prim("u16")), { length: { min: 0, max: 3 } }, true),
              field("ids", named("Ids"), { length: { min: 1, max: 2 } }, true),
              field("weapons", list(named("Weapon")), {}, true),
            ],
            named("Pickup"),
          ),
          send("game", "move", [field("pos", named("Vec2"))]),
        ],
        events: [
          {
            name: "moved",
            fullName: "game.moved",
            recipients: "session",
            reliable: true,
            fields: [field("player", named("PlayerId")), field("pos", named("Vec2"))],
          },
        ],
      },
      ...builtinServices(null),
    ],
  };
}
