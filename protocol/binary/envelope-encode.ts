/**
 * Messages in wire form → the bytes of docs/protocol.md "Messages". Values are in their TypeScript
 * form (`bigint`, `Uint8Array`); names become indexes. Node-free.
 */
import type {
  AckMessage,
  ErrorMessage,
  HelloMessage,
  PingMessage,
  RpcMessage,
  WelcomeMessage,
  WireError,
} from "../messages.js";
import { Flag, MessageType, type SchemaIndex } from "./envelope.js";
import { writeErrorObject } from "./error-object.js";
import type { BinaryEvent, BinaryMethod } from "./schema.js";
import { BinaryEncodeError, type BinaryWriter } from "./writer.js";

type Fields = Readonly<Record<string, unknown>>;

/** Writes one message (not a batch); `method` names the method a `response` answers. */
export function writeMessage(
  writer: BinaryWriter,
  index: SchemaIndex,
  message: unknown,
  method: string | undefined,
): void {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw new BinaryEncodeError("a message must be an object");
  }
  const fields = message as Fields;
  switch (fields.type) {
    case "rpc":
      writeCall(writer, index, MessageType.rpc, fields as unknown as RpcMessage);
      break;
    case "send":
      writeCall(writer, index, MessageType.send, fields as unknown as RpcMessage);
      break;
    case "response":
      writeResponse(writer, index, fields, method);
      break;
    case "event": {
      const seq = fields.seq as number | undefined;
      writeEvent(writer, index, fields.event as string, fields.data, fields.ts as number, seq);
      break;
    }
    case "hello":
      writeHello(writer, fields as unknown as HelloMessage);
      break;
    case "welcome":
      writeWelcome(writer, fields as unknown as WelcomeMessage);
      break;
    case "error":
      writeError(writer, index, (fields as unknown as ErrorMessage).error);
      break;
    case "ack":
      writer.byte(MessageType.ack);
      writeUintHeader(writer, (fields as unknown as AckMessage).seq);
      break;
    case "ping":
    case "pong":
      writer.byte(fields.type === "ping" ? MessageType.ping : MessageType.pong);
      writer.byte(8); // the header: t as an f64
      writer.f64((fields as unknown as PingMessage).t);
      break;
    default:
      throw new BinaryEncodeError(`no message type ${String(fields.type)}`);
  }
}

function methodAt(index: SchemaIndex, name: unknown): number {
  const at = typeof name === "string" ? index.methodIndex.get(name) : undefined;
  if (at === undefined) throw new BinaryEncodeError(`the schema has no method ${String(name)}`);
  return at;
}

function writeUintHeader(writer: BinaryWriter, value: number): void {
  const header = writer.beginLength();
  writer.uint(value);
  writer.endLength(header);
}

function writeCall(writer: BinaryWriter, index: SchemaIndex, type: number, message: RpcMessage): void {
  const at = methodAt(index, message.method);
  const trace = message.trace;
  writer.byte(type);
  const header = writer.beginLength();
  writer.byte(typeof trace === "string" ? Flag.trace : 0);
  writer.uint(message.id);
  writer.uint(at);
  if (typeof trace === "string") writer.string(trace);
  writer.endLength(header);
  (index.methods[at] as BinaryMethod).params.encode(writer, message.params as never);
}

function writeResponse(
  writer: BinaryWriter,
  index: SchemaIndex,
  message: Fields,
  method: string | undefined,
): void {
  const error = message.error as WireError | undefined;
  // An error may answer a method the schema does not have (NOT_FOUND): its index is then 0.
  const at = method === undefined ? undefined : index.methodIndex.get(method);
  if (error === undefined && at === undefined) {
    throw new BinaryEncodeError(
      method === undefined
        ? "a response's result is encoded by its method's type: pass the method to encode"
        : `the schema has no method ${method}`,
    );
  }
  writer.byte(MessageType.response);
  const header = writer.beginLength();
  const replayed = message.replayed === true ? Flag.responseReplayed : 0;
  writer.byte((error === undefined ? 0 : Flag.responseError) | replayed);
  writer.uint(message.id as number);
  writer.uint(at === undefined ? 0 : at + 1);
  if (error === undefined) {
    writer.endLength(header);
    const result = (index.methods[at as number] as BinaryMethod).result;
    result?.encode(writer, message.result as never);
    return;
  }
  const details = index.errors.get(error.code);
  writeErrorObject(writer, error, details !== undefined);
  writer.endLength(header);
  details?.encode(writer, (error.details ?? {}) as never);
}

function writeError(writer: BinaryWriter, index: SchemaIndex, error: WireError): void {
  writer.byte(MessageType.error);
  const header = writer.beginLength();
  const details = index.errors.get(error.code);
  writeErrorObject(writer, error, details !== undefined);
  writer.endLength(header);
  details?.encode(writer, (error.details ?? {}) as never);
}

/** An event's frame; the per-recipient frames of events.ts are byte for byte the same. */
export function writeEvent(
  writer: BinaryWriter,
  index: SchemaIndex,
  event: string,
  data: unknown,
  ts: number,
  seq: number | undefined,
): void {
  const at = index.eventIndex.get(event);
  if (at === undefined) throw new BinaryEncodeError(`the schema has no event ${event}`);
  writer.byte(MessageType.event);
  const header = writer.beginLength();
  writer.byte(seq === undefined ? 0 : Flag.eventSeq);
  writer.uint(at);
  writer.uint(ts);
  if (seq !== undefined) writer.uint(seq);
  writer.endLength(header);
  (index.events[at] as BinaryEvent).payload.encode(writer, (data ?? {}) as never);
}

function writeHello(writer: BinaryWriter, message: HelloMessage): void {
  const { token, resume } = message;
  writer.byte(MessageType.hello);
  const header = writer.beginLength();
  writer.byte((token === undefined ? 0 : Flag.helloToken) | (resume === undefined ? 0 : Flag.helloResume));
  writer.uint(message.protocol);
  writer.string(message.schema);
  if (token !== undefined) writer.string(token);
  if (resume !== undefined) {
    writer.string(resume.token);
    writer.uint(resume.lastEventSeq);
  }
  writer.endLength(header);
}

function writeWelcome(writer: BinaryWriter, message: WelcomeMessage): void {
  const { player, resume, reason } = message;
  let flags = typeof player === "string" ? Flag.welcomePlayer : 0;
  if (resume !== undefined) flags |= Flag.welcomeResume;
  if (message.resumed) flags |= Flag.welcomeResumed;
  if (reason !== undefined) flags |= Flag.welcomeReason;
  writer.byte(MessageType.welcome);
  const header = writer.beginLength();
  writer.byte(flags);
  writer.uint(message.protocol);
  writer.uint(message.heartbeatMs);
  writer.uint(message.serverTime);
  if (typeof player === "string") writer.string(player);
  if (resume !== undefined) {
    writer.string(resume.token);
    writer.uint(resume.expiresInMs);
  }
  if (reason !== undefined) writer.string(reason);
  writer.endLength(header);
}
