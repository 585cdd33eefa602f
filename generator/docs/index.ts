/**
 * docs.md: the API reference, a table per kind of member, then every type (docs/cli.md "The API
 * reference (`docs.md`)").
 */
import type { Documented, TypeDeclaration } from "../../idl/model.js";
import { apiTitle, type TargetContext } from "../context.js";
import type { OutputFile } from "../framework/generated-file.js";
import { markdownHeader } from "../framework/header.js";
import {
  authNotation,
  cell,
  constraintNotation,
  fieldsNotation,
  limitsNotation,
  recipientsNotation,
  typeNotation,
} from "./notation.js";

export function generateDocs(context: TargetContext): OutputFile {
  const { model } = context;
  const view = {
    header: markdownHeader(context.header),
    title: apiTitle(model),
    session:
      model.session === null
        ? null
        : {
            name: model.session.name,
            doc: model.session.doc ?? null,
            settings: model.session.settings,
            maxPlayers: model.session.maxPlayers ?? "unlimited",
            joinInProgress: model.session.joinInProgress ? "Yes" : "No",
          },
    services: model.services
      .filter((service) => !service.builtin && service.doc !== undefined)
      .map((service) => ({ name: service.name, doc: service.doc })),
    rpcs: model.services.flatMap((service) =>
      service.methods.map((method) => ({
        name: describedName(`\`${method.fullName}\``, method, limitsNotation(method.policy, method.kind)),
        params: cell(fieldsNotation(method.params)),
        returns:
          method.kind === "send"
            ? "no response (send)"
            : method.result === null
              ? "nothing"
              : `\`${typeNotation(method.result)}\``,
        auth: authNotation(method.policy),
      })),
    ),
    events: model.services.flatMap((service) =>
      service.events.map((event) => ({
        name: describedName(`\`${event.fullName}\``, event),
        payload: cell(fieldsNotation(event.fields)),
        recipients: recipientsNotation(event.recipients, event.reliable),
      })),
    ),
    errors: model.errors.map((error) => ({
      name: describedName(`\`${error.code}\``, error),
      details: cell(fieldsNotation(error.fields)),
      retry: error.retryable ? "Yes" : "No",
    })),
    types: model.types.map(typeView),
  };
  return { path: "docs.md", content: normalize(context.templates.render("docs.md.hbs", view)) };
}

/** The first cell of a row: the name, then its doc comment and any notes, on the same row. */
function describedName(name: string, item: Documented, notes = ""): string {
  const parts = [name];
  if (item.deprecated !== undefined)
    parts.push(`**Deprecated**${item.deprecated === "" ? "." : `: ${item.deprecated}`}`);
  if (item.doc !== undefined) parts.push(item.doc);
  if (notes !== "") parts.push(notes);
  return cell(parts.join("<br>"));
}

function typeView(type: TypeDeclaration) {
  const base = {
    name: type.name,
    doc: type.doc ?? null,
    deprecated: type.deprecated === undefined ? null : type.deprecated === "" ? "." : `: ${type.deprecated}`,
  };
  switch (type.kind) {
    case "alias": {
      const constraints = constraintNotation(type.constraints);
      return {
        ...base,
        summary: `Alias of \`${typeNotation(type.type)}\`${constraints === "" ? "" : `; ${constraints}`}.`,
      };
    }
    case "enum":
      return { ...base, summary: `Enum: ${type.members.map((member) => `\`${member.name}\``).join(", ")}.` };
    case "union":
      return {
        ...base,
        summary: `Union on \`kind\`: ${type.variants.map((variant) => `\`"${variant.tag}"\` → \`${variant.struct}\``).join(", ")}.`,
      };
    case "struct":
      return {
        ...base,
        summary: type.fields.length === 0 ? "Struct without fields." : null,
        fields: type.fields.map((field) => ({
          name: describedName(`\`${field.name}\``, field),
          type: `\`${typeNotation(field.type)}\``,
          required: field.optional ? "No" : "Yes",
          constraints: cell(constraintNotation(field.constraints)),
        })),
      };
  }
}

/** At most one blank line in a row, and one newline at the end. */
function normalize(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
