/** gidl/server: the Node.js runtime that generated `server.ts` builds on. Re-exports only. */
export { createGameServer } from "./server.js";
export { DEFAULT_LIMITS, type Limits } from "./limits.js";
export { GameError, isGameError, toGameError } from "../protocol/index.js";
export type { ApiDefinition, ApiValidators } from "../protocol/definition.js";
export { createMemoryAdapter } from "./adapters/memory-adapter.js";
export { redisAdapter, type RedisAdapterOptions } from "./adapters/redis/redis-adapter.js";
export type * from "./adapters/adapter.js";
export type {
  AuthResult,
  CodecChoice,
  EventTarget,
  GameServer,
  GameServerConfig,
  Handler,
  HandlerContext,
  PlayerInfo,
  Position,
  ServerOptions,
  SessionHandle,
  SessionHook,
  SessionHooks,
  SessionScopedTarget,
  SessionStatus,
} from "./types.js";
// The test kit's home is gidl/testkit (it needs a server and clients both). These re-exports keep
// imports from gidl/server compiling until 0.2; testkit/ loads no client code at run time.
export {
  /** @deprecated Import from gidl/testkit. */
  startTestKit,
  /** @deprecated Import from gidl/testkit. */
  createTestNetwork,
} from "../testkit/index.js";
export type {
  /** @deprecated Import from gidl/testkit. */
  TestKit,
  /** @deprecated Import from gidl/testkit. */
  TestKitBinding,
  /** @deprecated Import from gidl/testkit. */
  TestKitClient,
  /** @deprecated Import from gidl/testkit. */
  TestKitOptions,
  /** @deprecated Import from gidl/testkit. */
  TestNetwork,
} from "../testkit/index.js";
