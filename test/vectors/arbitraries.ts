/**
 * fast-check arbitraries of any value of binary.gidl's types, in the TypeScript form the binary
 * codec takes (`bigint`, `Uint8Array`, binary32 floats), made from the compiled model. Recursive
 * types stop growing past a few levels: lists come out empty and optional fields absent.
 */
import fc from "fast-check";
import type { Field, Model, PrimitiveType, TypeDeclaration, TypeRef } from "../../idl/index.js";

const MAX_DEPTH = 4;

const primitives: Record<PrimitiveType, fc.Arbitrary<unknown>> = {
  bool: fc.boolean(),
  i8: fc.integer({ min: -128, max: 127 }),
  i16: fc.integer({ min: -32768, max: 32767 }),
  i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  u8: fc.integer({ min: 0, max: 255 }),
  u16: fc.integer({ min: 0, max: 65535 }),
  u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  i64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  u64: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  f32: fc.float({ noNaN: true, noDefaultInfinity: true }),
  f64: fc.double({ noNaN: true, noDefaultInfinity: true }),
  string: fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 200 })),
  bytes: fc.uint8Array({ maxLength: 40 }),
};

export class ValueArbitraries {
  private readonly types: ReadonlyMap<string, TypeDeclaration>;

  constructor(model: Model) {
    this.types = new Map(model.types.map((type) => [type.name, type]));
  }

  named(name: string, depth = 0): fc.Arbitrary<unknown> {
    return this.of({ kind: "named", name }, depth);
  }

  of(type: TypeRef, depth: number): fc.Arbitrary<unknown> {
    switch (type.kind) {
      case "primitive":
        return primitives[type.name];
      case "list":
        return depth >= MAX_DEPTH
          ? fc.constant([])
          : fc.array(
              fc.constant(null).chain(() => this.of(type.element, depth + 1)),
              { maxLength: 4 },
            );
      case "map":
        return depth >= MAX_DEPTH
          ? fc.constant({})
          : fc
              .array(fc.tuple(fc.string({ maxLength: 8 }), this.of(type.value, depth + 1)), { maxLength: 4 })
              .map((entries) => Object.fromEntries(entries));
      case "named":
        return this.declared(this.declaration(type.name), depth);
    }
  }

  private declaration(name: string): TypeDeclaration {
    const found = this.types.get(name);
    if (found === undefined) throw new Error(`no type ${name}`);
    return found;
  }

  private declared(type: TypeDeclaration, depth: number): fc.Arbitrary<unknown> {
    switch (type.kind) {
      case "alias":
        return this.of(type.type, depth);
      case "enum":
        return fc.constantFrom(...type.members.map((member) => member.name));
      case "struct":
        return this.struct(type.fields, depth);
      case "union":
        return fc.oneof(
          ...type.variants.map((variant) => {
            let struct = this.declaration(variant.struct);
            while (struct.kind === "alias" && struct.type.kind === "named")
              struct = this.declaration(struct.type.name);
            if (struct.kind !== "struct") throw new Error(`${variant.struct} is not a struct`);
            return this.struct(struct.fields, depth).map((fields) => ({ kind: variant.tag, ...fields }));
          }),
        );
    }
  }

  struct(fields: readonly Field[], depth: number): fc.Arbitrary<Record<string, unknown>> {
    const present = fields.filter((field) => !field.optional || depth < MAX_DEPTH);
    // Built lazily: a recursive struct's fields are made only when a value reaches them.
    const record = Object.fromEntries(
      present.map((field) => [field.name, fc.constant(null).chain(() => this.of(field.type, depth + 1))]),
    );
    return fc.record(record, {
      requiredKeys: present.filter((field) => !field.optional).map((field) => field.name),
    });
  }
}
