/**
 * Services and their members: member names, event recipients, `throws`, and the type names the
 * generator derives from members (`CombatAttackParams`), which must not clash with each other,
 * with a schema type or with a built-in one.
 */
import type { IdentifierNode, RpcNode, ServiceDeclarationNode, ServiceMemberNode } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/source-file.js";
import { BUILTIN_ERROR_CODES, builtinServices } from "../builtins.js";
import type { Recipients } from "../model.js";
import type { CheckContext } from "./context.js";
import { reportDuplicate } from "./declarations.js";
import {
  enumValuesName,
  errorDetailsTypeName,
  generatedTypeNames,
  serviceTypeNames,
} from "../generated-names.js";
import { didYouMean } from "./suggest.js";

const RECIPIENTS: readonly Recipients[] = ["session", "players", "area", "topic", "all"];

export function checkServices(context: CheckContext): void {
  for (const [, { node, file }] of context.services) {
    checkMembers(context, file, node);
  }
  checkGeneratedNames(context);
}

function checkMembers(context: CheckContext, file: SourceFile, service: ServiceDeclarationNode): void {
  const seen = new Map<string, ServiceMemberNode>();
  for (const member of service.members) {
    const first = seen.get(member.name.text);
    if (first !== undefined)
      reportDuplicate(context, file, member.name, "member", { file, name: first.name });
    else seen.set(member.name.text, member);

    if (member.kind === "Rpc") checkThrows(context, file, member);
    if (member.kind === "Event" && !(RECIPIENTS as readonly string[]).includes(member.recipients.text)) {
      context.report(
        file,
        member.recipients,
        "invalid-recipients",
        { name: member.recipients.text },
        didYouMean(member.recipients.text, RECIPIENTS),
      );
    }
  }
}

function checkThrows(context: CheckContext, file: SourceFile, rpc: RpcNode): void {
  const seen = new Map<string, IdentifierNode>();
  for (const code of rpc.throws) {
    const first = seen.get(code.text);
    if (first !== undefined) {
      reportDuplicate(context, file, code, "error in throws", { file, name: first });
      continue;
    }
    seen.set(code.text, code);
    if (context.errors.has(code.text)) continue;
    const hint = BUILTIN_ERROR_CODES.includes(code.text)
      ? "built-in errors need no listing in throws"
      : didYouMean(code.text, context.errors.keys());
    context.report(file, code, "unknown-error", { name: code.text }, hint);
  }
}

interface GeneratedName {
  /** "rpc combat.attack". */
  readonly what: string;
}

function checkGeneratedNames(context: CheckContext): void {
  const generated = new Map<string, GeneratedName>();
  for (const service of builtinServices(null)) {
    for (const method of service.methods) {
      for (const name of generatedTypeNames(service.name, method.name, method.kind)) {
        generated.set(name, { what: `built-in ${method.kind} ${method.fullName}` });
      }
    }
    for (const event of service.events) {
      for (const name of generatedTypeNames(service.name, event.name, "event")) {
        generated.set(name, { what: `built-in event ${event.fullName}` });
      }
    }
  }
  for (const service of ["session", "topic"]) {
    for (const name of serviceTypeNames(service))
      generated.set(name, { what: `built-in service ${service}` });
  }
  for (const [code] of context.errors) {
    generated.set(errorDetailsTypeName(code), { what: `error ${code}` });
  }
  for (const [name, symbol] of context.types) {
    if (symbol.kind === "user" && symbol.node.kind === "EnumDeclaration") {
      generated.set(enumValuesName(name), { what: `enum ${name}` });
    }
  }
  for (const [serviceName] of context.services) {
    for (const name of serviceTypeNames(serviceName)) {
      if (!generated.has(name)) generated.set(name, { what: `service ${serviceName}` });
    }
  }
  for (const [serviceName, { node, file }] of context.services) {
    const members = new Set<string>();
    for (const member of node.members) {
      // A duplicate member was reported already.
      if (members.has(member.name.text)) continue;
      members.add(member.name.text);
      const kind = member.kind === "Rpc" ? "rpc" : member.kind === "Send" ? "send" : "event";
      const what = `${kind} ${serviceName}.${member.name.text}`;
      for (const name of generatedTypeNames(serviceName, member.name.text, kind)) {
        const first = generated.get(name);
        if (first !== undefined) {
          context.report(file, member.name, "generated-name-clash", { name, what: first.what });
        } else {
          generated.set(name, { what });
        }
      }
    }
  }
  for (const [name, symbol] of context.types) {
    if (symbol.kind !== "user") continue;
    const clash = generated.get(name);
    if (clash !== undefined)
      context.report(symbol.file, symbol.node.name, "generated-name-clash", { name, what: clash.what });
  }
  const session = context.session;
  const clash = session === undefined ? undefined : generated.get(session.node.name.text);
  if (session !== undefined && clash !== undefined) {
    context.report(session.file, session.node.name, "generated-name-clash", {
      name: session.node.name.text,
      what: clash.what,
    });
  }
}
