/**
 * An encoder of docs/protocol.md "The binary codec", written from that page alone and kept as
 * plain as it can be, so that the test vectors it makes can be trusted: no buffers to grow, no
 * fast paths, every varint through bigint. It reads the compiled model and values in the JSON
 * codec's wire form (i64/u64 as decimal strings, bytes as base64), and makes bytes.
 */
import type { Field, Model, TypeDeclaration, TypeRef } from "../../idl/index.js";

export type Bytes = number[];

// ── values (docs/protocol.md "Values") ─────────────────────────────────────────────────────────

export function uvarint(value: bigint | number): Bytes {
  let rest = BigInt(value);
  if (rest < 0n || rest >= 1n << 64n) throw new Error(`${rest} is not a u64`);
  const out: Bytes = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

/** `(n << 1) ^ (n >> 63)` on 64 bits. */
export function zigzag(value: bigint | number): Bytes {
  const n = BigInt(value);
  if (n < -(1n << 63n) || n >= 1n << 63n) throw new Error(`${n} is not an i64`);
  return uvarint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
}

export function f32(value: number): Bytes {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, true);
  return [...new Uint8Array(view.buffer)];
}

export function f64(value: number): Bytes {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return [...new Uint8Array(view.buffer)];
}

export function utf8(text: string): Bytes {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uvarint(bytes.length), ...bytes];
}

export function raw(bytes: Uint8Array | Bytes): Bytes {
  return [...uvarint(bytes.length), ...bytes];
}

export function hex(bytes: Bytes | Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

const INTEGER_RANGES = {
  i8: [-128n, 127n],
  i16: [-32768n, 32767n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 2n ** 32n - 1n],
} as const;

export class ReferenceEncoder {
  /** Full method names sorted by code point: a method's wire index is its position. */
  readonly methods: readonly string[];
  readonly events: readonly string[];
  private readonly types: ReadonlyMap<string, TypeDeclaration>;

  constructor(readonly model: Model) {
    this.types = new Map(model.types.map((type) => [type.name, type]));
    const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    this.methods = model.services.flatMap((s) => s.methods.map((m) => m.fullName)).sort(byCodePoint);
    this.events = model.services.flatMap((s) => s.events.map((e) => e.fullName)).sort(byCodePoint);
  }

  /** A value of a named type. */
  named(name: string, json: unknown): Bytes {
    return this.value({ kind: "named", name }, json);
  }

  value(type: TypeRef, json: unknown): Bytes {
    switch (type.kind) {
      case "list": {
        const items = json as unknown[];
        return [...uvarint(items.length), ...items.flatMap((item) => this.value(type.element, item))];
      }
      case "map": {
        const entries = Object.entries(json as Record<string, unknown>);
        return [
          ...uvarint(entries.length),
          ...entries.flatMap(([key, item]) => [...utf8(key), ...this.value(type.value, item)]),
        ];
      }
      case "primitive":
        return this.primitive(type.name, json);
      case "named":
        return this.declared(this.declaration(type.name), json);
    }
  }

  private primitive(name: string, json: unknown): Bytes {
    switch (name) {
      case "bool":
        if (typeof json !== "boolean") throw new Error(`${String(json)} is not a bool`);
        return [json ? 1 : 0];
      case "i8":
      case "i16":
      case "i32":
      case "u8":
      case "u16":
      case "u32": {
        const [min, max] = INTEGER_RANGES[name];
        if (!Number.isInteger(json) || BigInt(json as number) < min || BigInt(json as number) > max)
          throw new Error(`${String(json)} is not a ${name}`);
        return name.startsWith("i") ? zigzag(json as number) : uvarint(json as number);
      }
      case "i64":
        return zigzag(BigInt(json as string));
      case "u64":
        return uvarint(BigInt(json as string));
      case "f32":
        return f32(json as number);
      case "f64":
        return f64(json as number);
      case "string":
        return utf8(json as string);
      case "bytes":
        return raw(Buffer.from(json as string, "base64"));
      default:
        throw new Error(`unknown primitive ${name}`);
    }
  }

  declaration(name: string): TypeDeclaration {
    const found = this.types.get(name);
    if (found === undefined) throw new Error(`no type ${name}`);
    return found;
  }

  private declared(type: TypeDeclaration, json: unknown): Bytes {
    switch (type.kind) {
      case "alias":
        return this.value(type.type, json);
      case "struct":
        return this.struct(type.fields, json);
      case "enum": {
        const index = type.members.findIndex((member) => member.name === json);
        if (index < 0) throw new Error(`${String(json)} is not a ${type.name}`);
        return uvarint(index);
      }
      case "union": {
        const { kind, ...fields } = json as Record<string, unknown>;
        const index = type.variants.findIndex((variant) => variant.tag === kind);
        const variant = type.variants[index];
        if (variant === undefined) throw new Error(`${String(kind)} is not a ${type.name}`);
        let struct = this.declaration(variant.struct);
        while (struct.kind === "alias" && struct.type.kind === "named")
          struct = this.declaration(struct.type.name);
        if (struct.kind !== "struct") throw new Error(`${variant.struct} is not a struct`);
        return [...uvarint(index), ...this.struct(struct.fields, fields)];
      }
    }
  }

  /** The presence bitmap, then each field present, in declaration order. */
  struct(fields: readonly Field[], json: unknown): Bytes {
    const value = json as Record<string, unknown>;
    const optional = fields.filter((field) => field.optional);
    const bitmap: Bytes = new Array<number>(Math.ceil(optional.length / 8)).fill(0);
    optional.forEach((field, k) => {
      const byte = Math.floor(k / 8);
      if (value[field.name] !== undefined) bitmap[byte] = (bitmap[byte] ?? 0) | (1 << (k % 8));
    });
    const out = [...bitmap];
    for (const field of fields) {
      if (value[field.name] === undefined) {
        if (!field.optional) throw new Error(`the required field ${field.name} is missing`);
        continue;
      }
      out.push(...this.value(field.type, value[field.name]));
    }
    return out;
  }

  // ── messages (docs/protocol.md "Messages") ───────────────────────────────────────────────────

  method(name: string): { index: number; params: readonly Field[]; result: TypeRef | null } {
    const index = this.methods.indexOf(name);
    const method = this.model.services.flatMap((s) => s.methods).find((m) => m.fullName === name);
    if (method === undefined) throw new Error(`no method ${name}`);
    return { index, params: method.params, result: method.result };
  }

  event(name: string): { index: number; fields: readonly Field[] } {
    const event = this.model.services.flatMap((s) => s.events).find((e) => e.fullName === name);
    if (event === undefined) throw new Error(`no event ${name}`);
    return { index: this.events.indexOf(name), fields: event.fields };
  }

  /** One message in the JSON wire form; `method` names the method a `response` answers. */
  message(message: Record<string, unknown>, method?: string): Bytes {
    const m = message as unknown as WireMessage;
    switch (message.type) {
      case "hello": {
        const resume = m.resume as { token: string; lastEventSeq: number } | undefined;
        const flags = (m.token !== undefined ? 1 : 0) | (resume !== undefined ? 2 : 0);
        const header = [...uvarint(flags), ...uvarint(m.protocol), ...utf8(m.schema)];
        if (m.token !== undefined) header.push(...utf8(m.token));
        if (resume !== undefined) header.push(...utf8(resume.token), ...uvarint(resume.lastEventSeq));
        return envelope(1, header);
      }
      case "welcome": {
        const resume = m.resume as { token: string; expiresInMs: number } | undefined;
        const flags =
          (m.player !== null ? 1 : 0) |
          (resume !== undefined ? 2 : 0) |
          (m.resumed ? 4 : 0) |
          (m.reason !== undefined ? 8 : 0);
        const header = [
          ...uvarint(flags),
          ...uvarint(m.protocol),
          ...uvarint(m.heartbeatMs),
          ...uvarint(m.serverTime),
        ];
        if (m.player !== null) header.push(...utf8(m.player));
        if (resume !== undefined) header.push(...utf8(resume.token), ...uvarint(resume.expiresInMs));
        if (m.reason !== undefined) header.push(...utf8(m.reason));
        return envelope(2, header);
      }
      case "rpc":
      case "send": {
        const { index, params } = this.method(m.method);
        const header = [...uvarint(m.trace !== undefined ? 1 : 0), ...uvarint(m.id), ...uvarint(index)];
        if (m.trace !== undefined) header.push(...utf8(m.trace));
        return envelope(message.type === "rpc" ? 3 : 4, header, this.struct(params, m.params));
      }
      case "response": {
        const error = m.error;
        const flags = (error !== undefined ? 1 : 0) | (m.replayed === true ? 2 : 0);
        const known = method === undefined ? undefined : this.method(method);
        if (known === undefined && error === undefined) throw new Error("an ok response needs its method");
        const header = [
          ...uvarint(flags),
          ...uvarint(m.id),
          ...uvarint(known === undefined ? 0 : known.index + 1),
        ];
        if (error !== undefined) {
          const { object, value } = this.errorObject(error);
          return envelope(5, [...header, ...object], value);
        }
        const result = known?.result ?? null;
        return envelope(5, header, result === null ? [] : this.value(result, m.result));
      }
      case "event": {
        const { index, fields } = this.event(m.event);
        const header = [...uvarint(m.seq !== undefined ? 1 : 0), ...uvarint(index), ...uvarint(m.ts)];
        if (m.seq !== undefined) header.push(...uvarint(m.seq));
        return envelope(6, header, this.struct(fields, m.data));
      }
      case "ack":
        return envelope(7, uvarint(m.seq ?? Number.NaN));
      case "ping":
        return envelope(8, f64(m.t));
      case "pong":
        return envelope(9, f64(m.t));
      case "error": {
        if (m.error === undefined) throw new Error("an error message needs its error");
        const { object, value } = this.errorObject(m.error);
        return envelope(10, object, value);
      }
      default:
        throw new Error(`unknown message type ${String(message.type)}`);
    }
  }

  /** The error object (with its length) and the message's value: a declared error's details. */
  errorObject(error: WireErrorJson): { object: Bytes; value: Bytes } {
    const declared = this.model.errors.find((e) => e.code === error.code);
    const details = (error.details ?? {}) as Record<string, unknown>;
    const builtin = declared === undefined ? details : {};
    for (const key of Object.keys(builtin)) {
      if (!["problems", "retryAfterMs", "url"].includes(key)) throw new Error(`details.${key} has no place`);
    }
    const problems = builtin.problems as { path: string; message: string }[] | undefined;
    const retryAfterMs = builtin.retryAfterMs as number | undefined;
    const url = builtin.url as string | undefined;
    const flags =
      (error.retry ? 1 : 0) |
      (problems !== undefined ? 2 : 0) |
      (retryAfterMs !== undefined ? 4 : 0) |
      (url !== undefined ? 8 : 0);
    const fields = [...uvarint(flags), ...utf8(error.code), ...utf8(error.message)];
    if (problems !== undefined) {
      fields.push(...uvarint(problems.length));
      for (const problem of problems) fields.push(...utf8(problem.path), ...utf8(problem.message));
    }
    if (retryAfterMs !== undefined) fields.push(...uvarint(retryAfterMs));
    if (url !== undefined) fields.push(...utf8(url));
    const value = declared === undefined ? [] : this.struct(declared.fields, details);
    return { object: [...uvarint(fields.length), ...fields], value };
  }
}

/** Every field a message of docs/protocol.md may have, in the JSON wire form. */
interface WireMessage {
  readonly type: string;
  readonly protocol: number;
  readonly schema: string;
  readonly token?: string;
  readonly resume?: { readonly token: string; readonly lastEventSeq?: number; readonly expiresInMs?: number };
  readonly player: string | null;
  readonly resumed?: boolean;
  readonly reason?: string;
  readonly heartbeatMs: number;
  readonly serverTime: number;
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
  readonly trace?: string;
  readonly result?: unknown;
  readonly error?: WireErrorJson;
  readonly replayed?: boolean;
  readonly event: string;
  readonly data: unknown;
  readonly seq?: number;
  readonly ts: number;
  readonly t: number;
}

export interface WireErrorJson {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly retry: boolean;
}

/** Type, header length, header, value. */
export function envelope(type: number, header: Bytes, value: Bytes = []): Bytes {
  return [...uvarint(type), ...uvarint(header.length), ...header, ...value];
}

/** Type 0: the count, then each message as its length and its bytes. */
export function batch(messages: readonly Bytes[]): Bytes {
  return [0, ...uvarint(messages.length), ...messages.flatMap((message) => raw(message))];
}
