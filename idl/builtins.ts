/**
 * The types and services every API has without declaring them: docs/protocol.md "Game sessions"
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

/**
 * The built-in error codes (docs/protocol.md "Built-in error codes") and the client's own
 * (docs/client.md "Errors"): they need no `throws`.
 */
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

/** The default deadline of an rpc handler (docs/language.md "Attributes": `@timeout`, default 10000). */
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
    enumType(
      "SessionStatus",
      ["waiting", "running", "paused", "ended"],
      "Where a game session is in its life.",
    ),
    enumType("SessionVisibility", ["public", "private"], "Whether `session.list` shows the session."),
    enumType(
      "SessionLeaveReason",
      ["left", "kicked", "timeout"],
      "Why a player left a session: on its own, kicked by the host, or gone past its resume window.",
    ),
    {
      kind: "struct",
      name: "SessionPlayer",
      doc: "A member of a game session, and whether it is connected now.",
      builtin: true,
      fields: [field("id", string), field("connected", bool)],
    },
    {
      kind: "struct",
      name: "SessionInfo",
      doc: "A game session as its members see it; times are milliseconds since the epoch.",
      builtin: true,
      // docs/protocol.md "Game sessions": times are milliseconds since the epoch.
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
      doc: "A joinable session, as `session.list` shows it.",
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
      doc: "What `session.list` returns.",
      builtin: true,
      fields: [field("sessions", { kind: "list", element: named("SessionSummary") })],
    },
  ];
  if (settingsType === null) {
    types.push({ kind: "struct", name: DEFAULT_SETTINGS_TYPE, builtin: true, fields: [] });
  }
  return types;
}

function enumType(name: string, members: readonly string[], doc: string): TypeDeclaration {
  return { kind: "enum", name, doc, builtin: true, members: members.map((member) => ({ name: member })) };
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

function rpc(
  service: string,
  name: string,
  params: Field[],
  result: TypeRef | null,
  access: Access,
  doc: string,
): Method {
  return {
    kind: "rpc",
    name,
    doc,
    fullName: `${service}.${name}`,
    params,
    result,
    throws: [],
    policy: policy("rpc", access),
  };
}

function sessionEvent(name: string, fields: Field[], doc: string): EventDeclaration {
  return {
    name,
    doc,
    fullName: `session.${name}`,
    recipients: "session",
    reliable: true,
    fields: [field("sessionId", string), ...fields],
  };
}

/** The built-in `session` then `topic` service (docs/protocol.md "Game sessions", "Topics"). */
export function builtinServices(settingsType: string | null): Service[] {
  const settings = named(settingsType ?? DEFAULT_SETTINGS_TYPE);
  const info = named("SessionInfo");
  const hostRpc = (name: string, doc: string) => rpc("session", name, [], info, "host", doc);
  const session: Service = {
    name: "session",
    doc: "Game sessions (built in): create, join, start, pause, end, and their members.",
    builtin: true,
    methods: [
      rpc(
        "session",
        "create",
        [field("settings", settings), field("visibility", named("SessionVisibility"), true)],
        info,
        "any",
        "Creates a game session in `waiting` (public by default); the caller joins it as its host.",
      ),
      rpc(
        "session",
        "configure",
        [field("settings", settings)],
        info,
        "host",
        "Replaces the settings of the caller's session while it is `waiting`.",
      ),
      rpc(
        "session",
        "join",
        [field("sessionId", string)],
        info,
        "any",
        "Joins a session; fails with SESSION_FULL, SESSION_IN_PROGRESS, SESSION_ENDED or NOT_FOUND.",
      ),
      rpc("session", "leave", [], null, "member", "Leaves the caller's session; a leaving host hands over."),
      rpc("session", "kick", [field("playerId", string)], null, "host", "Removes a player from the session."),
      hostRpc("start", "Starts the session: `waiting` → `running`."),
      hostRpc("pause", "Pauses the session: `running` → `paused`."),
      hostRpc("resume", "Resumes the session: `paused` → `running`."),
      hostRpc("end", "Ends the session and releases its members."),
      rpc("session", "get", [], info, "member", "The caller's session as it is now."),
      rpc(
        "session",
        "list",
        [],
        named("SessionList"),
        "any",
        "Public sessions that can be joined: waiting, or running with join-in-progress, and not full.",
      ),
    ],
    events: [
      sessionEvent(
        "playerJoined",
        [field("playerId", string)],
        "A player joined the session (the creator too).",
      ),
      sessionEvent(
        "playerLeft",
        [field("playerId", string), field("reason", named("SessionLeaveReason"))],
        "A player left, was kicked, or did not come back within its resume window.",
      ),
      sessionEvent(
        "playerDisconnected",
        [field("playerId", string)],
        "A member lost its connection; it stays a member until its resume window passes.",
      ),
      sessionEvent("playerReconnected", [field("playerId", string)], "A disconnected member is back."),
      sessionEvent(
        "statusChanged",
        [
          field("status", named("SessionStatus")),
          field("previous", named("SessionStatus")),
          field("reason", string, true),
        ],
        'The session\'s status changed; `reason` says why a session ended (e.g. "host").',
      ),
      sessionEvent(
        "hostChanged",
        [field("host", string), field("previous", string)],
        "Another member became the host.",
      ),
      sessionEvent("settingsChanged", [field("settings", settings)], "The host replaced the settings."),
    ],
  };
  // docs/protocol.md "Topics": topic names are 1 to 128 characters.
  const topicName: Field = { ...field("name", string), constraints: { length: { min: 1, max: 128 } } };
  const topic: Service = {
    name: "topic",
    doc: "Publish-subscribe channels (built in): events `to topic` reach their subscribers.",
    builtin: true,
    methods: [
      rpc(
        "topic",
        "subscribe",
        [topicName],
        null,
        "any",
        "Subscribes to a topic, if `authorizeTopic` allows it.",
      ),
      rpc("topic", "unsubscribe", [topicName], null, "any", "Ends a subscription to a topic."),
    ],
    events: [],
  };
  return [session, topic];
}
