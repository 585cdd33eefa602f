/**
 * hello → welcome (docs/protocol.md "Player sessions and resume"): the hello policy's verdict,
 * then `authenticate`, then a resume or a fresh player session. A connection that went away
 * during an await is left alone.
 */
import type { Logger } from "pino";
import { CLOSE_CODES, GameError, type HelloMessage, type ResumeFailureReason } from "../../protocol/index.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { AuthResult, PlayerInfo } from "../types.js";
import { judgeHello, playerOf } from "./hello-policy.js";
import type { PlayerRegistry } from "./player-registry.js";
import type { PlayerConnection } from "./player-session.js";
import type { ResumeService } from "./resume-service.js";

export interface PlayerHandshakeOptions {
  /** The schema hashes this server serves (its own and `acceptSchemas`). */
  readonly schemas: ReadonlySet<string>;
  readonly authenticate: ((token: string) => AuthResult | Promise<AuthResult>) | undefined;
  readonly registry: Pick<PlayerRegistry, "attachAnonymous" | "start">;
  readonly resumes: Pick<ResumeService, "resume">;
  readonly metrics: ServerMetrics | undefined;
  readonly logger: Logger;
}

export class PlayerHandshake {
  constructor(private readonly options: PlayerHandshakeOptions) {}

  async hello(connection: PlayerConnection, hello: HelloMessage): Promise<void> {
    const { registry, resumes, metrics } = this.options;
    const verdict = judgeHello(hello, connection.state === "hello", this.options.schemas);
    if (verdict.kind === "refuse") {
      refuse(connection, verdict.code, verdict.message, verdict.closeCode);
      return;
    }
    if (verdict.kind === "anonymous") {
      registry.attachAnonymous(connection, verdict.reason);
      return;
    }
    const player = await this.authenticate(verdict.token);
    if (connection.isGone()) return;
    if (player === undefined) {
      refuse(connection, "UNAUTHENTICATED", "The token was refused", CLOSE_CODES.UNAUTHENTICATED);
      return;
    }
    let reason: ResumeFailureReason | undefined;
    if (hello.resume !== undefined) {
      const resumed = await resumes.resume(connection, player, hello.resume.token, hello.resume.lastEventSeq);
      if (resumed === true) return;
      reason = resumed;
      metrics?.resumeFailures.inc({ reason });
    }
    if (connection.isGone()) return;
    await registry.start(connection, player, reason);
  }

  /** The player `authenticate` names; undefined when it refused the token or answered nonsense. */
  private async authenticate(token: string): Promise<PlayerInfo | undefined> {
    const authenticate = this.options.authenticate;
    if (authenticate === undefined) return undefined;
    let result: unknown;
    try {
      result = await authenticate(token);
    } catch (error) {
      this.options.logger.debug({ err: error }, "authenticate refused a token");
      return undefined;
    }
    const player = playerOf(result);
    if (player === undefined) {
      this.options.logger.error(
        { result: typeof result },
        "authenticate must return { playerId: string, roles? }",
      );
    }
    return player;
  }
}

function refuse(connection: PlayerConnection, code: string, message: string, closeCode: number): void {
  connection.sendError(new GameError(code, message));
  connection.close(closeCode, message.slice(0, 120));
}
