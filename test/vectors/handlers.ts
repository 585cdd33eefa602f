/**
 * Handlers for the server generated from binary.gidl: enough to answer the good calls the tests
 * make after each bad frame (`shop.probe` returns its `loot`), and every other method of the schema.
 */
type Handler = (params: never) => unknown;

/** `methods`: the full names of the schema's methods (built-in ones are the runtime's). */
export function createVectorHandlers(methods: readonly string[]): Record<string, Record<string, Handler>> {
  const values: Record<string, Handler> = {};
  for (const name of methods.filter((m) => m.startsWith("values."))) {
    values[name.slice("values.".length)] = () => {
      throw new Error("not called by the tests");
    };
  }
  return {
    shop: {
      echo: (params: { value: unknown }) => params.value,
      probe: (params: { loot: unknown }) => params.loot,
      buy: (params: { count: number }) => ({ kind: "coin", value: params.count }),
      grow: () => 0,
      nine: (params: { value: unknown }) => params.value,
      reset: () => undefined,
      move: () => undefined,
    },
    values,
  };
}
