/**
 * src/server.ts of a new project: implements the generated handlers, with a demo token check that says
 * to replace it. It must type-check against the code generated from game-schema.ts (init.e2e.test.ts).
 */
export const serverSource = `// The game server: the handlers of every rpc and send in schema/game.gidl, and who may connect.
// \`npm start\` builds and runs it; \`npm run client\` plays against it.
import { createServer, type GameHandlers } from "./generated/server.js";

/** What each player carries; a real game keeps this in its own storage. */
const inventories = new Map<string, string[]>();

const game: GameHandlers = {
  ping() {
    return { serverTime: Date.now() };
  },

  say({ text }, ctx) {
    // Goes to every member of the caller's match, the caller included.
    ctx.emit.game.said({ from: ctx.player.id, text });
    return { delivered: ctx.session?.players.length ?? 0 };
  },

  move({ pos }, ctx) {
    ctx.session?.setPosition(ctx.player.id, pos);
  },

  pickUp({ itemId }, ctx) {
    const distance = itemId.startsWith("far-") ? 42 : 0;
    // A declared error of pickUp's \`throws\`: the client gets its code and details, typed.
    if (distance > 5) throw ctx.errors.TOO_FAR({ distance }, \`\${itemId} is \${distance} m away\`);
    const items = [...(inventories.get(ctx.player.id) ?? []), itemId];
    inventories.set(ctx.player.id, items);
    ctx.emit.game.notice([ctx.player.id], { text: \`You picked up \${itemId}\` });
    return { items };
  },
};

const server = createServer({
  port: Number(process.env.PORT ?? 8080),
  handlers: { game },
  // DEMO ONLY: any token "player:<name>" logs in as <name>, so anyone can claim to be anyone.
  // Replace this with real verification (check a signed JWT, or look the token up in your
  // account service) before the server is reachable by others. Throwing refuses the token.
  authenticate(token) {
    const name = /^player:([a-z0-9_]{1,32})$/.exec(token)?.[1];
    if (name === undefined) throw new Error("unknown token");
    return { playerId: name };
  },
});

await server.listen();
console.log(\`listening on ws://127.0.0.1:\${server.port}\`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // Graceful: running calls finish and clients are told, then the process exits by itself.
    void server.close();
  });
}
`;
