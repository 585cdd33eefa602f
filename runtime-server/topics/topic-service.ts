/**
 * The built-in `topic.subscribe` / `topic.unsubscribe` (docs/protocol.md "Topics"): `authorizeTopic`
 * decides, and without it nobody may subscribe, so that no channel is open by accident.
 */
import { GameError } from "../../protocol/index.js";
import type { TopicStore } from "../adapters/adapter.js";
import type { AnyHandler } from "../dispatch/method-table.js";
import type { PlayerInfo } from "../types.js";

const MAX_TOPIC_LENGTH = 128;

function topicName(params: Record<string, unknown>): string {
  const name = params.name;
  if (typeof name !== "string" || name.length === 0 || codePoints(name) > MAX_TOPIC_LENGTH) {
    throw new GameError("INVALID_ARGUMENT", "Invalid params", {
      details: { problems: [{ path: "/name", message: `must be 1 to ${MAX_TOPIC_LENGTH} characters` }] },
    });
  }
  return name;
}

/** Topic names are counted in code points, as `@length` counts (docs/protocol.md "Topics"). */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) count++;
  }
  return count;
}

export function topicHandlers(
  topics: TopicStore,
  playerSessionOf: (player: PlayerInfo) => string | undefined,
  authorizeTopic: ((player: PlayerInfo, topic: string) => boolean | Promise<boolean>) | undefined,
): Record<string, AnyHandler> {
  return {
    "topic.subscribe": async (params, ctx) => {
      const name = topicName(params);
      const allowed = authorizeTopic === undefined ? false : await authorizeTopic(ctx.player, name);
      if (!allowed) throw new GameError("PERMISSION_DENIED", `Not allowed to subscribe to "${name}"`);
      const id = playerSessionOf(ctx.player);
      if (id !== undefined) await topics.subscribe(name, id);
      return null;
    },
    "topic.unsubscribe": async (params, ctx) => {
      const name = topicName(params);
      const id = playerSessionOf(ctx.player);
      if (id !== undefined) await topics.unsubscribe(name, id);
      return null;
    },
  };
}
