/**
 * docs/language.md "Others: `@unreliable`, `@retryable`, `@deprecated`, `@maxPlayers`,
 * `@joinInProgress`": `@deprecated("why")` on any declaration, member, field, param or enum member
 * shows in the docs and as a deprecation in generated TypeScript: a JSDoc `@deprecated` on the
 * symbol a user's editor strikes out.
 */
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { compileSource } from "../../idl/index.js";

const schema = `package dep;

@deprecated("use Fresh")
struct Old { @deprecated("gone soon") a: string; b: string; }

enum Mode { fast, @deprecated slow }

@deprecated("no more")
error BUSY { @deprecated("unused") wait: u32; }

service play {
  @deprecated("use go")
  rpc stop(@deprecated("ignored") why: string): Old throws BUSY;

  @deprecated("use go")
  send nudge();

  @deprecated("no longer sent")
  event tick to all { n: u32; }

  rpc go(mode: Mode);
}
`;

const compiled = compileSource(schema, "dep.gidl");
if (compiled.model === undefined) throw new Error(JSON.stringify(compiled.diagnostics));
const files = new Map(
  generate(compiled.model, { schemaFile: "dep.gidl" }).files.map((file) => [file.path, file.content]),
);
const file = (name: string): string => files.get(name) ?? "";

/** The JSDoc block that ends right above the first line of `text` starting with `declaration`. */
function docAbove(text: string, declaration: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.trimStart().startsWith(declaration));
  if (at < 0) throw new Error(`no line starts with ${declaration}`);
  if (!(lines[at - 1] ?? "").trimEnd().endsWith("*/")) return "";
  let start = at - 1;
  while (start > 0 && !(lines[start] ?? "").includes("/**")) start--;
  return lines.slice(start, at).join("\n");
}

describe("@deprecated in the generated TypeScript", () => {
  it("marks the type, the field, the enum member, the param, the error and the event payload in types.ts", () => {
    const types = file("types.ts");
    expect(docAbove(types, "export interface Old {")).toContain("@deprecated use Fresh");
    expect(docAbove(types, "a: string;")).toContain("@deprecated gone soon");
    expect(docAbove(types, "b: string;")).not.toContain("@deprecated");
    expect(types).toContain('  /** @deprecated */\n  | "slow";');
    expect(docAbove(types, "why: string;")).toContain("@deprecated ignored");
    expect(docAbove(types, "wait: number;")).toContain("@deprecated unused");
    expect(docAbove(types, "BUSY: (")).toContain("@deprecated no more");
    expect(docAbove(types, "export interface PlayTickEvent {")).toContain("@deprecated no longer sent");
  });

  it("marks the handler methods and the emit helper of deprecated members in server.ts", () => {
    const server = file("server.ts");
    expect(docAbove(server, 'stop(params: PlayStopParams, ctx: Context<"BUSY">)')).toContain(
      "@deprecated use go",
    );
    expect(docAbove(server, "nudge(params: PlayNudgeParams, ctx: Context)")).toContain("@deprecated use go");
    expect(docAbove(server, "go(params: PlayGoParams, ctx: Context)")).not.toContain("@deprecated");
    expect(docAbove(server, "tick(data: PlayTickEvent)")).toContain("@deprecated no longer sent");
  });

  it("marks the client calls of deprecated members in client.ts", () => {
    const client = file("client.ts");
    expect(docAbove(client, "stop(params: PlayStopParams")).toContain("@deprecated use go");
    expect(docAbove(client, "nudge(params?: PlayNudgeParams")).toContain("@deprecated use go");
    expect(docAbove(client, "go(params: PlayGoParams")).not.toContain("@deprecated");
  });

  it("carries the reason into docs.md, schema.json and manifest.json", () => {
    expect(file("docs.md")).toContain("| `play.stop`<br>**Deprecated**: use go |");
    expect(file("docs.md")).toContain("| `play.tick`<br>**Deprecated**: no longer sent |");
    expect(JSON.parse(file("schema.json"))).toMatchObject({ $defs: { Old: { deprecated: true } } });
    expect(file("manifest.json")).toContain('"deprecated": "no longer sent"');
  });
});
