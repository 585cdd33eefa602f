/**
 * src/client.ts of a new project: a scripted player that connects, creates a session, calls, receives
 * events, meets a declared error and closes; init.e2e.test.ts runs it against server-source.ts.
 */
export const clientSource = `// A scripted player: connects, opens a match, talks, picks things up, and leaves.
// Start the server first (\`npm start\`), then run \`npm run client\`.
import { createClient, isGameError } from "./generated/client.js";
import type { GameNoticeEvent, GameSaidEvent } from "./generated/types.js";

const url = process.env.GAME_URL ?? "ws://127.0.0.1:8080";
const client = createClient({ url, token: "player:alice" });

// Give up instead of hanging when the server is not there.
setTimeout(() => {
  console.error(\`no answer from \${url} within 10 s\`);
  process.exit(1);
}, 10_000).unref();

await client.connect();
const pong = await client.game.ping();
console.log(\`connected to \${url} (server time \${new Date(pong.serverTime).toISOString()})\`);

const match = await client.session.create({ settings: { mapName: "dust", minutes: 10 } });
console.log(\`created a match on \${match.settings.mapName} with \${match.players.length} player(s)\`);

// Events arrive on their own; listen before making the call that causes them.
const said = new Promise<GameSaidEvent>((resolve) => {
  const off = client.on("game.said", (event) => {
    off();
    resolve(event);
  });
});
const receipt = await client.game.say({ text: "hello" });
const event = await said;
console.log(\`\${event.from} said "\${event.text}" to \${receipt.delivered} player(s)\`);

const notice = new Promise<GameNoticeEvent>((resolve) => {
  const off = client.on("game.notice", (data) => {
    off();
    resolve(data);
  });
});
const inventory = await client.game.pickUp({ itemId: "potion" });
console.log(\`notice: \${(await notice).text}; inventory: \${inventory.items.join(", ")}\`);

try {
  await client.game.pickUp({ itemId: "far-sword" });
} catch (error) {
  // isGameError narrows the details to the error's declared fields.
  if (!isGameError(error, "TOO_FAR")) throw error;
  console.log(\`could not pick up far-sword: \${error.code} (\${error.details.distance} m away)\`);
}

await client.close();
console.log("closed");
`;
