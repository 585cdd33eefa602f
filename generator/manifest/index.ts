/**
 * manifest.json: what tools (deploy scripts, dashboards, `acceptSchemas` bookkeeping) need to know
 * about the API without reading TypeScript: package, version, hash, the generator, and every method
 * and event with its attributes (docs/cli.md "The generated files"). Its `generatedBy` and `hash`
 * stand for the header that JSON cannot carry as a comment (docs/cli.md "Headers and stable output").
 */
import type { Documented } from "../../idl/model.js";
import type { TargetContext } from "../context.js";
import type { OutputFile } from "../framework/generated-file.js";
import { generatedBy } from "../framework/header.js";

export function generateManifest(context: TargetContext): OutputFile {
  const { model } = context;
  const manifest = {
    generatedBy,
    source: context.header.schemaFile,
    package: model.package,
    version: model.version,
    hash: model.hash,
    session: model.session && {
      maxPlayers: model.session.maxPlayers,
      joinInProgress: model.session.joinInProgress,
    },
    methods: Object.fromEntries(
      model.services.flatMap((service) =>
        service.methods.map((method) => [
          method.fullName,
          {
            kind: method.kind,
            builtin: service.builtin,
            throws: method.throws,
            attributes: { ...method.policy, ...deprecation(method) },
          },
        ]),
      ),
    ),
    events: Object.fromEntries(
      model.services.flatMap((service) =>
        service.events.map((event) => [
          event.fullName,
          {
            recipients: event.recipients,
            builtin: service.builtin,
            attributes: { reliable: event.reliable, ...deprecation(event) },
          },
        ]),
      ),
    ),
    errors: Object.fromEntries(
      model.errors.map((error) => [error.code, { retryable: error.retryable, ...deprecation(error) }]),
    ),
  };
  return { path: "manifest.json", content: `${JSON.stringify(manifest, null, 2)}\n` };
}

function deprecation(item: Documented): { deprecated?: string } {
  return item.deprecated === undefined ? {} : { deprecated: item.deprecated };
}
