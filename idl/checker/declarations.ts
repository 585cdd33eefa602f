/**
 * The first pass: `package` and `version` rules, and the symbol tables — every type, error,
 * service and the session, across all files, with duplicates and reserved names reported.
 */
import type { DeclarationNode, IdentifierNode } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import {
  BUILTIN_ERROR_CODES,
  BUILTIN_SERVICE_NAMES,
  BUILTIN_TYPE_NAMES,
  DEFAULT_SETTINGS_TYPE,
  builtinTypes,
} from "../builtins.js";
import type { LoadedFile } from "../program.js";
import { locationOf, type CheckContext } from "./context.js";
import { PRIMITIVE_TYPES } from "./type-refs.js";

export function checkPackageAndVersion(context: CheckContext): void {
  for (const loaded of context.files) {
    if (loaded.isRoot) checkRootFile(context, loaded);
    else checkImportedFile(context, loaded);
  }
}

function checkRootFile(context: CheckContext, loaded: LoadedFile): void {
  const { file, document } = loaded;
  let packageSeen = false;
  let versionSeen = false;
  for (const [index, declaration] of document.declarations.entries()) {
    if (declaration.kind === "PackageDeclaration") {
      if (packageSeen) context.report(file, declaration, "duplicate-package", {});
      else if (index > 0) context.report(file, declaration, "package-not-first", {});
      packageSeen = true;
    } else if (declaration.kind === "VersionDeclaration") {
      if (versionSeen) context.report(file, declaration, "duplicate-version", {});
      versionSeen = true;
      checkVersionValue(context, file, declaration.value.value, declaration.value);
    }
  }
  // After a syntax error the parser may have dropped a `package` it could not read: say nothing more.
  if (!packageSeen && loaded.syntaxErrors === 0) {
    const first = document.declarations[0];
    context.report(file, first ?? { pos: 0, end: 0 }, "package-missing", {});
  }
}

/**
 * docs/language.md "Package and version": a whole number from 1 up; the model carries it as a JSON
 * number, so it must be exact.
 */
function checkVersionValue(
  context: CheckContext,
  file: SourceFile,
  value: bigint,
  range: { pos: number; end: number },
): void {
  if (value < 1n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    context.report(file, range, "invalid-version", { value });
  }
}

function checkImportedFile(context: CheckContext, loaded: LoadedFile): void {
  for (const declaration of loaded.document.declarations) {
    if (declaration.kind === "PackageDeclaration") {
      context.report(loaded.file, declaration, "package-in-import", {});
    } else if (declaration.kind === "VersionDeclaration") {
      context.report(loaded.file, declaration, "version-in-import", {});
    }
  }
}

/** Names a user type may not take; `SessionSettings` only when it is the built-in empty struct. */
function reservedTypeNames(hasSession: boolean): Set<string> {
  const names = new Set<string>([...PRIMITIVE_TYPES, "list", "map", ...BUILTIN_TYPE_NAMES]);
  if (!hasSession) names.add(DEFAULT_SETTINGS_TYPE);
  return names;
}

export function collectSymbols(context: CheckContext): void {
  const all: { declaration: DeclarationNode; file: SourceFile }[] = [];
  for (const { file, document } of context.files) {
    for (const declaration of document.declarations) all.push({ declaration, file });
  }
  const hasSession = all.some(({ declaration }) => declaration.kind === "SessionDeclaration");
  const reserved = reservedTypeNames(hasSession);
  // Types and the session kind share one namespace: both become names in generated code.
  const typeNames = new Map<string, { file: SourceFile; name: IdentifierNode }>();

  const claimTypeName = (file: SourceFile, name: IdentifierNode): boolean => {
    if (reserved.has(name.text)) {
      context.report(file, name, "reserved-type-name", { name: name.text });
      return false;
    }
    const first = typeNames.get(name.text);
    if (first !== undefined) {
      reportDuplicate(context, file, name, "type", first);
      return false;
    }
    typeNames.set(name.text, { file, name });
    return true;
  };

  for (const { declaration, file } of all) {
    switch (declaration.kind) {
      case "AliasDeclaration":
      case "EnumDeclaration":
      case "StructDeclaration":
      case "UnionDeclaration":
        if (claimTypeName(file, declaration.name)) {
          context.types.set(declaration.name.text, { kind: "user", node: declaration, file });
        }
        break;
      case "SessionDeclaration":
        if (context.session !== undefined) {
          context.report(file, declaration.name, "duplicate-session", {});
          break;
        }
        context.session = { node: declaration, file };
        claimTypeName(file, declaration.name);
        break;
      case "ErrorDeclaration": {
        const first = context.errors.get(declaration.name.text);
        if (first !== undefined) reportDuplicate(context, file, declaration.name, "error", first);
        else context.errors.set(declaration.name.text, { node: declaration, file });
        break;
      }
      case "ServiceDeclaration": {
        if (BUILTIN_SERVICE_NAMES.includes(declaration.name.text)) {
          context.report(file, declaration.name, "reserved-service-name", { name: declaration.name.text });
          break;
        }
        const first = context.services.get(declaration.name.text);
        if (first !== undefined) reportDuplicate(context, file, declaration.name, "service", first);
        else context.services.set(declaration.name.text, { node: declaration, file });
        break;
      }
      default:
        break;
    }
  }

  // The settings type is not known yet, and does not matter for name resolution.
  for (const declaration of builtinTypes(hasSession ? "" : null)) {
    context.types.set(declaration.name, { kind: "builtin", declaration });
  }
}

export function reportDuplicate(
  context: CheckContext,
  file: SourceFile,
  name: IdentifierNode,
  what: string,
  first: { file: SourceFile; name: IdentifierNode } | { file: SourceFile; node: { name: IdentifierNode } },
): void {
  const firstName = "name" in first ? first.name : first.node.name;
  context.report(
    file,
    name,
    "duplicate-name",
    { what, name: name.text },
    `first declared at ${locationOf(first.file, firstName)}`,
  );
}

/**
 * The built-in codes (docs/protocol.md "Built-in error codes") and the client's own
 * (docs/client.md "Errors") already mean something on the wire.
 */
export function checkReservedErrorCodes(context: CheckContext): void {
  for (const [code, { node, file }] of context.errors) {
    if (BUILTIN_ERROR_CODES.includes(code))
      context.report(file, node.name, "reserved-error-code", { name: code });
  }
}
