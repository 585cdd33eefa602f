// socket.io 4, WebSocket transport only: combat.attack answered with an acknowledgement, and the
// tick broadcast to a room (socket.io encodes a room broadcast once for all its sockets).
import { createServer } from "node:http";
import { Server } from "socket.io";
import { ATTACK_RESULT, serveBench, tickData } from "./common.mjs";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
const ROOM = "bench";

io.use((socket, next) => {
  socket.data.player = socket.handshake.auth?.token;
  next();
});
io.on("connection", (socket) => {
  socket.join(ROOM);
  socket.on("combat.attack", (_params, ack) => {
    ack(ATTACK_RESULT);
  });
});

await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));

serveBench({
  port: http.address().port,
  broadcast(n) {
    io.to(ROOM).emit("combat.tick", tickData(n));
  },
  close: () => new Promise((resolve) => io.close(() => resolve())),
});
