/**
 * definition.ts: the `ApiDefinition` that generated code hands to gidl/server and gidl/client
 * (the seam: protocol/definition.ts). Node-free.
 */
import type { ApiDefinition, EventDefinition, MethodDefinition } from "../../protocol/definition.js";
import { apiTitle, type TargetContext } from "../context.js";
import { createGeneratedFile, type OutputFile } from "../framework/generated-file.js";
import { jsdocLines } from "../framework/jsdoc.js";
import { printLiteral, type LiteralValue } from "../framework/literal.js";
import { createWireShapes } from "./wire-shapes.js";

export function generateDefinition(context: TargetContext): OutputFile {
  const { model } = context;
  const shapes = createWireShapes(model);
  const methods: Record<string, MethodDefinition> = {};
  const events: Record<string, EventDefinition> = {};
  for (const service of model.services) {
    for (const method of service.methods) {
      methods[method.fullName] = {
        kind: method.kind,
        policy: method.policy,
        throws: method.throws,
        params: shapes.ofFields(method.params),
        result: method.result === null ? null : shapes.ofType(method.result),
      };
    }
    for (const event of service.events) {
      events[event.fullName] = {
        recipients: event.recipients,
        reliable: event.reliable,
        payload: shapes.ofFields(event.fields),
      };
    }
  }
  const definition: ApiDefinition = {
    package: model.package,
    version: model.version,
    hash: model.hash,
    methods,
    events,
    errors: Object.fromEntries(model.errors.map((error) => [error.code, { retryable: error.retryable }])),
    shapes: shapes.named(),
    session:
      model.session === null
        ? null
        : { maxPlayers: model.session.maxPlayers, joinInProgress: model.session.joinInProgress },
  };

  const file = createGeneratedFile("definition.ts", context.header);
  file.importType("ApiDefinition", "gidl/protocol");
  file.importValue("binary", "./binary.js");
  const view = {
    jsdoc: jsdocLines(
      { doc: `How ${apiTitle(model)} travels on the wire: all that gidl/server and gidl/client read of it.` },
      `package ${model.package}`,
    ),
    definition: withBinary(
      printLiteral(toLiteral(definition), "", "export const definition: ApiDefinition = ", ";"),
    ),
  };
  file.print(context.templates.render("definition.ts.hbs", view));
  return file.toOutputFile();
}

/**
 * `binary,` (the generated binary.ts) before `session`, in the field order of `ApiDefinition`: the
 * one field that is code, not data. The definition always spans lines (it lists every method).
 */
function withBinary(printed: string): string {
  const at = printed.lastIndexOf("\n  session: ");
  if (at < 0) throw new Error("gidl internal error: the definition has no session line");
  return `${printed.slice(0, at)}\n  binary,${printed.slice(at)}`;
}

/** The definition is plain data already; this only tells the type checker so. */
function toLiteral(definition: ApiDefinition): LiteralValue {
  return JSON.parse(JSON.stringify(definition)) as LiteralValue;
}
