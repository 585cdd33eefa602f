/**
 * Method lookup (docs/protocol.md "Limits and bad input": names are looked up so that `__proto__`
 * or `toString` is simply NOT_FOUND): a null-prototype map built once from the definition, with
 * what each method's handler may throw (docs/server.md "Handlers").
 */
import type {
  ApiDefinition,
  ApiValidators,
  MethodDefinition,
  MethodPolicy,
  ValidateFunction,
} from "../../protocol/definition.js";
import type { Handler, HandlerContext } from "../types.js";

export type AnyHandler = (params: Record<string, unknown>, ctx: HandlerContext) => unknown;

/** A declared error as a method may raise it: its `@retryable`, and the validator of its details. */
export interface RaisableError {
  readonly retry: boolean;
  /** `undefined` for an error without fields: its details must be `undefined`. */
  readonly validate: ValidateFunction | undefined;
}

export interface MethodEntry {
  readonly name: string;
  readonly definition: MethodDefinition;
  readonly handler: AnyHandler;
  /**
   * The runtime's own `session.*` and `topic.*`: they check their own params when the definition
   * brings no validator, and may answer any built-in code.
   */
  readonly builtin: boolean;
  /** The generated validators of its params and result, looked up once here rather than per call. */
  readonly validateParams: ValidateFunction | undefined;
  readonly validateResult: ValidateFunction | undefined;
  /**
   * The declared errors its handler may raise, by code (null prototype): those of its `throws`, or
   * for a built-in every declared error (its session hooks may raise any).
   */
  readonly raises: Readonly<Record<string, RaisableError>>;
  /** `ctx.errors`: the generated factories of the errors its `throws` declares. */
  readonly errors: Readonly<Record<string, unknown>>;
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

const NO_ERRORS: Readonly<Record<string, unknown>> = Object.freeze({});

export function createMethodTable(
  definition: ApiDefinition,
  handlers: Readonly<Record<string, Readonly<Record<string, Handler>>>>,
  builtins: Readonly<Record<string, AnyHandler>>,
  validators: ApiValidators,
  errorFactories: Readonly<Record<string, unknown>>,
): MethodTable {
  const { methods } = definition;
  const table = Object.create(null) as Record<string, MethodEntry>;
  const validatorsOf = (name: string) => ({
    validateParams: Object.hasOwn(validators.params, name) ? validators.params[name] : undefined,
    validateResult: Object.hasOwn(validators.results, name) ? validators.results[name] : undefined,
  });
  const raisable = (codes: readonly string[]): Record<string, RaisableError> => {
    const raises = Object.create(null) as Record<string, RaisableError>;
    for (const code of codes) {
      const declared = Object.hasOwn(definition.errors, code) ? definition.errors[code] : undefined;
      if (declared === undefined) continue;
      const validate = Object.hasOwn(validators.errors, code) ? validators.errors[code] : undefined;
      raises[code] = { retry: declared.retryable, validate };
    }
    return raises;
  };
  const everyDeclared = raisable(Object.keys(definition.errors));
  for (const [name, handler] of Object.entries(builtins)) {
    const builtinDeclaration = Object.hasOwn(methods, name) ? methods[name] : undefined;
    table[name] = {
      name,
      definition: builtinDeclaration ?? builtinDefinition(),
      handler,
      builtin: true,
      ...validatorsOf(name),
      raises: everyDeclared,
      errors: NO_ERRORS,
    };
  }
  for (const [name, method] of Object.entries(methods)) {
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
      definition: method,
      handler: handler as unknown as AnyHandler,
      builtin: false,
      ...validatorsOf(name),
      raises: raisable(method.throws),
      errors: pickErrors(errorFactories, method.throws),
    };
  }
  return table;
}

/** The factories of `codes` (those the generated code has), as one frozen object per method. */
function pickErrors(
  factories: Readonly<Record<string, unknown>>,
  codes: readonly string[],
): Readonly<Record<string, unknown>> {
  const picked = codes.filter((code) => Object.hasOwn(factories, code));
  if (picked.length === 0) return NO_ERRORS;
  return Object.freeze(Object.fromEntries(picked.map((code) => [code, factories[code]])));
}
