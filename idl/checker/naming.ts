/**
 * The naming rules of docs/language.md "Naming rules": types PascalCase, fields, params, members
 * and services camelCase (both warnings), error codes SCREAMING_SNAKE_CASE (an error: codes are the
 * API's public constants). Enum members and union variant tags have no rule: they are values on the
 * wire.
 */
import type { CheckContext } from "./context.js";
import { forEachElement } from "./walk.js";

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const SCREAMING_SNAKE_CASE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export function checkNaming(context: CheckContext): void {
  forEachElement(context, ({ file, kind, name }) => {
    if (name === undefined) return;
    const text = name.text;
    switch (kind) {
      case "alias":
      case "enum":
      case "struct":
      case "union":
      case "session":
        if (!PASCAL_CASE.test(text)) {
          context.report(file, name, "type-name-style", { name: text }, suggestion(pascalCase(text)));
        }
        return;
      case "service":
      case "rpc":
      case "send":
      case "event":
      case "field":
      case "parameter":
        if (!CAMEL_CASE.test(text)) {
          context.report(
            file,
            name,
            "member-name-style",
            { what: kind, name: text },
            suggestion(camelCase(text)),
          );
        }
        return;
      case "error":
        if (!SCREAMING_SNAKE_CASE.test(text)) {
          context.report(
            file,
            name,
            "error-code-style",
            { name: text },
            suggestion(screamingSnakeCase(text)),
          );
        }
        return;
      default:
        return;
    }
  });
}

function suggestion(name: string): string | undefined {
  return name === "" ? undefined : `e.g. '${name}'`;
}

/** "player_id", "PlayerID", "playerId" → ["player", "id"] / ["player", "i", "d"]…: words by case and underscores. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function pascalCase(name: string): string {
  return words(name).map(upperFirst).join("");
}

function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

function screamingSnakeCase(name: string): string {
  return words(name)
    .map((word) => word.toUpperCase())
    .join("_");
}
