import { describe, expect, it } from "vitest";
import {
  BUILTIN_ERROR_CODES,
  CLIENT_ERROR_CODES,
  CLOSE_CODES,
  errorCodeInfo,
} from "../../protocol/error-codes.js";
import { GameError, gameErrorFromWire, isGameError, toGameError } from "../../protocol/game-error.js";

describe("the error-code catalogs", () => {
  it("flags exactly the documented retryable built-in codes", () => {
    const retryable = Object.entries(BUILTIN_ERROR_CODES)
      .filter(([, info]) => info.retry)
      .map(([code]) => code);
    expect(retryable.sort()).toEqual(["RATE_LIMITED", "SESSION_ELSEWHERE", "TIMEOUT", "UNAVAILABLE"]);
    expect(Object.keys(BUILTIN_ERROR_CODES)).toHaveLength(16);
  });

  it("flags the client-side codes as documented", () => {
    expect(
      Object.fromEntries(Object.entries(CLIENT_ERROR_CODES).map(([code, info]) => [code, info.retry])),
    ).toEqual({
      DEADLINE_EXCEEDED: true,
      CANCELLED: false,
      CONNECTION_LOST: true,
      QUEUE_FULL: true,
      CLIENT_CLOSED: false,
    });
  });

  it("knows nothing of declared codes or inherited property names", () => {
    expect(errorCodeInfo("STUNNED")).toBeUndefined();
    expect(errorCodeInfo("toString")).toBeUndefined();
  });

  it("names every documented close code", () => {
    expect(Object.values(CLOSE_CODES).sort((a, b) => a - b)).toEqual([
      1000, 1001, 1002, 1007, 1009, 4000, 4001, 4002, 4003, 4004, 4008, 4029,
    ]);
  });
});

describe("GameError", () => {
  it("carries code, message, details and the code's retry flag", () => {
    const error = new GameError("STUNNED", "you are stunned", { details: { stunRemainingMs: 300 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("GameError");
    expect([error.code, error.message, error.details, error.retry]).toEqual([
      "STUNNED",
      "you are stunned",
      { stunRemainingMs: 300 },
      false,
    ]);
    expect(new GameError("RATE_LIMITED").retry).toBe(true);
    expect(new GameError("RATE_LIMITED").message).toBe("RATE_LIMITED");
    expect(new GameError("COOLDOWN", "wait", { retry: true }).retry).toBe(true);
  });

  it("turns into the wire error object, details only when present", () => {
    expect(new GameError("TIMEOUT", "slow").toWire()).toEqual({
      code: "TIMEOUT",
      message: "slow",
      retry: true,
    });
    expect(new GameError("X", "m", { details: { a: 1 } }).toWire()).toEqual({
      code: "X",
      message: "m",
      details: { a: 1 },
      retry: false,
    });
  });

  it("comes back from a wire error with the server's retry flag", () => {
    const error = gameErrorFromWire({ code: "UNAVAILABLE", message: "bye", retry: false });
    expect(isGameError(error, "UNAVAILABLE")).toBe(true);
    expect(error.retry).toBe(false);
  });
});

describe("isGameError", () => {
  it("recognises a GameError, optionally by code", () => {
    const error = new GameError("STUNNED");
    expect(isGameError(error)).toBe(true);
    expect(isGameError(error, "STUNNED")).toBe(true);
    expect(isGameError(error, "DEAD")).toBe(false);
    expect(isGameError(new Error("x"))).toBe(false);
    expect(isGameError(null)).toBe(false);
  });

  it("recognises a GameError of another copy of the package by its name", () => {
    class OtherCopyGameError extends Error {
      override readonly name = "GameError";
      readonly code = "CANCELLED";
    }
    expect(isGameError(new OtherCopyGameError(), "CANCELLED")).toBe(true);
  });
});

describe("toGameError", () => {
  it("passes GameErrors through and hides anything else behind INTERNAL", () => {
    const error = new GameError("STUNNED");
    expect(toGameError(error)).toBe(error);
    const secret = new Error("db password is hunter2");
    const internal = toGameError(secret);
    expect([internal.code, internal.message, internal.retry, internal.cause]).toEqual([
      "INTERNAL",
      "internal error",
      false,
      secret,
    ]);
    expect(toGameError("a string").code).toBe("INTERNAL");
  });
});
