/**
 * client.ts: `createClient()`, with one typed namespace per service (built-in `session` and `topic`
 * included), typed `on(event, handler)`, and `isGameError` narrowing `details` by code.
 */
import type { Method, Service } from "../../idl/model.js";
import type { TargetContext } from "../context.js";
import { createGeneratedFile, type GeneratedFile, type OutputFile } from "../framework/generated-file.js";
import { jsdocLines } from "../framework/jsdoc.js";
import { layoutParameters } from "../framework/layout.js";
import { clientServiceTypeName, paramsTypeName, resultTypeName } from "../framework/naming.js";

/** Members of the client object itself: a service of the same name gets a `$` suffix. */
const clientMembers = new Set(["connect", "close", "on", "onState", "onResync", "state", "playerId"]);

export function clientNamespace(service: Pick<Service, "name">): string {
  return clientMembers.has(service.name) ? `${service.name}$` : service.name;
}

export function generateClient(context: TargetContext): OutputFile {
  const file = createGeneratedFile("client.ts", context.header);
  file.importValue("createGameClient", "gidl/client");
  for (const name of ["CallOptions", "ClientOptions", "ConnectionState", "EventMeta", "GameError"])
    file.importType(name, "gidl/client");
  file.importValue("definition", "./definition.js");
  for (const name of ["ErrorCode", "ErrorDetails", "Events", "Methods"]) file.importType(name, "./types.js");

  // Under another name: client.ts exports its own `isGameError`, typed by this API's errors.
  file.importValue("isGameError", "gidl/client", "isAnyGameError");
  const view = {
    services: context.model.services.map((service) => ({
      jsdoc: jsdocLines(service, `service ${service.name}`),
      namespace: clientNamespace(service),
      type: clientServiceTypeName(service),
      methods: service.methods.map((method) => methodView(file, method)),
    })),
  };
  file.print(context.templates.render("client.ts.hbs", view));
  return file.toOutputFile();
}

function methodView(file: GeneratedFile, method: Method) {
  const params = file.importType(paramsTypeName(method), "./types.js");
  // docs/client.md "The client object": methods without params accept no argument (or `{}`).
  const parameter = method.params.length === 0 ? `params?: ${params}` : `params: ${params}`;
  const fullName = JSON.stringify(method.fullName);
  if (method.kind === "send") {
    return {
      jsdoc: jsdocLines(method, `send ${method.fullName}`),
      signature: layoutParameters("  ", method.name, [parameter], ": void;"),
      implementation: `${method.name}: (params${method.params.length === 0 ? " = {}" : ""}) => {\n        core.send(${fullName}, params);\n      }`,
    };
  }
  const result = file.importType(resultTypeName(method), "./types.js");
  return {
    jsdoc: jsdocLines(method, `rpc ${method.fullName}`),
    signature: layoutParameters(
      "  ",
      method.name,
      [parameter, "options?: CallOptions"],
      `: Promise<${result}>;`,
    ),
    implementation: `${method.name}: (params${method.params.length === 0 ? " = {}" : ""}, callOptions) => call(${fullName}, params, callOptions)`,
  };
}
