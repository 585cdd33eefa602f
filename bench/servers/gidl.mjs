// The server under test: the generated bench server (bench/out/gen, from bench/schema/bench.gidl)
// on gidl/server, with its defaults (metrics on, logger at warn) except the per-connection message
// rate, raised so that one closed-loop client is not RATE_LIMITED (the bare contenders have none).
import { createServer } from "../out/gen/server.js";
import { ATTACK_RESULT, serveBench, tickData } from "./common.mjs";

let sessionId;
const server = createServer({
  port: 0,
  authenticate: (token) => ({ playerId: token }),
  sessions: {
    onCreate(_player, session) {
      sessionId = session.id;
    },
  },
  limits: { messagesPerSecond: 1_000_000, messagesBurst: 1_000_000 },
  handlers: {
    combat: {
      attack: () => ATTACK_RESULT,
    },
  },
});
await server.listen();

serveBench({
  port: server.port,
  broadcast(n) {
    if (sessionId !== undefined) server.emit.combat.tick(sessionId, tickData(n));
  },
  close: () => server.close(),
});
