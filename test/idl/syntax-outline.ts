/**
 * Renders a syntax tree back as compact one-line-per-declaration text, so that parser tests can
 * assert the shape of a whole tree in a form a reader can check against the schema.
 */
import type {
  AttributeNode,
  DeclarationNode,
  DocumentNode,
  FieldNode,
  IdentifierNode,
  LiteralNode,
  ServiceMemberNode,
  TypeNode,
} from "../../idl/syntax/ast.js";

export function typeText(type: TypeNode): string {
  switch (type.kind) {
    case "NamedType":
      return type.name.text;
    case "ListType":
      return `list<${typeText(type.element)}>`;
    case "MapType":
      return `map<${typeText(type.key)}, ${typeText(type.value)}>`;
  }
}

function valueText(value: LiteralNode | IdentifierNode): string {
  switch (value.kind) {
    case "IntegerLiteral":
      return value.value.toString();
    case "DecimalLiteral":
      return String(value.value);
    case "StringLiteral":
      return JSON.stringify(value.value);
    case "BooleanLiteral":
      return String(value.value);
    case "RateLiteral":
      return `${value.count}/${value.unit}`;
    case "Identifier":
      return value.text;
  }
}

function attributesText(attributes: readonly AttributeNode[]): string {
  return attributes
    .map((attribute) => {
      const args = attribute.args?.map(
        (arg) => (arg.name ? `${arg.name.text}: ` : "") + valueText(arg.value),
      );
      return `@${attribute.name.text}${args === undefined ? "" : `(${args.join(", ")})`} `;
    })
    .join("");
}

function fieldText(field: FieldNode): string {
  return `${attributesText(field.attributes)}${field.name.text}${field.optional ? "?" : ""}: ${typeText(field.type)}`;
}

function fieldsText(fields: readonly FieldNode[]): string {
  return `{ ${fields.map(fieldText).join("; ")} }`;
}

function memberText(member: ServiceMemberNode): string {
  const head = `${attributesText(member.attributes)}${member.kind.toLowerCase()} ${member.name.text}`;
  switch (member.kind) {
    case "Rpc": {
      const result = member.result === undefined ? "" : `: ${typeText(member.result)}`;
      const throws =
        member.throws.length === 0 ? "" : ` throws ${member.throws.map((t) => t.text).join(", ")}`;
      return `${head}(${member.params.map(fieldText).join(", ")})${result}${throws}`;
    }
    case "Send":
      return `${head}(${member.params.map(fieldText).join(", ")})`;
    case "Event":
      return `${head} to ${member.recipients.text} ${fieldsText(member.fields)}`;
  }
}

export function declarationText(declaration: DeclarationNode): string[] {
  const attributes = attributesText(declaration.attributes);
  switch (declaration.kind) {
    case "PackageDeclaration":
      return [`${attributes}package ${declaration.name.text}`];
    case "VersionDeclaration":
      return [`${attributes}version ${declaration.value.text}`];
    case "ImportDeclaration":
      return [`${attributes}import ${JSON.stringify(declaration.path.value)}`];
    case "AliasDeclaration":
      return [`${attributes}type ${declaration.name.text} = ${typeText(declaration.type)}`];
    case "EnumDeclaration": {
      const members = declaration.members.map((m) => attributesText(m.attributes) + m.name.text);
      return [`${attributes}enum ${declaration.name.text} { ${members.join(", ")} }`];
    }
    case "StructDeclaration":
      return [`${attributes}struct ${declaration.name.text} ${fieldsText(declaration.fields)}`];
    case "UnionDeclaration": {
      const variants = declaration.variants.map(
        (v) => `${attributesText(v.attributes)}${v.name.text}: ${typeText(v.type)}`,
      );
      return [`${attributes}union ${declaration.name.text} { ${variants.join("; ")} }`];
    }
    case "ErrorDeclaration": {
      const fields = declaration.fields === undefined ? "" : ` ${fieldsText(declaration.fields)}`;
      return [`${attributes}error ${declaration.name.text}${fields}`];
    }
    case "SessionDeclaration":
      return [`${attributes}session ${declaration.name.text} ${fieldsText(declaration.fields)}`];
    case "ServiceDeclaration":
      return [
        `${attributes}service ${declaration.name.text}`,
        ...declaration.members.map((member) => `  ${memberText(member)}`),
      ];
  }
}

export function outline(document: DocumentNode): string[] {
  return document.declarations.flatMap(declarationText);
}
