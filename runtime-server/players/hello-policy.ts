/**
 * What a hello is answered before anything is looked up (docs/protocol.md "Player sessions and
 * resume"): a second hello, another protocol version or a schema this server does not serve is
 * refused; a hello without a token is welcomed anonymous; any other needs `authenticate`. Pure, so
 * every answer is testable from a message.
 */
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  type HelloMessage,
  type ResumeFailureReason,
  type WelcomeMessage,
} from "../../protocol/index.js";
import type { PlayerInfo } from "../types.js";

export type HelloVerdict =
  | {
      readonly kind: "refuse";
      readonly code: string;
      readonly message: string;
      readonly closeCode: number;
    }
  /** `reason` when the hello asked to resume: an anonymous connection has nothing to resume. */
  | { readonly kind: "anonymous"; readonly reason: ResumeFailureReason | undefined }
  | { readonly kind: "authenticate"; readonly token: string };

/** `first`: no hello came before on this connection. */
export function judgeHello(hello: HelloMessage, first: boolean, schemas: ReadonlySet<string>): HelloVerdict {
  if (!first) return refuse("BAD_MESSAGE", "A second hello", CLOSE_CODES.PROTOCOL_VIOLATION);
  if (hello.protocol !== PROTOCOL_VERSION) {
    return refuse(
      "BAD_MESSAGE",
      `Unsupported protocol ${hello.protocol}; this server speaks ${PROTOCOL_VERSION}`,
      CLOSE_CODES.PROTOCOL_VIOLATION,
    );
  }
  if (!schemas.has(hello.schema)) {
    return refuse(
      "SCHEMA_MISMATCH",
      "The client was built from a schema this server does not serve",
      CLOSE_CODES.SCHEMA_MISMATCH,
    );
  }
  if (hello.token === undefined) {
    return { kind: "anonymous", reason: hello.resume === undefined ? undefined : "unknown" };
  }
  return { kind: "authenticate", token: hello.token };
}

/** The player an `authenticate` result names, frozen; undefined for a result of the wrong shape. */
export function playerOf(result: unknown): PlayerInfo | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const { playerId, roles } = result as { playerId?: unknown; roles?: unknown };
  if (typeof playerId !== "string" || playerId === "") return undefined;
  const kept = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  return Object.freeze({ id: playerId, roles: Object.freeze(kept) });
}

/** The welcome: a resume token unless anonymous, `reason` when a resume was asked for and failed. */
export function welcomeMessage(
  heartbeatMs: number,
  player: string | null,
  resume: WelcomeMessage["resume"],
  resumed: boolean,
  reason: ResumeFailureReason | undefined,
): WelcomeMessage {
  return {
    type: "welcome",
    protocol: PROTOCOL_VERSION,
    player,
    ...(resume === undefined ? {} : { resume }),
    resumed,
    ...(reason === undefined ? {} : { reason }),
    heartbeatMs,
    serverTime: Date.now(),
  };
}

function refuse(code: string, message: string, closeCode: number): HelloVerdict {
  return { kind: "refuse", code, message, closeCode };
}
