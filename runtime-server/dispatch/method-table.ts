/**
 * Method lookup (PROTOCOL.md "Limits and bad input": names are looked up so that `__proto__` or
 * `toString` is simply NOT_FOUND): a null-prototype map built once from the definition.
 */
import type {
  ApiValidators,
  MethodDefinition,
  MethodPolicy,
  ValidateFunction,
} from "../../runtime-client/protocol/definition.js";
import type { Handler, HandlerContext } from "../types.js";

export type AnyHandler = (params: Record<string, unknown>, ctx: HandlerContext) => unknown;

export interface MethodEntry {
  readonly name: string;
  readonly definition: MethodDefinition;
  readonly handler: AnyHandler;
  /** Built-ins (session.*, topic.*) check their own params when the definition brings no validator. */
  readonly builtin: boolean;
  /** The generated validators of its params and result, looked up once here rather than per call. */
  readonly validateParams: ValidateFunction | undefined;
  readonly validateResult: ValidateFunction | undefined;
}

export type MethodTable = Readonly<Record<string, MethodEntry | undefined>>;

const MEMBER_POLICY: MethodPolicy = {
  public: false,
  session: "none",
  host: false,
  roles: [],
  rate: null,
  timeoutMs: 10000,
  queue: null,
};

/** The definition a built-in gets when a (hand-written) definition leaves it out. */
export function builtinDefinition(): MethodDefinition {
  return { kind: "rpc", policy: MEMBER_POLICY, throws: [], params: null, result: null };
}

export function createMethodTable(
  methods: Readonly<Record<string, MethodDefinition>>,
  handlers: Readonly<Record<string, Readonly<Record<string, Handler>>>>,
  builtins: Readonly<Record<string, AnyHandler>>,
  validators: ApiValidators,
): MethodTable {
  const table = Object.create(null) as Record<string, MethodEntry>;
  const validatorsOf = (name: string) => ({
    validateParams: Object.hasOwn(validators.params, name) ? validators.params[name] : undefined,
    validateResult: Object.hasOwn(validators.results, name) ? validators.results[name] : undefined,
  });
  for (const [name, handler] of Object.entries(builtins)) {
    const definition = Object.hasOwn(methods, name) ? methods[name] : undefined;
    table[name] = {
      name,
      definition: definition ?? builtinDefinition(),
      handler,
      builtin: true,
      ...validatorsOf(name),
    };
  }
  for (const [name, definition] of Object.entries(methods)) {
    if (Object.hasOwn(builtins, name)) continue;
    const dot = name.indexOf(".");
    const service = name.slice(0, dot);
    const member = name.slice(dot + 1);
    const serviceHandlers = Object.hasOwn(handlers, service) ? handlers[service] : undefined;
    const handler =
      serviceHandlers !== undefined && Object.hasOwn(serviceHandlers, member)
        ? serviceHandlers[member]
        : undefined;
    if (typeof handler !== "function")
      throw new TypeError(`No handler for ${name}: handlers.${service}.${member}`);
    table[name] = {
      name,
      definition,
      handler: handler as unknown as AnyHandler,
      builtin: false,
      ...validatorsOf(name),
    };
  }
  return table;
}
