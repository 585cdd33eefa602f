/**
 * Messages between the JSON codec's wire form, in which the vectors are written, and the
 * TypeScript form the binary codec takes and gives (docs/protocol.md "Frames and messages"),
 * through protocol/wire-convert.ts and the generated definition's shapes.
 */
import type { GeneratedVectors } from "./load-generated.js";

type Message = Record<string, unknown>;

/** The shape of the one value a message carries, and the field that carries it. */
function valueOf(
  g: GeneratedVectors,
  message: Message,
  method: string | undefined,
): { field: string; shape: unknown } | undefined {
  const methods = g.definition.methods;
  switch (message.type) {
    case "rpc":
    case "send":
      return { field: "params", shape: methods[message.method as string]?.params ?? null };
    case "response":
      return "result" in message && method !== undefined
        ? { field: "result", shape: methods[method]?.result ?? null }
        : undefined;
    case "event":
      return { field: "data", shape: g.definition.events[message.event as string]?.payload ?? null };
    default:
      return undefined;
  }
}

function convert(
  g: GeneratedVectors,
  message: Message,
  method: string | undefined,
  to: "ts" | "json",
): Message {
  const copy = to === "ts" ? structuredClone<Message>(message) : { ...message };
  const value = valueOf(g, copy, method);
  if (value !== undefined && value.field in copy) {
    const shape = value.shape as Parameters<GeneratedVectors["fromWire"]>[1];
    copy[value.field] =
      to === "ts"
        ? g.fromWire(copy[value.field], shape, g.definition.shapes, "json")
        : g.toWire(copy[value.field], shape, g.definition.shapes, "json");
  }
  return copy;
}

/** One message or a batch; `method` per item for a batch. */
export function toTypeScript(g: GeneratedVectors, message: unknown, method?: unknown): unknown {
  if (Array.isArray(message)) {
    const methods = (method ?? []) as (string | null)[];
    return message.map((item: Message, i) => convert(g, item, methods[i] ?? undefined, "ts"));
  }
  return convert(g, message as Message, method as string | undefined, "ts");
}

export function toJson(g: GeneratedVectors, message: unknown, method?: unknown): unknown {
  if (Array.isArray(message)) {
    const methods = (method ?? []) as (string | null)[];
    return message.map((item: Message, i) => convert(g, item, methods[i] ?? undefined, "json"));
  }
  return convert(g, message as Message, method as string | undefined, "json");
}
