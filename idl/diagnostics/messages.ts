/**
 * The catalog of compiler diagnostics. A code never changes meaning once shipped:
 * add new entries, never renumber. `{name}` in a message is a parameter filled by the reporter.
 * Ranges: 1xxx lexical and syntax, 2xxx files and imports, 3xxx names, 4xxx types,
 * 5xxx attributes, 6xxx naming style, 9xxx internal.
 * idl/README.md documents every entry (a test checks that it does).
 */
export type Severity = "error" | "warning";

export interface MessageDefinition {
  readonly code: `GIDL${number}`;
  readonly severity: Severity;
  readonly message: string;
}

export const diagnosticMessages = {
  // ── 1xxx: lexical and syntax ──
  "invalid-character": { code: "GIDL1001", severity: "error", message: "invalid character {char}" },
  "unterminated-string": { code: "GIDL1002", severity: "error", message: "unterminated string literal" },
  "unterminated-comment": { code: "GIDL1003", severity: "error", message: "unterminated block comment" },
  "invalid-escape": {
    code: "GIDL1004",
    severity: "error",
    message: "invalid escape sequence '{escape}' in string",
  },
  "invalid-number": { code: "GIDL1005", severity: "error", message: "invalid number '{text}'" },
  expected: { code: "GIDL1006", severity: "error", message: "expected {expected}, found {found}" },
  "invalid-rate-unit": {
    code: "GIDL1007",
    severity: "error",
    message: "invalid rate unit '{unit}': use s, m or h",
  },
  "invalid-utf8": {
    code: "GIDL1008",
    severity: "error",
    message: "the file is not valid UTF-8 (first bad byte at offset {offset})",
  },
  "nesting-too-deep": {
    code: "GIDL1009",
    severity: "error",
    message: "types nested more than {limit} levels deep",
  },
  "dangling-doc-comment": {
    code: "GIDL1010",
    severity: "warning",
    message: "doc comment is not attached to a declaration, member or field",
  },
  "binary-file": {
    code: "GIDL1011",
    severity: "error",
    message: "the file looks binary (NUL byte at offset {offset}), not like a .gidl schema",
  },
  "too-many-syntax-errors": {
    code: "GIDL1012",
    severity: "error",
    message: "too many syntax errors in this file: only the first {limit} are reported",
  },

  // ── 2xxx: files, imports, package and version ──
  "import-unreadable": {
    code: "GIDL2001",
    severity: "error",
    message: "cannot read imported file '{path}': {reason}",
  },
  "package-missing": {
    code: "GIDL2002",
    severity: "error",
    message: "the root file must start with 'package <name>;'",
  },
  "package-not-first": {
    code: "GIDL2003",
    severity: "error",
    message: "'package' must be the first declaration of the file",
  },
  "duplicate-package": { code: "GIDL2004", severity: "error", message: "a second 'package' declaration" },
  "package-in-import": {
    code: "GIDL2005",
    severity: "error",
    message: "'package' is allowed only in the root file",
  },
  "duplicate-version": { code: "GIDL2006", severity: "error", message: "a second 'version' declaration" },
  "version-in-import": {
    code: "GIDL2007",
    severity: "error",
    message: "'version' is allowed only in the root file",
  },
  "invalid-version": {
    code: "GIDL2008",
    severity: "error",
    message: "version must be a positive integer, not {value}",
  },
  "self-import": { code: "GIDL2009", severity: "warning", message: "the file imports itself" },
  "entry-unreadable": {
    code: "GIDL2010",
    severity: "error",
    message: "cannot read schema file '{path}': {reason}",
  },

  // ── 3xxx: names ──
  "duplicate-name": { code: "GIDL3001", severity: "error", message: "duplicate {what} '{name}'" },
  "unknown-type": { code: "GIDL3002", severity: "error", message: "unknown type '{name}'" },
  "unknown-error": { code: "GIDL3003", severity: "error", message: "'{name}' is not a declared error" },
  "not-a-type": { code: "GIDL3004", severity: "error", message: "'{name}' is {what}, not a type" },
  "reserved-service-name": {
    code: "GIDL3005",
    severity: "error",
    message: "'{name}' is a built-in service and cannot be declared",
  },
  "reserved-field-name": {
    code: "GIDL3006",
    severity: "error",
    message: "'{name}' cannot be used as a {what} name",
  },
  "reserved-type-name": {
    code: "GIDL3007",
    severity: "error",
    message: "'{name}' is the name of a built-in type",
  },
  "generated-name-clash": {
    code: "GIDL3008",
    severity: "error",
    message: "'{name}' clashes with the generated type name of {what}",
  },
  "reserved-error-code": {
    code: "GIDL3009",
    severity: "error",
    message: "'{name}' is a built-in error code and cannot be declared",
  },

  // ── 4xxx: types ──
  "map-key-not-string": {
    code: "GIDL4001",
    severity: "error",
    message: "map keys must be 'string', not '{type}'",
  },
  "union-variant-not-struct": {
    code: "GIDL4002",
    severity: "error",
    message: "union variant '{name}' must be a struct, not {what}",
  },
  "union-variant-has-kind": {
    code: "GIDL4003",
    severity: "error",
    message:
      "union variant '{name}' uses struct '{struct}', which has a field named 'kind' (the union's tag)",
  },
  "infinite-type": {
    code: "GIDL4004",
    severity: "error",
    message: "'{name}' requires itself ({path}) and can never be finite; make a field optional or a list",
  },
  "empty-enum": { code: "GIDL4005", severity: "error", message: "enum '{name}' needs at least one member" },
  "session-settings": {
    code: "GIDL4006",
    severity: "error",
    message: "a session declares exactly one field, 'settings', of a struct type",
  },
  "duplicate-session": {
    code: "GIDL4007",
    severity: "error",
    message: "a second session declaration (an API has at most one)",
  },
  "invalid-recipients": {
    code: "GIDL4008",
    severity: "error",
    message: "unknown recipients '{name}': use session, players, area, topic or all",
  },
  "alias-cycle": { code: "GIDL4009", severity: "error", message: "type alias '{name}' refers to itself" },
  "empty-union": {
    code: "GIDL4010",
    severity: "error",
    message: "union '{name}' needs at least one variant",
  },

  // ── 5xxx: attributes ──
  "unknown-attribute": { code: "GIDL5001", severity: "error", message: "unknown attribute '@{name}'" },
  "misplaced-attribute": {
    code: "GIDL5002",
    severity: "error",
    message: "'@{name}' cannot be used on {target}",
  },
  "attribute-arguments": { code: "GIDL5003", severity: "error", message: "'@{name}' expects {expected}" },
  "range-outside-type": {
    code: "GIDL5004",
    severity: "error",
    message: "@range({min}, {max}) lies outside the range of {type} ({typeMin} to {typeMax})",
  },
  "min-greater-than-max": {
    code: "GIDL5005",
    severity: "error",
    message: "'@{name}' has min {min} greater than max {max}",
  },
  "invalid-pattern": { code: "GIDL5006", severity: "error", message: "invalid regular expression: {reason}" },
  "redos-pattern": {
    code: "GIDL5007",
    severity: "error",
    message:
      "this pattern can take super-linear time on some inputs ({complexity}), a denial-of-service risk",
  },
  "unknown-format": { code: "GIDL5008", severity: "error", message: "unknown format '{name}'" },
  "duplicate-attribute": {
    code: "GIDL5009",
    severity: "error",
    message: "'@{name}' is given more than once",
  },
  "conflicting-attributes": {
    code: "GIDL5010",
    severity: "error",
    message: "'@{name}' conflicts with '@{other}'",
  },

  // ── 6xxx: naming style ──
  "type-name-style": {
    code: "GIDL6001",
    severity: "warning",
    message: "type name '{name}' should be PascalCase",
  },
  "member-name-style": {
    code: "GIDL6002",
    severity: "warning",
    message: "{what} name '{name}' should be camelCase",
  },
  "error-code-style": {
    code: "GIDL6003",
    severity: "error",
    message: "error code '{name}' must be SCREAMING_SNAKE_CASE",
  },

  // ── 9xxx: the compiler itself ──
  "internal-error": { code: "GIDL9001", severity: "error", message: "internal compiler error: {reason}" },
} as const satisfies Record<string, MessageDefinition>;

export type DiagnosticId = keyof typeof diagnosticMessages;

/** The `{param}` names of a message template, as a union of string literals. */
type TemplateParams<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | TemplateParams<Rest>
  : never;

export type DiagnosticArgs<Id extends DiagnosticId> = {
  readonly [P in TemplateParams<(typeof diagnosticMessages)[Id]["message"]>]: string | number | bigint;
};
