/**
 * gidl/testkit: a real server and real clients in one process, over an in-memory network or
 * loopback (docs/server.md "Testing"). The one room that imports both runtimes. Re-exports only.
 */
export { startTestKit } from "./test-kit.js";
export type { TestKit, TestKitBinding, TestKitClient, TestKitOptions } from "./test-kit.js";
export { createTestNetwork, type TestNetwork } from "./network.js";
