/** The default adapter: every shared record in this process's memory (one server process). */
import type { ServerAdapter } from "./adapter.js";
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
  return {
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
