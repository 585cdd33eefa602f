/**
 * The types and services every API has without declaring them: PROTOCOL.md's "Game sessions"
 * (service `session`) and "Topics" (service `topic`). They are part of the model (and of the
 * schema hash) so that generators treat them like user declarations.
 */
import type { EventDeclaration, Field, Method, Policy, Service, TypeDeclaration, TypeRef } from "./model.js";

/** The settings type when the schema declares no session: an empty struct. */
export const DEFAULT_SETTINGS_TYPE = "SessionSettings";

/** Names a user type may not take. `SessionSettings` is added when the schema declares no session. */
export const BUILTIN_TYPE_NAMES: readonly string[] = [
  "SessionStatus",
  "SessionVisibility",
  "SessionLeaveReason",
  "SessionPlayer",
  "SessionInfo",
  "SessionSummary",
  "SessionList",
];

export const BUILTIN_SERVICE_NAMES: readonly string[] = ["session", "topic"];

/** PROTOCOL.md's built-in error codes and the client's own (API.md): they need no `throws`. */
export const BUILTIN_ERROR_CODES: readonly string[] = [
  "BAD_MESSAGE",
  "UNAUTHENTICATED",
  "PERMISSION_DENIED",
  "INVALID_STATE",
  "NOT_FOUND",
  "INVALID_ARGUMENT",
  "RATE_LIMITED",
  "TIMEOUT",
  "UNAVAILABLE",
  "STALE_REQUEST",
  "SCHEMA_MISMATCH",
  "SESSION_FULL",
  "SESSION_IN_PROGRESS",
  "SESSION_ENDED",
  "SESSION_ELSEWHERE",
  "INTERNAL",
  "DEADLINE_EXCEEDED",
  "CANCELLED",
  "CONNECTION_LOST",
  "QUEUE_FULL",
  "CLIENT_CLOSED",
];

/** The default deadline of an rpc handler (IDL.md: `@timeout`, default 10000). */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

const string: TypeRef = { kind: "primitive", name: "string" };
const u32: TypeRef = { kind: "primitive", name: "u32" };
const f64: TypeRef = { kind: "primitive", name: "f64" };
const bool: TypeRef = { kind: "primitive", name: "bool" };
const named = (name: string): TypeRef => ({ kind: "named", name });

function field(name: string, type: TypeRef, optional = false): Field {
  return { name, type, optional, constraints: {} };
}

/**
 * The built-in types, in the order generators emit them.
 * @param settingsType the session's settings struct, or `null` when the schema declares no session.
 */
export function builtinTypes(settingsType: string | null): TypeDeclaration[] {
  const settings = named(settingsType ?? DEFAULT_SETTINGS_TYPE);
  const types: TypeDeclaration[] = [
    enumType("SessionStatus", ["waiting", "running", "paused", "ended"]),
    enumType("SessionVisibility", ["public", "private"]),
    enumType("SessionLeaveReason", ["left", "kicked", "timeout"]),
    {
      kind: "struct",
      name: "SessionPlayer",
      builtin: true,
      fields: [field("id", string), field("connected", bool)],
    },
    {
      kind: "struct",
      name: "SessionInfo",
      builtin: true,
      // PROTOCOL.md: times are milliseconds since the epoch.
      fields: [
        field("id", string),
        field("status", named("SessionStatus")),
        field("host", string),
        field("players", { kind: "list", element: named("SessionPlayer") }),
        field("settings", settings),
        field("maxPlayers", u32, true),
        field("visibility", named("SessionVisibility")),
        field("createdAt", f64),
        field("startedAt", f64, true),
        field("endedAt", f64, true),
      ],
    },
    {
      kind: "struct",
      name: "SessionSummary",
      builtin: true,
      fields: [
        field("id", string),
        field("status", named("SessionStatus")),
        field("host", string),
        field("playerCount", u32),
        field("maxPlayers", u32, true),
        field("settings", settings),
      ],
    },
    {
      kind: "struct",
      name: "SessionList",
      builtin: true,
      fields: [field("sessions", { kind: "list", element: named("SessionSummary") })],
    },
  ];
  if (settingsType === null) {
    types.push({ kind: "struct", name: DEFAULT_SETTINGS_TYPE, builtin: true, fields: [] });
  }
  return types;
}

function enumType(name: string, members: readonly string[]): TypeDeclaration {
  return { kind: "enum", name, builtin: true, members: members.map((member) => ({ name: member })) };
}

type Access = "any" | "member" | "host";

function policy(kind: "rpc" | "send", access: Access): Policy {
  return {
    public: false,
    session: access === "any" ? "none" : "member",
    host: access === "host",
    roles: [],
    rate: null,
    timeoutMs: kind === "rpc" ? DEFAULT_RPC_TIMEOUT_MS : null,
    queue: null,
  };
}

function rpc(service: string, name: string, params: Field[], result: TypeRef | null, access: Access): Method {
  return {
    kind: "rpc",
    name,
    fullName: `${service}.${name}`,
    params,
    result,
    throws: [],
    policy: policy("rpc", access),
  };
}

function sessionEvent(name: string, fields: Field[]): EventDeclaration {
  return {
    name,
    fullName: `session.${name}`,
    recipients: "session",
    reliable: true,
    fields: [field("sessionId", string), ...fields],
  };
}

/** The built-in `session` and `topic` services (PROTOCOL.md), in that order. */
export function builtinServices(settingsType: string | null): Service[] {
  const settings = named(settingsType ?? DEFAULT_SETTINGS_TYPE);
  const info = named("SessionInfo");
  const hostRpc = (name: string) => rpc("session", name, [], info, "host");
  const session: Service = {
    name: "session",
    builtin: true,
    methods: [
      rpc(
        "session",
        "create",
        [field("settings", settings), field("visibility", named("SessionVisibility"), true)],
        info,
        "any",
      ),
      rpc("session", "configure", [field("settings", settings)], info, "host"),
      rpc("session", "join", [field("sessionId", string)], info, "any"),
      rpc("session", "leave", [], null, "member"),
      rpc("session", "kick", [field("playerId", string)], null, "host"),
      hostRpc("start"),
      hostRpc("pause"),
      hostRpc("resume"),
      hostRpc("end"),
      rpc("session", "get", [], info, "member"),
      rpc("session", "list", [], named("SessionList"), "any"),
    ],
    events: [
      sessionEvent("playerJoined", [field("playerId", string)]),
      sessionEvent("playerLeft", [field("playerId", string), field("reason", named("SessionLeaveReason"))]),
      sessionEvent("playerDisconnected", [field("playerId", string)]),
      sessionEvent("playerReconnected", [field("playerId", string)]),
      sessionEvent("statusChanged", [
        field("status", named("SessionStatus")),
        field("previous", named("SessionStatus")),
        field("reason", string, true),
      ]),
      sessionEvent("hostChanged", [field("host", string), field("previous", string)]),
      sessionEvent("settingsChanged", [field("settings", settings)]),
    ],
  };
  // PROTOCOL.md: topic names are 1 to 128 characters.
  const topicName: Field = { ...field("name", string), constraints: { length: { min: 1, max: 128 } } };
  const topic: Service = {
    name: "topic",
    builtin: true,
    methods: [
      rpc("topic", "subscribe", [topicName], null, "any"),
      rpc("topic", "unsubscribe", [topicName], null, "any"),
    ],
    events: [],
  };
  return [session, topic];
}
