/** The default adapter: every shared record in this process's memory (one server process). */
import type { AdapterBinding, ServerAdapter } from "./adapter.js";
import { MemoryDedupStore } from "./memory-dedup.js";
import { MemoryFanout } from "./memory-fanout.js";
import { MemoryReplayStore } from "./memory-replay.js";
import { MemorySessionDirectory } from "./memory-sessions.js";
import {
  MemoryPlayerDirectory,
  MemoryRateStore,
  MemoryResumeStore,
  MemoryTopicStore,
} from "./memory-stores.js";

export function createMemoryAdapter<E, R>(): ServerAdapter<E, R> {
  // Servers in one process may share this adapter (tests, a local cluster): SESSION_ELSEWHERE must
  // then name the owner's URL, not its node id, or no client could follow it.
  const nodes = new Map<string, AdapterBinding<E>>();
  return {
    attach: (binding) => {
      nodes.set(binding.nodeId, binding);
    },
    nodeUrl: (nodeId) => Promise.resolve(nodes.get(nodeId)?.publicUrl()),
    players: new MemoryPlayerDirectory(),
    resume: new MemoryResumeStore(),
    replay: new MemoryReplayStore<E>(),
    dedup: new MemoryDedupStore<R>(),
    rates: new MemoryRateStore(),
    topics: new MemoryTopicStore(),
    sessions: new MemorySessionDirectory(),
    fanout: new MemoryFanout<E>(),
    close: () => Promise.resolve(),
  };
}
