/**
 * The bytes of docs/protocol.md "Messages" → the message objects JSON decoding gives, values in
 * their TypeScript form. A frame whose type or batch framing cannot be read is a `CodecError`; an
 * item that cannot be read is an `UndecodableMessage` (with the rpc's id once its header gave one),
 * so that it does not spoil the rest of its batch (docs/protocol.md "Bad frames"). Node-free.
 */
import { CodecError } from "../codec.js";
import { InvalidValue, isMessageId, UndecodableMessage } from "../messages.js";
import { Flag, MessageType, type SchemaIndex } from "./envelope.js";
import { readErrorObject, type DecodedError } from "./error-object.js";
import { BinaryFrameError, BinaryValueError, type BinaryReader } from "./reader.js";

/** Decodes a whole frame (`reader` is the codec's, loaded here). */
export function decodeFrame(reader: BinaryReader, index: SchemaIndex, frame: Uint8Array): unknown {
  if (frame.length === 0) throw new CodecError("an empty frame");
  reader.load(frame);
  let type: number;
  try {
    type = reader.uint();
  } catch (error) {
    throw frameError(error);
  }
  return type === MessageType.batch
    ? readBatch(reader, index, frame.length)
    : readMessage(reader, index, type, frame.length);
}

function frameError(error: unknown): unknown {
  return error instanceof BinaryFrameError ? new CodecError(error.message, { cause: error }) : error;
}

function readBatch(reader: BinaryReader, index: SchemaIndex, end: number): unknown[] {
  const messages: unknown[] = [];
  try {
    for (let count = reader.count(); count > 0; count--) {
      const length = reader.count();
      const itemEnd = reader.offset + length;
      messages.push(readItem(reader, index, itemEnd));
      reader.offset = itemEnd;
      reader.end = end;
      reader.part = "the message";
    }
  } catch (error) {
    throw frameError(error);
  }
  if (reader.offset !== end)
    throw new CodecError(`bytes after the batch's last item (at byte ${reader.offset})`);
  return messages;
}

function readItem(reader: BinaryReader, index: SchemaIndex, end: number): unknown {
  const start = reader.offset;
  reader.end = end;
  let type: number;
  try {
    type = reader.uint();
  } catch (error) {
    return undecodable(error, undefined);
  }
  if (type === MessageType.batch) return new UndecodableMessage(`a batch in a batch (at byte ${start})`);
  return readMessage(reader, index, type, end);
}

function undecodable(error: unknown, id: number | undefined): UndecodableMessage {
  // A decoder's own bug is still the peer's bad frame to this connection, never a crash.
  const reason =
    error instanceof BinaryFrameError || error instanceof BinaryValueError
      ? error.message
      : `the message could not be read: ${error instanceof Error ? error.message : String(error)}`;
  return new UndecodableMessage(reason, isMessageId(id) ? id : undefined);
}

/** One message of `type` from the reader's offset to `end`. */
function readMessage(reader: BinaryReader, index: SchemaIndex, type: number, end: number): unknown {
  if (type > MessageType.error) {
    return new UndecodableMessage(`an unknown message type ${type} (at byte ${reader.offset})`);
  }
  let id: number | undefined;
  try {
    const headerEnd = openHeader(reader);
    switch (type) {
      case MessageType.rpc:
      case MessageType.send: {
        const flags = reader.uint();
        id = reader.uint();
        return readCall(reader, index, type === MessageType.rpc ? "rpc" : "send", flags, id, headerEnd, end);
      }
      case MessageType.response: {
        const flags = reader.uint();
        id = reader.uint();
        return readResponse(reader, index, flags, id, headerEnd, end);
      }
      case MessageType.event:
        return readEvent(reader, index, headerEnd, end);
      case MessageType.hello:
        return readHello(reader, headerEnd, end);
      case MessageType.welcome:
        return readWelcome(reader, headerEnd, end);
      case MessageType.error: {
        const error = readErrorObject(reader);
        closeHeader(reader, headerEnd, end);
        readDetails(reader, index, error);
        finish(reader, end);
        return { type: "error", error };
      }
      case MessageType.ack: {
        const seq = reader.uint();
        closeHeader(reader, headerEnd, end);
        finish(reader, end);
        return { type: "ack", seq };
      }
      default: {
        const t = reader.f64();
        closeHeader(reader, headerEnd, end);
        finish(reader, end);
        return { type: type === MessageType.ping ? "ping" : "pong", t };
      }
    }
  } catch (error) {
    // A send is never answered by id: a bad one gets an `error` message (docs/protocol.md "Bad frames").
    return undecodable(error, type === MessageType.send ? undefined : id);
  }
}

/** Reads the header's length and confines reading to it; returns where it ends. */
function openHeader(reader: BinaryReader): number {
  const length = reader.count();
  const headerEnd = reader.offset + length;
  reader.end = headerEnd;
  reader.part = "the header";
  return headerEnd;
}

/** Skips the header fields this decoder does not know (a newer peer's) and opens the value. */
function closeHeader(reader: BinaryReader, headerEnd: number, end: number): void {
  reader.offset = headerEnd;
  reader.end = end;
  reader.part = "the message";
}

function readValue(reader: BinaryReader, decode: (reader: BinaryReader) => unknown): unknown {
  reader.depth = 0;
  return decode(reader);
}

/**
 * A declared error's details, from the value. One without fields takes no bytes (a field takes at
 * least one, as does a bitmap) and has no `details`, as when a server sends it on JSON.
 */
function readDetails(reader: BinaryReader, index: SchemaIndex, error: DecodedError): void {
  const codec = index.errors.get(error.code);
  if (codec === undefined) return;
  const start = reader.offset;
  const details = readValue(reader, codec.decode);
  if (reader.offset !== start) error.details = details;
}

/** The value, or the header of a message without one, must end where the message does. */
function finish(reader: BinaryReader, end: number): void {
  const extra = end - reader.offset;
  if (extra !== 0) reader.fail(`${extra === 1 ? "a byte" : `${extra} bytes`} after the message's last field`);
}

function readCall(
  reader: BinaryReader,
  index: SchemaIndex,
  type: "rpc" | "send",
  flags: number,
  id: number,
  headerEnd: number,
  end: number,
): unknown {
  const at = reader.uint();
  const trace = flags & Flag.trace ? reader.string() : undefined;
  closeHeader(reader, headerEnd, end);
  const method = index.methods[at];
  let name: string;
  let params: unknown;
  if (method === undefined) {
    // docs/protocol.md "Messages": answered NOT_FOUND, its value skipped.
    name = `#${at}`;
    params = {};
    reader.offset = end;
  } else {
    name = method.name;
    try {
      params = readValue(reader, method.params.decode);
      finish(reader, end);
    } catch (error) {
      if (!(error instanceof BinaryValueError)) throw error;
      params = new InvalidValue([{ path: error.path, message: error.problem }]);
    }
  }
  return trace === undefined ? { type, id, method: name, params } : { type, id, method: name, params, trace };
}

function readResponse(
  reader: BinaryReader,
  index: SchemaIndex,
  flags: number,
  id: number,
  headerEnd: number,
  end: number,
): unknown {
  const methodNumber = reader.uint();
  const error = flags & Flag.responseError ? readErrorObject(reader) : undefined;
  closeHeader(reader, headerEnd, end);
  const replayed = (flags & Flag.responseReplayed) !== 0;
  if (error === undefined) {
    const method = index.methods[methodNumber - 1];
    if (method === undefined) {
      reader.fail(
        methodNumber === 0
          ? "a response with a result needs its method"
          : `a response to method index ${methodNumber - 1}, past the schema's methods`,
      );
    }
    const result = method.result === null ? null : readValue(reader, method.result.decode);
    finish(reader, end);
    return replayed ? { type: "response", id, result, replayed } : { type: "response", id, result };
  }
  readDetails(reader, index, error);
  finish(reader, end);
  return replayed ? { type: "response", id, error, replayed } : { type: "response", id, error };
}

function readEvent(reader: BinaryReader, index: SchemaIndex, headerEnd: number, end: number): unknown {
  const flags = reader.uint();
  const at = reader.uint();
  const ts = reader.uint();
  const seq = flags & Flag.eventSeq ? reader.uint() : undefined;
  closeHeader(reader, headerEnd, end);
  const event = index.events[at];
  let data: unknown = null;
  if (event === undefined) {
    // docs/protocol.md "Messages": a client ignores it, as it ignores an event name it does not know.
    reader.offset = end;
  } else {
    data = readValue(reader, event.payload.decode);
    finish(reader, end);
  }
  const name = event === undefined ? `#${at}` : event.name;
  return seq === undefined
    ? { type: "event", event: name, ts, data }
    : { type: "event", event: name, ts, data, seq };
}

function readHello(reader: BinaryReader, headerEnd: number, end: number): unknown {
  const flags = reader.uint();
  const hello: Record<string, unknown> = { type: "hello", protocol: reader.uint(), schema: reader.string() };
  if (flags & Flag.helloToken) hello.token = reader.string();
  if (flags & Flag.helloResume) hello.resume = { token: reader.string(), lastEventSeq: reader.uint() };
  closeHeader(reader, headerEnd, end);
  finish(reader, end);
  return hello;
}

function readWelcome(reader: BinaryReader, headerEnd: number, end: number): unknown {
  const flags = reader.uint();
  const protocol = reader.uint();
  const heartbeatMs = reader.uint();
  const serverTime = reader.uint();
  const player = flags & Flag.welcomePlayer ? reader.string() : null;
  const welcome: Record<string, unknown> = { type: "welcome", protocol, player };
  if (flags & Flag.welcomeResume) welcome.resume = { token: reader.string(), expiresInMs: reader.uint() };
  welcome.resumed = (flags & Flag.welcomeResumed) !== 0;
  if (flags & Flag.welcomeReason) welcome.reason = reader.string();
  welcome.heartbeatMs = heartbeatMs;
  welcome.serverTime = serverTime;
  closeHeader(reader, headerEnd, end);
  finish(reader, end);
  return welcome;
}
