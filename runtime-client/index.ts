/**
 * gidl/client: the runtime of generated clients, for browsers and Node.js. Re-exports only the
 * public API, so that internals can change (docs/contributing.md "Rooms and files").
 */
export { createGameClient } from "./game-client.js";
export type { ConnectionState, GameClient, GameClientConfig } from "./game-client.js";
export type { EventHandler, EventMeta } from "./event-stream.js";
export { CLIENT_DEFAULTS } from "./options.js";
export type {
  CallOptions,
  ClientOptions,
  ReconnectOptions,
  WebSocketConstructorLike,
  WebSocketLike,
} from "./options.js";
export { GameError, isGameError, toGameError } from "../protocol/game-error.js";
export type { GameErrorOptions } from "../protocol/game-error.js";
export { BUILTIN_ERROR_CODES, CLIENT_ERROR_CODES, CLOSE_CODES } from "../protocol/error-codes.js";
export type { BuiltinErrorCode, ClientErrorCode, ErrorCodeInfo } from "../protocol/error-codes.js";
export { PROTOCOL_VERSION, SUBPROTOCOLS } from "../protocol/messages.js";
export type { CodecName } from "../protocol/messages.js";
export type * from "../protocol/definition.js";
