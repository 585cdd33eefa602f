// The ceiling: a bare ws server with no framework. It speaks the same JSON envelope as gidl
// (hello → welcome, rpc → response, event), authenticates a hello by keeping its token, answers
// combat.attack, and broadcasts by serializing once and writing the same bytes to every client.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { ATTACK_RESULT, serveBench, tickData } from "./common.mjs";

const http = createServer();
const wss = new WebSocketServer({ server: http, maxPayload: 65536, clientTracking: false });
const players = new Map();

wss.on("connection", (ws) => {
  let player;
  ws.on("message", (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === "rpc") {
      ws.send(JSON.stringify({ type: "response", id: message.id, result: ATTACK_RESULT }));
    } else if (message.type === "hello") {
      player = { id: message.token, ws };
      players.set(player.id, player);
      ws.send(JSON.stringify({ type: "welcome", protocol: 1, player: player.id, resumed: false }));
    }
  });
  ws.on("close", () => {
    if (player !== undefined) players.delete(player.id);
  });
});

await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));

serveBench({
  port: http.address().port,
  broadcast(n) {
    const frame = Buffer.from(
      JSON.stringify({ type: "event", event: "combat.tick", ts: Date.now(), data: tickData(n) }),
    );
    for (const player of players.values()) player.ws.send(frame);
  },
  close: () =>
    new Promise((resolve) => {
      for (const player of players.values()) player.ws.terminate();
      http.close(() => resolve());
    }),
});
