/**
 * What the envelope's encoder and decoder share: the message type numbers and a schema's methods,
 * events and declared errors by wire index and by name (docs/protocol.md "The binary codec").
 * Node-free.
 */
import type { BinaryEvent, BinaryMethod, BinarySchema, ValueCodec } from "./schema.js";

/** docs/protocol.md "Messages": the type each message starts with. */
export const MessageType = {
  batch: 0,
  hello: 1,
  welcome: 2,
  rpc: 3,
  send: 4,
  response: 5,
  event: 6,
  ack: 7,
  ping: 8,
  pong: 9,
  error: 10,
} as const;

/** Header flag bits (docs/protocol.md "Messages"). */
export const Flag = {
  helloToken: 1,
  helloResume: 2,
  welcomePlayer: 1,
  welcomeResume: 2,
  welcomeResumed: 4,
  welcomeReason: 8,
  trace: 1,
  responseError: 1,
  responseReplayed: 2,
  eventSeq: 1,
  errorRetry: 1,
  errorProblems: 2,
  errorRetryAfter: 4,
  errorUrl: 8,
} as const;

/** A schema's lists, with the name lookups built once per codec. */
export interface SchemaIndex {
  readonly methods: readonly BinaryMethod[];
  readonly events: readonly BinaryEvent[];
  readonly methodIndex: ReadonlyMap<string, number>;
  readonly eventIndex: ReadonlyMap<string, number>;
  /** A `Map`, so that `toString` or `__proto__` is no declared code. */
  readonly errors: ReadonlyMap<string, ValueCodec>;
}

export function indexSchema(schema: BinarySchema): SchemaIndex {
  return {
    methods: schema.methods,
    events: schema.events,
    methodIndex: new Map(schema.methods.map((method, index) => [method.name, index])),
    eventIndex: new Map(schema.events.map((event, index) => [event.name, index])),
    errors: new Map(Object.entries(schema.errors)),
  };
}
