/**
 * docs/protocol.md's "An example exchange (JSON)", played against the generated server of
 * fixtures/game.gidl (the schema the page's methods come from) over a raw WebSocket: every `→` line
 * is sent as written (the schema hash and token filled in), and every `←` line must match what the
 * server answers, key for key — values too, but for what the page abbreviates with "…" and the
 * clocks. JSON only, as the page's exchange is: the other codecs carry the same messages (the suites
 * beside this one run on each), and binary's bytes are held to test/vectors/binary.json.
 */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { checkClientMessage, checkServerMessage } from "../../protocol/index.js";
import { codeBlocks, readDoc } from "../docs/markdown-blocks.js";
import { definition } from "./fixtures/generated/definition.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
let socket: WebSocket | undefined;
afterEach(async () => {
  socket?.terminate();
  await h?.close();
  h = socket = undefined;
});

interface Line {
  readonly direction: "→" | "←";
  readonly message: Record<string, unknown>;
}

function transcript(): Line[] {
  const block = codeBlocks(readDoc("docs/protocol.md")).find(
    (b) => b.section === "An example exchange (JSON)",
  );
  if (block === undefined)
    throw new Error('docs/protocol.md has no block under "An example exchange (JSON)"');
  return block.content
    .trim()
    .split("\n")
    .map((text) => {
      const direction = text.slice(0, 1);
      if (direction !== "→" && direction !== "←") throw new Error(`not a transcript line: ${text}`);
      return { direction, message: JSON.parse(text.slice(1)) as Record<string, unknown> };
    });
}

/** Server clocks: any number will do. */
const CLOCKS = new Set(["ts", "serverTime", "createdAt"]);

/** `actual` has exactly the documented keys, and their values but where the page abbreviates. */
function expectLike(documented: unknown, actual: unknown, path: string): void {
  if (typeof documented === "string" && documented.includes("…")) {
    expect(typeof actual, path).toBe("string");
    return;
  }
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), path).toBe(true);
    const items = actual as unknown[];
    expect(items.length, path).toBe(documented.length);
    documented.forEach((item, i) => {
      expectLike(item, items[i], `${path}/${i}`);
    });
    return;
  }
  if (typeof documented === "object" && documented !== null) {
    expect(typeof actual === "object" && actual !== null, path).toBe(true);
    const fields = actual as Record<string, unknown>;
    expect(Object.keys(fields).sort(), path).toEqual(Object.keys(documented).sort());
    for (const [key, value] of Object.entries(documented)) {
      if (CLOCKS.has(key)) expect(typeof fields[key], `${path}/${key}`).toBe("number");
      else expectLike(value, fields[key], `${path}/${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(documented);
}

describe("docs/protocol.md, an example exchange", () => {
  it("is what the server answers, line by line", async () => {
    const lines = transcript();
    for (const { direction, message } of lines) {
      const check = direction === "→" ? checkClientMessage(message) : checkServerMessage(message);
      expect(check.ok, JSON.stringify(message)).toBe(true);
    }
    h = await startHarness("json");
    const ws = new WebSocket(h.url, ["gidl.v1.json"]);
    socket = ws;
    const received: Record<string, unknown>[] = [];
    ws.on("message", (data: Buffer) => {
      received.push(JSON.parse(data.toString("utf8")) as Record<string, unknown>);
    });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));

    let next = 0;
    for (const { direction, message } of lines) {
      // The heartbeat's ping comes after heartbeatMs (15 s by default) and the pong echoes it; both
      // are checked above as messages and by messages.e2e.test.ts on the wire.
      if (message.type === "ping" || message.type === "pong") continue;
      if (direction === "→") {
        const sent =
          message.type === "hello" ? { ...message, schema: definition.hash, token: "alice" } : message;
        ws.send(JSON.stringify(sent));
        continue;
      }
      for (let waited = 0; received.length <= next; waited += 5) {
        if (waited > 5000) throw new Error(`no answer where the page shows ${JSON.stringify(message)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expectLike(message, received[next], `← line ${next + 1} (${String(message.type)})`);
      next++;
    }
    // Nothing the page does not show: the send and the ack are not answered.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.slice(next)).toEqual([]);
  });
});
