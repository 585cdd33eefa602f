/**
 * A copy of application data taken when it is handed to the server (an emitted event's data, a
 * handler's result). The generated validators remove undeclared fields in place, and events are
 * serialized later than they are emitted; on the copy, neither touches nor sees later changes to the
 * application's own objects (docs/server.md "Emitting events": the server sends a snapshot).
 *
 * Arrays and objects are copied (own enumerable keys, as plain objects; a `__proto__` key stays an own
 * data property), `Uint8Array`s too (as plain ones); other values are kept. Past `MAX_DEPTH` values are kept as they
 * are, so a cycle cannot loop forever (the validator then refuses or bounds it).
 */
const MAX_DEPTH = 256;

export function snapshot(value: unknown): unknown {
  return copy(value, 0);
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  // Not `slice()`: a Node Buffer's slice shares its memory.
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((item: unknown) => copy(item, depth + 1));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const item = copy(source[key], depth + 1);
    if (key === "__proto__") {
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = item;
    }
  }
  return out;
}
