/**
 * server.ts: a handler interface per service, typed emit facades and `createServer()`, which hands
 * the definition, the validators and the handlers to gidl/server (the runtime seam).
 */
import type { EventDeclaration, Method, Recipients } from "../../idl/model.js";
import { userServices, type TargetContext } from "../context.js";
import { createGeneratedFile, type GeneratedFile, type OutputFile } from "../framework/generated-file.js";
import { jsdocLines } from "../framework/jsdoc.js";
import { layoutParameters } from "../framework/layout.js";
import {
  contextEmitTypeName,
  emitTypeName,
  eventTypeName,
  handlersTypeName,
  paramsTypeName,
  resultTypeName,
} from "../framework/naming.js";

const position = "{ x: number; y: number }";

/** How each kind of recipients is addressed, anywhere and in a handler (docs/server.md "Emitting events"). */
const targets: Record<
  Recipients,
  { params: string[]; target: string; contextParams: string[]; contextTarget: string }
> = {
  session: {
    params: ["sessionId: string"],
    target: `{ to: "session", sessionId }`,
    // docs/server.md "Emitting events": inside a handler, ctx.emit omits the session: the caller's is used.
    contextParams: [],
    contextTarget: `{ to: "session" }`,
  },
  players: {
    params: ["playerIds: readonly string[]"],
    target: `{ to: "players", playerIds }`,
    contextParams: ["playerIds: readonly string[]"],
    contextTarget: `{ to: "players", playerIds }`,
  },
  area: {
    params: ["sessionId: string", `origin: ${position}`, "radius: number"],
    target: `{ to: "area", sessionId, origin, radius }`,
    contextParams: [`origin: ${position}`, "radius: number"],
    contextTarget: `{ to: "area", origin, radius }`,
  },
  topic: {
    params: ["topic: string"],
    target: `{ to: "topic", topic }`,
    contextParams: ["topic: string"],
    contextTarget: `{ to: "topic", topic }`,
  },
  all: { params: [], target: `{ to: "all" }`, contextParams: [], contextTarget: `{ to: "all" }` },
};

export function generateServer(context: TargetContext): OutputFile {
  const file = createGeneratedFile("server.ts", context.header);
  file.importValue("createGameServer", "gidl/server");
  for (const name of ["GameServer", "GameServerConfig", "HandlerContext", "ServerOptions"])
    file.importType(name, "gidl/server");
  file.importValue("definition", "./definition.js");
  file.importValue("errors", "./types.js");
  file.importType("ErrorCode", "./types.js");
  file.importValue("validators", "./validators.js");

  const services = userServices(context.model);
  const emitting = services.filter((service) => service.events.length > 0);
  const view = {
    services: services.map((service) => ({
      jsdoc: jsdocLines(service, `service ${service.name}`),
      name: service.name,
      handlersType: handlersTypeName(service),
      handlers: service.methods.map((method) => handlerView(file, method)),
    })),
    emitting: emitting.map((service) => ({
      name: service.name,
      emitType: emitTypeName(service),
      contextEmitType: contextEmitTypeName(service),
      events: service.events.map((event) => eventView(file, event)),
    })),
  };
  file.print(context.templates.render("server.ts.hbs", view));
  return file.toOutputFile();
}

function handlerView(file: GeneratedFile, method: Method) {
  const params = file.importType(paramsTypeName(method), "./types.js");
  const result = method.kind === "rpc" ? file.importType(resultTypeName(method), "./types.js") : "void";
  // docs/server.md "Handlers": ctx.errors offers the method's own declared errors, and no others.
  const context =
    method.throws.length === 0
      ? "Context"
      : `Context<${method.throws.map((code) => JSON.stringify(code)).join(" | ")}>`;
  return {
    jsdoc: jsdocLines(method, `${method.kind} ${method.fullName}`),
    // docs/server.md "Handlers": a value or a promise of one; a send's return value is ignored.
    signature: layoutParameters(
      "  ",
      method.name,
      [`params: ${params}`, `ctx: ${context}`],
      `: ${result} | Promise<${result}>;`,
    ),
  };
}

function eventView(file: GeneratedFile, event: EventDeclaration) {
  const payload = file.importType(eventTypeName(event), "./types.js");
  const target = targets[event.recipients];
  const names = (params: readonly string[]) => params.map((param) => param.split(":")[0]).join(", ");
  return {
    jsdoc: jsdocLines(event, `event ${event.fullName}`),
    name: event.name,
    fullName: JSON.stringify(event.fullName),
    signature: layoutParameters("  ", event.name, [...target.params, `data: ${payload}`], ": void;"),
    args: [
      ...names(target.params)
        .split(", ")
        .filter((name) => name !== ""),
      "data",
    ].join(", "),
    target: target.target,
    contextSignature: layoutParameters(
      "  ",
      event.name,
      [...target.contextParams, `data: ${payload}`],
      ": void;",
    ),
    contextArgs: [
      ...names(target.contextParams)
        .split(", ")
        .filter((name) => name !== ""),
      "data",
    ].join(", "),
    contextTarget: target.contextTarget,
  };
}
