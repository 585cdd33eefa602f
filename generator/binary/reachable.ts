/**
 * Keeps only the functions binary.ts calls: a type's pair is printed for every declared type, but a
 * struct reached only as a union variant has its encoder and decoder inlined into the variant's,
 * and a helper may serve no function of a given schema. What the schema literal reaches, directly
 * or through other functions, stays; the rest is dropped, so the file has no dead code.
 */

/** Splits top-level declarations (each with its JSDoc): generated bodies are indented, declarations are not. */
const DECLARATION_START = /\n\n(?=\/\*\*|function )/;
const FUNCTION_NAME = /^function (\w+)/m;
const IDENTIFIER = /\b[A-Za-z_$][\w$]*\b/g;

export function reachableDeclarations(declarations: readonly string[], roots: string): string[] {
  const pieces = declarations.flatMap((code) => code.split(DECLARATION_START));
  const byName = new Map<string, number>();
  pieces.forEach((piece, index) => {
    const name = FUNCTION_NAME.exec(piece)?.[1];
    if (name !== undefined) byName.set(name, index);
  });
  const kept = new Set<number>();
  const pending: string[] = [roots];
  for (let code = pending.pop(); code !== undefined; code = pending.pop()) {
    for (const [identifier] of code.matchAll(IDENTIFIER)) {
      const index = byName.get(identifier);
      if (index === undefined || kept.has(index)) continue;
      kept.add(index);
      pending.push(pieces[index] as string);
    }
  }
  // Pieces that declare no function (none today) are kept as they are.
  return pieces.filter((piece, index) => kept.has(index) || !FUNCTION_NAME.test(piece));
}
