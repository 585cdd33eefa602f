/**
 * Builds the model (idl/model.ts) from a checked program. Runs only when the checker found no
 * error, so every type expression has resolved; a gap here is a compiler bug, not a user's.
 */
import type {
  Decorated,
  FieldNode,
  RpcNode,
  SendNode,
  ServiceDeclarationNode,
  TypeNode,
} from "./syntax/ast.js";
import { builtinServices, builtinTypes, DEFAULT_RPC_TIMEOUT_MS } from "./builtins.js";
import type { AttributeSet, CheckContext } from "./checker/context.js";
import { sessionSettingsType } from "./checker/types.js";
import { schemaHash, type HashInput } from "./hash.js";
import {
  MODEL_FORMAT,
  type Documented,
  type ErrorDeclaration,
  type EventDeclaration,
  type Field,
  type Method,
  type Model,
  type Recipients,
  type Service,
  type SessionDeclaration,
  type TypeDeclaration,
  type TypeRef,
} from "./model.js";

export function buildModel(context: CheckContext): Model {
  const settings = sessionSettingsType(context);
  const types: TypeDeclaration[] = [];
  const errors: ErrorDeclaration[] = [];
  const services: Service[] = [];
  let packageName = "";
  let version: number | null = null;
  let session: SessionDeclaration | null = null;

  for (const { document, isRoot } of context.files) {
    for (const declaration of document.declarations) {
      switch (declaration.kind) {
        case "PackageDeclaration":
          if (isRoot) packageName = declaration.name.text;
          break;
        case "VersionDeclaration":
          if (isRoot) version = Number(declaration.value.value);
          break;
        case "ImportDeclaration":
          break;
        case "AliasDeclaration":
          types.push({
            kind: "alias",
            name: declaration.name.text,
            ...documentation(context, declaration),
            type: typeOf(context, declaration.type),
            constraints: attributesOf(context, declaration).constraints,
          });
          break;
        case "EnumDeclaration":
          types.push({
            kind: "enum",
            name: declaration.name.text,
            ...documentation(context, declaration),
            members: declaration.members.map((member) => ({
              name: member.name.text,
              ...documentation(context, member),
            })),
          });
          break;
        case "StructDeclaration":
          types.push({
            kind: "struct",
            name: declaration.name.text,
            ...documentation(context, declaration),
            fields: fieldsOf(context, declaration.fields),
          });
          break;
        case "UnionDeclaration":
          types.push({
            kind: "union",
            name: declaration.name.text,
            ...documentation(context, declaration),
            variants: declaration.variants.map((variant) => ({
              tag: variant.name.text,
              struct: structName(context, variant.type),
              ...documentation(context, variant),
            })),
          });
          break;
        case "ErrorDeclaration":
          errors.push({
            code: declaration.name.text,
            ...documentation(context, declaration),
            fields: fieldsOf(context, declaration.fields ?? []),
            retryable: attributesOf(context, declaration).retryable === true,
          });
          break;
        case "SessionDeclaration": {
          const attributes = attributesOf(context, declaration);
          session = {
            name: declaration.name.text,
            ...documentation(context, declaration),
            settings: settings ?? internalError("a session without a settings struct"),
            maxPlayers: attributes.maxPlayers ?? null,
            joinInProgress: attributes.joinInProgress === true,
          };
          break;
        }
        case "ServiceDeclaration":
          services.push(serviceOf(context, declaration));
          break;
      }
    }
  }
  types.push(...builtinTypes(settings));
  services.push(...builtinServices(settings));

  const withoutHash: HashInput = {
    format: MODEL_FORMAT,
    package: packageName,
    version,
    types,
    errors,
    session,
    services,
  };
  return { ...withoutHash, hash: schemaHash(withoutHash) };
}

function serviceOf(context: CheckContext, declaration: ServiceDeclarationNode): Service {
  const service = declaration.name.text;
  const methods: Method[] = [];
  const events: EventDeclaration[] = [];
  for (const member of declaration.members) {
    if (member.kind === "Event") {
      events.push({
        name: member.name.text,
        fullName: `${service}.${member.name.text}`,
        ...documentation(context, member),
        recipients: member.recipients.text as Recipients,
        reliable: attributesOf(context, member).unreliable !== true,
        fields: fieldsOf(context, member.fields),
      });
    } else {
      methods.push(methodOf(context, service, member));
    }
  }
  return { name: service, ...documentation(context, declaration), builtin: false, methods, events };
}

function methodOf(context: CheckContext, service: string, member: RpcNode | SendNode): Method {
  const attributes = attributesOf(context, member);
  const isRpc = member.kind === "Rpc";
  return {
    kind: isRpc ? "rpc" : "send",
    name: member.name.text,
    fullName: `${service}.${member.name.text}`,
    ...documentation(context, member),
    params: fieldsOf(context, member.params),
    result: isRpc && member.result !== undefined ? typeOf(context, member.result) : null,
    throws: isRpc ? member.throws.map((code) => code.text) : [],
    policy: {
      public: attributes.public === true,
      // docs/language.md "Who may call: `@public`, `@session`, `@host`, `@role`": `@host` implies
      // `@session`.
      session: attributes.session ?? (attributes.host === true ? "member" : "none"),
      host: attributes.host === true,
      roles: attributes.roles,
      rate: attributes.rate ?? null,
      timeoutMs: isRpc ? (attributes.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS) : null,
      queue: attributes.queue ?? null,
    },
  };
}

function fieldsOf(context: CheckContext, fields: readonly FieldNode[]): Field[] {
  return fields.map((field) => ({
    name: field.name.text,
    ...documentation(context, field),
    type: typeOf(context, field.type),
    optional: field.optional,
    constraints: attributesOf(context, field).constraints,
  }));
}

/** Optional texts are absent rather than empty (model.ts conventions). */
function documentation(context: CheckContext, node: Decorated): Documented {
  const deprecated = attributesOf(context, node).deprecated;
  return {
    ...(node.doc === undefined || node.doc === "" ? {} : { doc: node.doc }),
    ...(deprecated === undefined ? {} : { deprecated }),
  };
}

function attributesOf(context: CheckContext, node: Decorated): AttributeSet {
  return context.attributes.get(node) ?? internalError("attributes of an element were not checked");
}

function typeOf(context: CheckContext, node: TypeNode): TypeRef {
  return context.resolved.get(node) ?? internalError("a type expression did not resolve");
}

/** A union variant names its struct, through any aliases (the checker made sure it is one). */
function structName(context: CheckContext, node: TypeNode): string {
  let ref = typeOf(context, node);
  for (let steps = 0; ref.kind === "named"; steps++) {
    const symbol = context.types.get(ref.name);
    if (symbol?.kind !== "user" || symbol.node.kind !== "AliasDeclaration" || steps > context.types.size) {
      return ref.name;
    }
    ref = typeOf(context, symbol.node.type);
  }
  return internalError("a union variant is not a struct");
}

function internalError(reason: string): never {
  throw new Error(reason);
}
