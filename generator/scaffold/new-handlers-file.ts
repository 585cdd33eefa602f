/** The handlers file `gidl scaffold` writes when there is none: one class per service, every method a stub. */
import type { Service } from "../../idl/model.js";
import { handlersTypeName, paramsTypeName, pascalCase, resultTypeName } from "../framework/naming.js";
import { renderStub } from "./render-stub.js";
import { defaultStyle } from "./text-style.js";
import { TypeReferences, type GeneratedModules } from "./type-references.js";

export function newHandlersFile(
  services: readonly Service[],
  modules: GeneratedModules,
  schemaFile: string,
): { content: string; created: true; added: { target: string; method: string }[]; unimplemented: [] } {
  const style = defaultStyle;
  const references = new TypeReferences(modules, [], new Set());
  const handlerTypes = services.map((service) =>
    references.reference({ module: "server", name: handlersTypeName(service) }),
  );
  const taken = new Set(handlerTypes);
  const added: { target: string; method: string }[] = [];

  const classes = services.map((service, index) => {
    let className = pascalCase(service.name);
    // A service named like a type the file imports (`context` → Context) gets a suffix.
    while (taken.has(className)) className += "Service";
    taken.add(className);
    const stubs = service.methods.map((method) => {
      added.push({ target: className, method: method.fullName });
      return renderStub(
        method,
        {
          params: references.reference({ module: "types", name: paramsTypeName(method) }),
          result:
            method.kind === "rpc"
              ? references.reference({ module: "types", name: resultTypeName(method) })
              : undefined,
          context: references.reference({ module: "server", name: "Context" }),
        },
        { style, indent: style.indentUnit, form: "class" },
      ).join("\n");
    });
    const doc =
      service.doc === undefined
        ? []
        : [`/** ${(service.doc.split("\n")[0] ?? "").replaceAll("*/", "*\\/")} */`];
    return [
      ...doc,
      `export class ${className} implements ${handlerTypes[index] ?? ""} {`,
      stubs.join("\n\n"),
      "}",
    ].join("\n");
  });

  const header = [
    `// The handlers of the services in ${schemaFile}: one class per service. \`gidl scaffold\` adds stubs`,
    "// for rpcs and sends the schema gains later, and leaves what is written here alone.",
  ];
  const content = [...header, ...references.importLines(style), "", classes.join("\n\n"), ""].join("\n");
  return { content, created: true, added, unimplemented: [] };
}
