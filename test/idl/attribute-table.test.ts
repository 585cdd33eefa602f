/**
 * The attribute table's type, checked by the real TypeScript compiler: an attribute name without
 * a descriptor, a descriptor without `apply`, or an `apply` that takes other arguments than its
 * `read` returns is a compile error, so no attribute can be accepted and then silently ignored.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const here = path.join(root, "test/idl");

const header = `
import { attributeTable } from "../../idl/checker/attributes/table.js";
import {
  accept,
  defineAttribute,
  noArguments,
  type AttributeTable,
} from "../../idl/checker/attributes/descriptor.js";
`;

/** Each snippet is one module next to this test, so its imports resolve like a test's. */
const snippets = {
  complete: `${header}
export const table: AttributeTable = { ...attributeTable };
`,
  withoutQueue: `${header}
const { queue: _queue, ...rest } = attributeTable;
export const table: AttributeTable = rest;
`,
  withoutApply: `${header}
export const flag = defineAttribute({ targets: ["rpc"], arguments: noArguments });
`,
  mismatchedApply: `${header}
export const count = defineAttribute({
  targets: ["rpc"],
  arguments: { count: [1, 1], expected: "a number", read: () => accept(1) },
  apply(_context, _target, text: string) {
    void text;
  },
});
`,
} as const;

type Snippet = keyof typeof snippets;

function fileOf(name: Snippet): string {
  return path.join(here, `__attribute-table-${name}__.ts`);
}

/** `TS2741 Property 'queue' is missing …`, one per error in the snippet itself, its message chain on one line. */
let errors: Record<Snippet, string[]>;

beforeAll(() => {
  const config = ts.readConfigFile(path.join(root, "tsconfig.base.json"), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const virtual = new Map(Object.entries(snippets).map(([name, text]) => [fileOf(name as Snippet), text]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual.get(path.resolve(file));
    return text === undefined
      ? getSourceFile(file, language, ...rest)
      : ts.createSourceFile(file, text, language, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file);
  const program = ts.createProgram([...virtual.keys()], { ...options, noEmit: true }, host);
  errors = Object.fromEntries(
    Object.keys(snippets).map((name) => {
      const source = program.getSourceFile(fileOf(name as Snippet));
      if (source === undefined) throw new Error(`the snippet ${name} is not in the program`);
      const diagnostics = ts.getPreEmitDiagnostics(program, source);
      const lines = diagnostics.map(
        (d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\s+/g, " ")}`,
      );
      return [name, lines];
    }),
  ) as Record<Snippet, string[]>;
}, 60_000);

describe("the attribute table's type", () => {
  it("accepts the table with a descriptor for every attribute", () => {
    expect(errors.complete).toEqual([]);
  });

  it("refuses a table that lacks an attribute's descriptor", () => {
    expect(errors.withoutQueue).toEqual([
      expect.stringMatching(
        /^TS2741 Property 'queue' is missing in type .* but required in type 'AttributeTable'\.$/,
      ),
    ]);
  });

  it("refuses a descriptor without apply", () => {
    expect(errors.withoutApply).toEqual([
      expect.stringMatching(
        /^TS2345 Argument of type .* is not assignable to parameter of type 'AttributeDescriptor<undefined>'\. Property 'apply' is missing in type /,
      ),
    ]);
  });

  it("refuses an apply that takes other arguments than read returns", () => {
    expect(errors.mismatchedApply).toEqual([
      expect.stringMatching(/^TS2322 .* Type 'number' is not assignable to type 'string'\.$/),
    ]);
  });
});
