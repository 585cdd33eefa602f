// The Node.js entry of gidl/client (the "node" export condition): the browser entry plus `ws` as the
// WebSocket of last resort, for Node.js versions without a global WebSocket (20 and older).
import { WebSocket } from "ws";
import { setWebSocketFallback } from "./node-websocket.js";

setWebSocketFallback(WebSocket);

export * from "./index.js";
