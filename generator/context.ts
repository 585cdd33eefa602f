/** What every target receives, and the model lookups several targets share. */
import type { Model, Service, TypeDeclaration } from "../idl/model.js";
import type { HeaderContext } from "./framework/header.js";
import type { Templates } from "./framework/templates.js";

export interface TargetContext {
  readonly model: Model;
  readonly header: HeaderContext;
  readonly templates: Templates;
}

/** The services the application implements: the built-in `session` and `topic` are the runtime's. */
export function userServices(model: Model): Service[] {
  return model.services.filter((service) => !service.builtin);
}

/** Each model's types by name: targets look types up once per use, thousands of times in a large schema. */
const typeIndexes = new WeakMap<Model, ReadonlyMap<string, TypeDeclaration>>();

/** The declaration a `named` type reference points at; the compiler guarantees it exists. */
export function findType(model: Model, name: string): TypeDeclaration {
  let index = typeIndexes.get(model);
  if (index === undefined) {
    index = new Map(model.types.map((type) => [type.name, type]));
    typeIndexes.set(model, index);
  }
  const declaration = index.get(name);
  if (declaration === undefined) throw new Error(`gidl: the model names an unknown type ${name}`);
  return declaration;
}

/** `arena (version 3)`, or `arena` for a schema without a version. */
export function apiTitle(model: Model): string {
  return model.version === null ? model.package : `${model.package} (version ${model.version})`;
}
