/**
 * Lists and maps: a varint count, then each item, or each key and value (docs/protocol.md
 * "Values"); and the pair of a built-in type that is a whole value (an rpc's `string` result).
 * The reader checks the count against the bytes left before anything is allocated.
 */
import { block, forThen, functionDeclaration, line, tryCatch, type Statement } from "./code.js";
import { tsCodecType, type CodecPlan, type CodecRef } from "./plan.js";
import { readPrimitive } from "./primitives.js";
import { readValue, writeValue } from "./values.js";

/** The pair of a list, a map, an alias of one, or a built-in type. */
export function extraFunctions(plan: CodecPlan, ref: CodecRef): string[] {
  const name = plan.functionName(ref);
  const type = tsCodecType(ref);
  switch (ref.kind) {
    case "container":
      return containerFunctions(plan, name, type, plan.resolve(ref.type), `type ${ref.name}`);
    case "list":
    case "map":
      return containerFunctions(plan, name, type, ref, describe(ref));
    case "primitive":
      return [
        functionDeclaration(ref.name, `encode${name}`, ["w: BinaryWriter", `value: ${type}`], "void", [
          writeValue(plan, ref, "value"),
        ]),
        functionDeclaration(ref.name, `decode${name}`, ["r: BinaryReader"], type, [
          line(`return ${readPrimitive(ref.name)};`),
        ]),
      ];
    default:
      throw new Error(`gidl internal error: no extra function for a ${ref.kind}`);
  }
}

function containerFunctions(
  plan: CodecPlan,
  name: string,
  type: string,
  ref: CodecRef,
  generatedFrom: string,
): string[] {
  if (ref.kind === "list") {
    const item = ref.element;
    return [
      functionDeclaration(generatedFrom, `encode${name}`, ["w: BinaryWriter", `value: ${type}`], "void", [
        line("w.uint(value.length);"),
        forThen("const item of value", writeValue(plan, item, "item")),
      ]),
      functionDeclaration(generatedFrom, `decode${name}`, ["r: BinaryReader"], type, [
        line("r.enter();"),
        line("const count = r.count();"),
        line(`const list: ${tsCodecType(item)}[] = [];`),
        ...decodeItems(plan.reachesUnion(item), [line(`list.push(${readValue(plan, item)});`)], "i"),
        line("r.leave();"),
        line("return list;"),
      ]),
    ];
  }
  if (ref.kind !== "map") throw new Error(`gidl internal error: ${name} is not a list or map`);
  const item = ref.value;
  const itemType = tsCodecType(item);
  const withPath = plan.reachesUnion(item);
  const read = readValue(plan, item);
  return [
    functionDeclaration(generatedFrom, `encode${name}`, ["w: BinaryWriter", `value: ${type}`], "void", [
      line("const keys = Object.keys(value);"),
      line("w.uint(keys.length);"),
      block("for (const key of keys)", [
        line("w.string(key);"),
        writeValue(plan, item, `value[key] as ${itemType}`),
      ]),
    ]),
    functionDeclaration(generatedFrom, `decode${name}`, ["r: BinaryReader"], type, [
      line("r.enter();"),
      line("const count = r.count();"),
      line(`const map: Record<string, ${itemType}> = {};`),
      ...(withPath
        ? decodeItems(true, [line("key = r.string();"), line(`setEntry(map, key, ${read});`)], "key")
        : decodeItems(false, [line(`setEntry(map, r.string(), ${read});`)], "key")),
      line("r.leave();"),
      line("return map;"),
    ]),
  ];
}

/**
 * The loop over `count` items. When an item can hold a union, a problem found in it is placed
 * under `segment` (`i` for a list, `key` for a map: docs/protocol.md "Bad frames").
 */
function decodeItems(withPath: boolean, statements: readonly Statement[], segment: "i" | "key"): Statement[] {
  const loop = (header: string): Statement =>
    statements.length === 1 && statements[0] !== undefined
      ? forThen(header, statements[0])
      : block(`for (${header})`, statements);
  if (!withPath) return [loop("let i = 0; i < count; i++")];
  if (segment === "key") {
    return [
      line('let key = "";'),
      tryCatch([loop("let i = 0; i < count; i++")], [line("throw under(error, key);")]),
    ];
  }
  return [line("let i = 0;"), tryCatch([loop("; i < count; i++")], [line("throw under(error, i);")])];
}

/** `list<Loot>`, `map<string, list<i64>>`. */
function describe(ref: CodecRef): string {
  switch (ref.kind) {
    case "primitive":
      return ref.name;
    case "list":
      return `list<${describe(ref.element)}>`;
    case "map":
      return `map<string, ${describe(ref.value)}>`;
    case "struct":
    case "enum":
    case "union":
      return ref.declaration.name;
    case "container":
      return ref.name;
  }
}
