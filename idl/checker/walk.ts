/**
 * Visits every element of the schema that can carry attributes or a doc comment, with what kind
 * of element it is, so that the attribute and naming passes share one traversal.
 */
import type { Decorated, FieldNode, IdentifierNode, TextRange, TypeNode } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import type { CheckContext } from "./context.js";

export type ElementKind =
  | "package"
  | "version"
  | "import"
  | "alias"
  | "enum"
  | "struct"
  | "union"
  | "error"
  | "session"
  | "service"
  | "rpc"
  | "send"
  | "event"
  | "field"
  | "parameter"
  | "enum member"
  | "union variant";

export interface Element {
  readonly file: SourceFile;
  readonly node: Decorated & TextRange;
  readonly kind: ElementKind;
  /** Absent for package, version and import. */
  readonly name?: IdentifierNode;
  /** The declared type of a field, parameter or alias. */
  readonly type?: TypeNode;
}

export function forEachElement(context: CheckContext, visit: (element: Element) => void): void {
  for (const { file, document } of context.files) {
    const fields = (list: readonly FieldNode[] | undefined, kind: "field" | "parameter") => {
      for (const field of list ?? []) visit({ file, node: field, kind, name: field.name, type: field.type });
    };
    for (const declaration of document.declarations) {
      switch (declaration.kind) {
        case "PackageDeclaration":
          visit({ file, node: declaration, kind: "package" });
          break;
        case "VersionDeclaration":
          visit({ file, node: declaration, kind: "version" });
          break;
        case "ImportDeclaration":
          visit({ file, node: declaration, kind: "import" });
          break;
        case "AliasDeclaration":
          visit({ file, node: declaration, kind: "alias", name: declaration.name, type: declaration.type });
          break;
        case "EnumDeclaration":
          visit({ file, node: declaration, kind: "enum", name: declaration.name });
          for (const member of declaration.members) {
            visit({ file, node: member, kind: "enum member", name: member.name });
          }
          break;
        case "StructDeclaration":
          visit({ file, node: declaration, kind: "struct", name: declaration.name });
          fields(declaration.fields, "field");
          break;
        case "UnionDeclaration":
          visit({ file, node: declaration, kind: "union", name: declaration.name });
          for (const variant of declaration.variants) {
            visit({ file, node: variant, kind: "union variant", name: variant.name });
          }
          break;
        case "ErrorDeclaration":
          visit({ file, node: declaration, kind: "error", name: declaration.name });
          fields(declaration.fields, "field");
          break;
        case "SessionDeclaration":
          visit({ file, node: declaration, kind: "session", name: declaration.name });
          fields(declaration.fields, "field");
          break;
        case "ServiceDeclaration":
          visit({ file, node: declaration, kind: "service", name: declaration.name });
          for (const member of declaration.members) {
            if (member.kind === "Event") {
              visit({ file, node: member, kind: "event", name: member.name });
              fields(member.fields, "field");
            } else {
              visit({ file, node: member, kind: member.kind === "Rpc" ? "rpc" : "send", name: member.name });
              fields(member.params, "parameter");
            }
          }
          break;
      }
    }
  }
}

const articles: Readonly<Record<ElementKind, string>> = {
  package: "a package declaration",
  version: "a version declaration",
  import: "an import",
  alias: "a type alias",
  enum: "an enum",
  struct: "a struct",
  union: "a union",
  error: "an error",
  session: "a session",
  service: "a service",
  rpc: "an rpc",
  send: "a send",
  event: "an event",
  field: "a field",
  parameter: "a parameter",
  "enum member": "an enum member",
  "union variant": "a union variant",
};

/** "an rpc", "a field": for messages. */
export function describeElement(kind: ElementKind): string {
  return articles[kind];
}
