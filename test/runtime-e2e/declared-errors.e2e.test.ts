/**
 * docs/server.md "Handlers": what a handler throws reaches the caller only when its method allows
 * it — a declared error of its `throws` with details its validator accepts, or a built-in code a
 * handler may raise, without details. Anything else is INTERNAL, logged at error with the method and
 * the code thrown. Session hooks may still raise any declared error. Through the generated client and
 * server, for each codec.
 */
import { BUILTIN_ERROR_CODES, type BuiltinErrorCode } from "gidl/client";
import { pino } from "pino";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errors, GameError, type PlayHandlers, type SessionHooks } from "./fixtures/generated/server.js";
import { CODECS, createGates, createHandlers, startHarness, type Codec, type Harness } from "./harness.js";

/** docs/server.md: the built-in codes a handler may throw itself. */
const HANDLER_CODES = ["PERMISSION_DENIED", "INVALID_STATE", "NOT_FOUND", "INVALID_ARGUMENT", "UNAVAILABLE"];
const INTERNAL = { code: "INTERNAL", message: "Internal error", retry: false };

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

interface Started {
  readonly h: Harness;
  /** The server's log lines at warn and above, parsed. */
  readonly lines: Record<string, unknown>[];
  /** What `play.count`, `play.fail` and `play.note` throw next. */
  throwNext(value: unknown): void;
  /** `Object.keys(ctx.errors)` of each handler run, by method. */
  readonly offered: Map<string, string[]>;
}

/** The fixture's server, with `count` (no throws), `fail` (throws all three) and `note` (a send) throwing. */
async function start(codec: Codec, sessions: SessionHooks = {}): Promise<Started> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n"))
        if (line !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  let next: unknown = new Error("nothing to throw yet");
  const offered = new Map<string, string[]>();
  const play: PlayHandlers = {
    ...createHandlers(createGates(), { count: new Map(), work: new Map(), notes: [] }),
    count(_params, ctx) {
      offered.set("play.count", Object.keys(ctx.errors));
      throw next;
    },
    fail(_params, ctx) {
      offered.set("play.fail", Object.keys(ctx.errors).sort());
      throw next;
    },
    note() {
      throw next;
    },
  };
  const h = await startHarness(codec, {
    handlers: { play },
    sessions,
    logger: pino({ level: "warn" }, sink),
  });
  harnesses.push(h);
  return {
    h,
    lines,
    throwNext: (value) => {
      next = value;
    },
    offered,
  };
}

/** The rejection of `promise` (which must reject), as the plain fields a caller reads. */
async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const { code, message, details, retry } = error as GameError;
    return details === undefined ? { code, message, retry } : { code, message, details, retry };
  }
  throw new Error("expected the call to fail");
}

describe.each(CODECS)("what a handler throws (%s)", (codec) => {
  it("answers INTERNAL for a declared error its method's throws does not list, and logs the method and code", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    t.throwNext(errors.BUSY({ retryInMs: 5 }, "Busy, try again"));
    expect(await rejection(client.play.count({ key: "k" }))).toEqual(INTERNAL);
    expect(t.lines.filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({
        msg: "handler threw an error its method does not declare",
        method: "play.count",
        player_id: "alice",
        code: "INTERNAL",
        thrown_code: "BUSY",
      }),
    ]);
  });

  it("passes the built-in codes a handler may raise, with the catalog's retry flag", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    for (const code of HANDLER_CODES) {
      const { retry } = BUILTIN_ERROR_CODES[code as BuiltinErrorCode];
      // The handler's own retry flag is overridden, as the schema's is for declared errors.
      t.throwNext(new GameError(code, `refused with ${code}`, { retry: !retry }));
      expect(await rejection(client.play.count({ key: "k" }))).toEqual({
        code,
        message: `refused with ${code}`,
        retry,
      });
    }
    expect(t.lines.filter((line) => line.level === 50)).toEqual([]);
  });

  it("answers INTERNAL for every other built-in code, and logs it", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    const others = Object.keys(BUILTIN_ERROR_CODES).filter(
      (code) => !HANDLER_CODES.includes(code) && code !== "INTERNAL",
    );
    expect(others).toContain("SESSION_ELSEWHERE");
    for (const code of others) {
      const details = code === "SESSION_ELSEWHERE" ? { url: "ws://attacker.example/" } : undefined;
      t.throwNext(new GameError(code, "from a handler", { details }));
      expect(await rejection(client.play.count({ key: "k" }))).toEqual(INTERNAL);
    }
    expect(t.lines.filter((line) => line.level === 50).map((line) => [line.msg, line.thrown_code])).toEqual(
      others.map((code) => ["handler threw a built-in code handlers may not raise", code]),
    );
  });

  it("answers INTERNAL for a built-in code thrown with details", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    t.throwNext(new GameError("NOT_FOUND", "No such chest", { details: { sql: "SELECT * FROM chests" } }));
    const error = await rejection(client.play.count({ key: "k" }));
    expect(error).toEqual(INTERNAL);
    expect(t.lines.find((line) => line.level === 50)).toMatchObject({
      msg: "handler threw details the schema refuses",
      method: "play.count",
      thrown_code: "NOT_FOUND",
      problems: [{ path: "", message: "must be undefined: a handler's built-in code has none" }],
    });
  });

  it("passes declared details its validator accepts, without the fields the schema does not declare", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    const details = { itemId: "sword-9", owner: "the admin's password" };
    t.throwNext(new GameError("NO_SUCH_ITEM", "Gone", { details, retry: true }));
    expect(await rejection(client.play.fail({ kind: "missing" }))).toEqual({
      code: "NO_SUCH_ITEM",
      message: "Gone",
      details: { itemId: "sword-9" },
      retry: false,
    });
    // The validator removed the field from a copy: the handler's own object is as it was.
    expect(details).toEqual({ itemId: "sword-9", owner: "the admin's password" });
    expect(t.lines.filter((line) => line.level === 50)).toEqual([]);
  });

  it("answers INTERNAL for declared details the schema refuses, and logs the problems", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    const cases: [GameError, { path: string; message: string }][] = [
      [
        new GameError("NO_SUCH_ITEM", "x", { details: { itemId: 42 } }),
        { path: "/itemId", message: "must be string" },
      ],
      [new GameError("NO_SUCH_ITEM", "x"), { path: "", message: "must be object" }],
      [
        new GameError("BUSY", "x", { details: { retryInMs: -1 } }),
        { path: "/retryInMs", message: "must be >= 0" },
      ],
      [
        new GameError("FORBIDDEN_MOVE", "x", { details: { why: "internal notes" } }),
        { path: "", message: "must be undefined: the error declares no fields" },
      ],
    ];
    for (const [thrown] of cases) {
      t.throwNext(thrown);
      expect(await rejection(client.play.fail({ kind: "missing" }))).toEqual(INTERNAL);
    }
    expect(t.lines.filter((line) => line.level === 50)).toEqual(
      cases.map(([thrown, problem]): unknown =>
        expect.objectContaining({
          msg: "handler threw details the schema refuses",
          method: "play.fail",
          thrown_code: thrown.code,
          problems: [problem],
        }),
      ),
    );
  });

  it("offers in ctx.errors the errors of the method's throws, and none to a method without", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    t.throwNext(new GameError("UNAVAILABLE", "Later"));
    await rejection(client.play.fail({ kind: "busy" }));
    await rejection(client.play.count({ key: "k" }));
    expect(Object.fromEntries(t.offered)).toEqual({
      "play.fail": ["BUSY", "FORBIDDEN_MOVE", "NO_SUCH_ITEM"],
      "play.count": [],
    });
  });

  it("logs a send's declared error at error, since a send declares none, and a built-in refusal at warn", async () => {
    const t = await start(codec);
    const client = await t.h.connect("alice");
    t.throwNext(errors.NO_SUCH_ITEM({ itemId: "sword-9" }));
    client.play.note({ n: 1 });
    await vi.waitFor(() => {
      expect(t.lines.find((line) => line.method === "play.note")).toMatchObject({
        level: 50,
        msg: "handler threw an error its method does not declare",
        code: "INTERNAL",
        thrown_code: "NO_SUCH_ITEM",
      });
    });
    t.throwNext(new GameError("PERMISSION_DENIED", "Muted"));
    client.play.note({ n: 2 });
    await vi.waitFor(() => {
      expect(t.lines.filter((line) => line.method === "play.note").at(-1)).toMatchObject({
        level: 40,
        msg: "send refused",
        code: "PERMISSION_DENIED",
      });
    });
  });
});

describe.each(CODECS)("what a session hook throws (%s)", (codec) => {
  it("still raises any declared error, which reaches the caller with its details", async () => {
    const t = await start(codec, {
      onJoin(player) {
        if (player.id === "bob") throw errors.BUSY({ retryInMs: 5 }, "The match is busy");
        if (player.id === "carol") throw new GameError("SESSION_FULL", "Only two may play");
      },
    });
    const alice = await t.h.connect("alice");
    const { id } = await alice.session.create({ settings: { mapName: "dust" } });
    const bob = await t.h.connect("bob");
    expect(await rejection(bob.session.join({ sessionId: id }))).toEqual({
      code: "BUSY",
      message: "The match is busy",
      details: { retryInMs: 5 },
      retry: true,
    });
    const carol = await t.h.connect("carol");
    expect(await rejection(carol.session.join({ sessionId: id }))).toMatchObject({ code: "SESSION_FULL" });
    expect(t.lines.filter((line) => line.level === 50)).toEqual([]);
  });

  it("answers INTERNAL for a declared error whose details the schema refuses", async () => {
    const t = await start(codec, {
      onCreate() {
        throw new GameError("NO_SUCH_ITEM", "No map", { details: { itemId: 7 } });
      },
    });
    const alice = await t.h.connect("alice");
    expect(await rejection(alice.session.create({ settings: { mapName: "dust" } }))).toEqual(INTERNAL);
    expect(t.lines.find((line) => line.level === 50)).toMatchObject({
      msg: "handler threw details the schema refuses",
      method: "session.create",
      thrown_code: "NO_SUCH_ITEM",
      problems: [{ path: "/itemId", message: "must be string" }],
    });
  });
});
