/**
 * emitEvent → recipients → fan-out → each recipient's seq and socket (docs/protocol.md "Events, ordering
 * and replay"). Emits are processed one after another, so every player receives events in the
 * order the server emitted them, whatever lookups a target needs.
 */
import type { Logger } from "pino";
import type { ApiDefinition, ApiValidators } from "../../protocol/definition.js";
import { toProblems } from "../../protocol/index.js";
import type { FanoutRecipients, ServerAdapter } from "../adapters/adapter.js";
import type { Limits } from "../limits.js";
import type { LocalPlayers } from "../players/local-players.js";
import { PlayerMove } from "../players/player-move.js";
import { PresenceChange } from "../sessions/presence-change.js";
import type { EventTarget } from "../types.js";
import { OutboundEvent } from "./outbound-event.js";
import { snapshot } from "./snapshot.js";

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
  /** Messages between processes about players moving, handled in order with the events. */
  readonly onMove?: (move: PlayerMove) => Promise<void>;
  /** A member's connection changing on another process, for the owner of its game session. */
  readonly onPresence?: (change: PresenceChange) => Promise<void>;
}

export class EventRouter {
  private emitTail: Promise<void> = Promise.resolve();
  private deliverTail: Promise<void> = Promise.resolve();
  /** Emits and deliveries queued and not finished; at 0, `flushed()` has nothing to wait for. */
  private inFlight = 0;
  private readonly unsubscribe: () => void;
  private readonly replayBounds: { readonly count: number; readonly bytes: number };

  /** A move or presence change of another process that failed here is logged; the queue goes on. */
  private readonly moveFailed = (error: unknown): void => {
    this.options.logger.error({ err: error }, "player move from another process failed");
  };
  private readonly presenceFailed = (error: unknown): void => {
    this.options.logger.error({ err: error }, "presence change from another process failed");
  };

  constructor(private readonly options: EventRouterOptions) {
    this.replayBounds = { count: options.limits.replayBuffer, bytes: options.limits.replayBufferBytes };
    this.unsubscribe = options.adapter.fanout.subscribe((recipients, event) => {
      if (event instanceof PlayerMove) {
        const onMove = options.onMove;
        if (onMove !== undefined)
          this.deliverTail = this.deliverTail.then(() => onMove(event)).catch(this.moveFailed);
        return;
      }
      if (event instanceof PresenceChange) {
        const onPresence = options.onPresence;
        if (onPresence !== undefined)
          this.deliverTail = this.deliverTail.then(() => onPresence(event)).catch(this.presenceFailed);
        return;
      }
      if (!(event instanceof OutboundEvent)) return;
      this.inFlight++;
      this.deliverTail = this.deliverTail.then(async () => {
        try {
          await this.deliverLocally(recipients, event);
        } catch (error) {
          options.logger.error({ err: error, event: event.name }, "event delivery failed");
        } finally {
          this.inFlight--;
        }
      });
    });
  }

  /**
   * True when every event emitted so far has reached its recipients: a caller may skip awaiting
   * `flushed()` (an rpc's response waits for its handler's events; most handlers emit none).
   */
  get idle(): boolean {
    return this.inFlight === 0;
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
    // The validator strips undeclared fields in place, and the event is serialized later: both work on
    // a snapshot, so the caller's object is never changed and later changes to it are not sent.
    const copy = snapshot(data);
    if (validate !== undefined && !validate(copy)) {
      const problems = toProblems(validate.errors)
        .map((p) => `${p.path === "" ? "data" : p.path} ${p.message}`)
        .join("; ");
      throw new TypeError(`Event "${fullName}" has invalid data: ${problems}`);
    }
    this.enqueue(fullName, copy, () => this.resolve(target));
  }

  /**
   * Built-in events (`session.*`) to explicit players: docs/protocol.md "Game sessions" sends `playerLeft` to the player
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
    this.inFlight++;
    this.emitTail = this.emitTail.then(async () => {
      try {
        const recipients = await resolve();
        if (recipients !== undefined) await this.options.adapter.fanout.publish(recipients, event);
      } catch (error) {
        this.options.logger.error({ err: error, event: fullName }, "event fan-out failed");
      } finally {
        this.inFlight--;
      }
    });
  }

  /**
   * Sends a player move or a presence change to every process, in order with the events emitted
   * before it.
   */
  publishToProcesses(message: PlayerMove | PresenceChange): Promise<void> {
    const published = this.emitTail.then(() => this.options.adapter.fanout.publish({ kind: "all" }, message));
    this.emitTail = published.catch(() => undefined);
    return published;
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
        return members === undefined ? undefined : { kind: "players", playerIds: members, distinct: true };
      }
      case "area": {
        const within = this.options.sessions.within(target.sessionId, target.origin, target.radius);
        return within === undefined ? undefined : { kind: "players", playerIds: within, distinct: true };
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
    // A delivery awaits only when the replay store is not in this process (docs/contributing.md "Hot paths": no
    // promise and microtask hop per recipient of a broadcast).
    switch (recipients.kind) {
      case "all":
        for (const session of [...players.all()]) {
          const pending = this.deliverTo(session, event);
          if (pending !== undefined) await pending;
        }
        return;
      case "players":
        // An application's list may name a player twice; each player gets the event once.
        for (const id of recipients.distinct === true
          ? recipients.playerIds
          : new Set(recipients.playerIds)) {
          const session = players.ofPlayer(id);
          const pending = session === undefined ? undefined : this.deliverTo(session, event);
          if (pending !== undefined) await pending;
        }
        return;
      case "playerSessions":
        for (const id of recipients.playerSessionIds) {
          const session = players.byPlayerSessionId(id);
          const pending = session === undefined ? undefined : this.deliverTo(session, event);
          if (pending !== undefined) await pending;
        }
        return;
    }
  }

  /** Buffers a reliable event for replay (its seq) and sends it; a promise only for a remote store. */
  private deliverTo(session: Recipient, event: OutboundEvent): Promise<void> | undefined {
    if (session.holding !== null) {
      if (event.reliable) session.holding.push(event);
      return undefined;
    }
    if (!event.reliable) {
      session.deliverUnreliable(event);
      return undefined;
    }
    const { replay } = this.options.adapter;
    if (replay.appendNow !== undefined) {
      const seq = replay.appendNow(session.id, event.size, event, this.replayBounds);
      if (!session.ended) session.deliver(seq, event);
      return undefined;
    }
    return replay.append(session.id, event.size, event, this.replayBounds).then((seq) => {
      if (!session.ended) session.deliver(seq, event);
    });
  }
}

interface Recipient {
  readonly id: string;
  readonly holding: OutboundEvent[] | null;
  ended: boolean;
  deliver(seq: number, e: OutboundEvent): void;
  deliverUnreliable(e: OutboundEvent): boolean;
}
