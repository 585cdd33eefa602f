/**
 * testkit.ts: `createTestKit()`, which starts this API's server in-process on 127.0.0.1:0 with typed
 * clients connected (gidl/testkit's `startTestKit`, bound to this API's server, client and events).
 */
import type { TargetContext } from "../context.js";
import { createGeneratedFile, type OutputFile } from "../framework/generated-file.js";

export function generateTestKit(context: TargetContext): OutputFile {
  const file = createGeneratedFile("testkit.ts", context.header);
  file.importValue("startTestKit", "gidl/testkit");
  file.importValue("createClient", "./client.js");
  file.importType("Client", "./client.js");
  file.importValue("definition", "./definition.js");
  file.importValue("createServer", "./server.js");
  file.importType("Server", "./server.js");
  file.importType("ServerConfig", "./server.js");
  file.importType("Events", "./types.js");
  file.print(context.templates.render("testkit.ts.hbs", {}));
  return file.toOutputFile();
}
