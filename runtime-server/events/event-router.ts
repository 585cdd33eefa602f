/**
 * emitEvent → recipients → fan-out → each recipient's seq and socket (PROTOCOL.md "Events, ordering
 * and replay"). Emits are processed one after another, so every player receives events in the
 * order the server emitted them, whatever lookups a target needs.
 */
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../../runtime-client/protocol/definition.js";
import { toProblems } from "../../runtime-client/protocol/index.js";
import type { FanoutRecipients, ServerAdapter } from "../adapters/adapter.js";
import type { Limits } from "../limits.js";
import type { LocalPlayers } from "../players/local-players.js";
import type { EventTarget } from "../types.js";
import { OutboundEvent } from "./outbound-event.js";

/** What the router needs to know about game sessions to resolve `to session` and `to area`. */
export interface SessionRecipients {
  members(sessionId: string): readonly string[] | undefined;
  within(sessionId: string, origin: { x: number; y: number }, radius: number): readonly string[] | undefined;
}

export interface EventRouterOptions {
  readonly definition: ApiDefinition;
  readonly validators: ApiValidators;
  readonly adapter: ServerAdapter<unknown, unknown>;
  readonly limits: Limits;
  readonly players: LocalPlayers;
  readonly sessions: SessionRecipients;
  readonly logger: Logger;
}

export class EventRouter {
  private emitTail: Promise<void> = Promise.resolve();
  private deliverTail: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: EventRouterOptions) {
    this.unsubscribe = options.adapter.fanout.subscribe((recipients, event) => {
      if (!(event instanceof OutboundEvent)) return;
      this.deliverTail = this.deliverTail
        .then(() => this.deliverLocally(recipients, event))
        .catch((error: unknown) => {
          options.logger.error({ err: error, event: event.name }, "event delivery failed");
        });
    });
  }

  /**
   * Checks the event and queues it. Throws a TypeError for an unknown event, a target of the wrong
   * kind or data the schema refuses: those are bugs in the application, found where they happen.
   */
  emit(fullName: string, target: EventTarget, data: unknown): void {
    const { definition, validators } = this.options;
    const declared = Object.hasOwn(definition.events, fullName) ? definition.events[fullName] : undefined;
    if (declared === undefined) throw new TypeError(`Unknown event "${fullName}"`);
    if (target.to !== declared.recipients) {
      throw new TypeError(`Event "${fullName}" goes to ${declared.recipients}, not to ${target.to}`);
    }
    const validate = Object.hasOwn(validators.events, fullName) ? validators.events[fullName] : undefined;
    if (validate !== undefined && !validate(data)) {
      const problems = toProblems(validate.errors)
        .map((p) => `${p.path === "" ? "data" : p.path} ${p.message}`)
        .join("; ");
      throw new TypeError(`Event "${fullName}" has invalid data: ${problems}`);
    }
    this.enqueue(fullName, data, () => this.resolve(target));
  }

  /**
   * Built-in events (`session.*`) to explicit players: PROTOCOL.md sends `playerLeft` to the player
   * concerned too, who is no longer a member, so these bypass the declared recipients.
   */
  emitToPlayers(fullName: string, playerIds: readonly string[], data: unknown): void {
    if (playerIds.length === 0) return;
    this.enqueue(fullName, data, () => Promise.resolve({ kind: "players", playerIds }));
  }

  private enqueue(
    fullName: string,
    data: unknown,
    resolve: () => Promise<FanoutRecipients | undefined>,
  ): void {
    const { definition } = this.options;
    const declared = Object.hasOwn(definition.events, fullName) ? definition.events[fullName] : undefined;
    const event = new OutboundEvent(
      fullName,
      data ?? null,
      declared?.reliable ?? true,
      Date.now(),
      declared?.payload ?? null,
      definition.shapes,
    );
    this.emitTail = this.emitTail
      .then(async () => {
        const recipients = await resolve();
        if (recipients !== undefined) await this.options.adapter.fanout.publish(recipients, event);
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, event: fullName }, "event fan-out failed");
      });
  }

  /** Resolves once every event emitted so far has reached its recipients' sockets or buffers. */
  async flushed(): Promise<void> {
    await this.emitTail;
    await this.deliverTail;
  }

  close(): void {
    this.unsubscribe();
  }

  private async resolve(target: EventTarget): Promise<FanoutRecipients | undefined> {
    switch (target.to) {
      case "all":
        return { kind: "all" };
      case "players":
        return { kind: "players", playerIds: target.playerIds };
      case "session": {
        const members = this.options.sessions.members(target.sessionId);
        return members === undefined ? undefined : { kind: "players", playerIds: members };
      }
      case "area": {
        const within = this.options.sessions.within(target.sessionId, target.origin, target.radius);
        return within === undefined ? undefined : { kind: "players", playerIds: within };
      }
      case "topic":
        return {
          kind: "playerSessions",
          playerSessionIds: await this.options.adapter.topics.subscribers(target.topic),
        };
    }
  }

  private async deliverLocally(recipients: FanoutRecipients, event: OutboundEvent): Promise<void> {
    const { players } = this.options;
    switch (recipients.kind) {
      case "all":
        for (const session of [...players.all()]) await this.deliverTo(session, event);
        return;
      case "players":
        for (const id of new Set(recipients.playerIds)) {
          const session = players.ofPlayer(id);
          if (session !== undefined) await this.deliverTo(session, event);
        }
        return;
      case "playerSessions":
        for (const id of recipients.playerSessionIds) {
          const session = players.byPlayerSessionId(id);
          if (session !== undefined) await this.deliverTo(session, event);
        }
        return;
    }
  }

  private async deliverTo(
    session: {
      readonly id: string;
      ended: boolean;
      deliver(seq: number, e: OutboundEvent): void;
      deliverUnreliable(e: OutboundEvent): boolean;
    },
    event: OutboundEvent,
  ): Promise<void> {
    if (!event.reliable) {
      session.deliverUnreliable(event);
      return;
    }
    const { limits, adapter } = this.options;
    const seq = await adapter.replay.append(session.id, event.size, event, {
      count: limits.replayBuffer,
      bytes: limits.replayBufferBytes,
    });
    if (!session.ended) session.deliver(seq, event);
  }
}
