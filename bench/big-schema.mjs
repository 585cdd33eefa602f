// A large, valid schema built in memory, for benchmarks: every kind of declaration, references
// between types, attributes (including a few @pattern regexes, which the ReDoS check has to analyse).

/**
 * @param {object} [size]
 * @param {number} [size.structs] @default 500
 * @param {number} [size.enums] @default 150
 * @param {number} [size.unions] @default 100
 * @param {number} [size.aliases] @default 100
 * @param {number} [size.errors] @default 150
 * @param {number} [size.services] @default 50
 * @param {number} [size.rpcsPerService] @default 20
 * @param {number} [size.eventsPerService] @default 4
 * @returns {{ text: string, declarations: number, members: number }}
 *   `declarations` counts top-level declarations, `members` rpcs, sends and events.
 */
export function bigSchema(size = {}) {
  const {
    structs = 500,
    enums = 150,
    unions = 100,
    aliases = 100,
    errors = 150,
    services = 50,
    rpcsPerService = 20,
    eventsPerService = 4,
  } = size;
  const out = ["package bench.big;", "version 1;", ""];
  const patterns = [
    "^[a-z0-9_]+$",
    "^[A-Z]{2,3}-[0-9]{1,6}$",
    "^#[0-9a-f]{6}$",
    "^[a-z]+(\\.[a-z]+)*$",
    "^\\d{4}-\\d{2}$",
  ];

  for (let i = 0; i < aliases; i++) {
    if (i % 3 === 0) out.push(`@pattern("${gidlString(patterns[i % patterns.length])}") @length(1, 64)`);
    else if (i % 3 === 1) out.push(`@range(0, ${1000 + i})`);
    out.push(`type Alias${i} = ${i % 3 === 1 ? "u32" : "string"};`);
  }
  for (let i = 0; i < enums; i++) {
    out.push(`enum Kind${i} { ${Array.from({ length: 3 + (i % 6) }, (_, m) => `member${m}`).join(", ")} }`);
  }
  for (let i = 0; i < structs; i++) {
    // Each struct refers only to earlier ones (required) or to any (optional), so every type is finite.
    const fields = [
      `  /// Identifier of entry ${i}.`,
      `  id: Alias${(i * 3) % aliases};`,
      `  @range(0, 100) level: u8;`,
      `  category: Kind${i % enums};`,
      `  @length(0, 50) tags: list<string>;`,
      `  scores: map<string, f64>;`,
      `  count: Alias${(i * 3 + 1) % aliases};`,
    ];
    if (i > 0) fields.push(`  parent: Struct${(i * 7 + 3) % i};`);
    fields.push(`  next?: Struct${(i + 1) % structs};`, `  children: list<Struct${(i * 13) % structs}>;`);
    out.push(`/// Struct number ${i}.`, `struct Struct${i} {`, ...fields, "}");
  }
  for (let i = 0; i < unions; i++) {
    out.push(`union Choice${i} { first: Struct${i % structs}; second: Struct${(i + 1) % structs}; }`);
  }
  for (let i = 0; i < errors; i++) {
    const name = `ERROR_NUMBER_${i}`;
    out.push(i % 2 === 0 ? `@retryable error ${name} { waitMs: u32; reason: string; }` : `error ${name};`);
  }
  for (let s = 0; s < services; s++) {
    out.push(`/// Service ${s}.`, `service service${s} {`);
    for (let r = 0; r < rpcsPerService; r++) {
      const struct = (s * rpcsPerService + r) % structs;
      const attrs = r % 4 === 0 ? "@session(running) @rate(10/s) " : r % 4 === 1 ? "@public " : "";
      if (r % 5 === 4) {
        out.push(`  ${attrs}send push${r}(value: Struct${struct}, @range(-10, 10) delta?: i32);`);
      } else {
        const throws = `throws ERROR_NUMBER_${(s + r) % errors}, ERROR_NUMBER_${(s + r + 1) % errors}`;
        out.push(
          `  ${attrs}rpc call${r}(input: Struct${struct}, choice: Choice${struct % unions}): Struct${(struct + 1) % structs} ${throws};`,
        );
      }
    }
    const recipients = ["session", "players", "area", "topic", "all"];
    for (let e = 0; e < eventsPerService; e++) {
      out.push(
        `  event happened${e} to ${recipients[(s + e) % recipients.length]} { who: Alias0; what: Struct${(s + e) % structs}; }`,
      );
    }
    out.push("}");
  }
  return {
    text: out.join("\n") + "\n",
    declarations: aliases + enums + structs + unions + errors + services + 1,
    members: services * (rpcsPerService + eventsPerService),
  };
}

/**
 * The body of a gidl string literal, backslashes and quotes escaped (docs/language.md "Files,
 * comments and words").
 */
function gidlString(value) {
  return value.replace(/[\\"]/g, (ch) => `\\${ch}`);
}
