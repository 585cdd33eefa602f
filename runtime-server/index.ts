/** gidl/server: the Node.js runtime that generated `server.ts` builds on. Re-exports only. */
export { createGameServer } from "./server.js";
export { DEFAULT_LIMITS, type Limits } from "./limits.js";
export { GameError, isGameError, toGameError } from "../runtime-client/protocol/index.js";
export type { ApiDefinition, ApiValidators } from "../runtime-client/protocol/definition.js";
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
export { startTestKit } from "./testkit/test-kit.js";
export type { TestKit, TestKitBinding, TestKitClient, TestKitOptions } from "./testkit/test-kit.js";
export { createTestNetwork, type TestNetwork } from "./testkit/network.js";
