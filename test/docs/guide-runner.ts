/**
 * Follows a tutorial page as a reader would, in a scratch folder: runs its shell lines, writes and
 * edits the files it shows, and compares what the commands print with the page's output blocks. The
 * conventions are listed at the top of docs/getting-started.md.
 *
 * No network: `npm install` links gidl (this repository, built), TypeScript and @types/node, as
 * test/generator/init.e2e.test.ts does, and npm scripts are run without npm, command by command.
 * The only liberty taken with what the reader runs: the server listens on a free port (PORT=0) and
 * clients are pointed at it (GAME_URL); outputs show that port as 8080.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { cliPath } from "../setup/built-cli.js";
import { repoRoot, type CodeBlock } from "./markdown-blocks.js";

const commandTimeoutMs = 90_000;
const serverStartTimeoutMs = 60_000;

interface CommandRun {
  readonly command: string;
  readonly status: number | null;
  /** stdout, then stderr. */
  readonly output: string;
}

export class GuideRunner {
  private cwd: string;
  private server: ChildProcess | undefined;
  private serverUrl: string | undefined;
  private lastRun: CommandRun | undefined;
  private lastExcerpt: { file: string; content: string } | undefined;

  constructor(scratch: string) {
    this.cwd = scratch;
  }

  /** What the last command printed, as the page's output blocks show it. */
  get lastOutput(): string {
    return this.lastRun === undefined ? "" : normalizeOutput(this.lastRun.output);
  }

  /** Runs one block; throws with the block's line when the page and reality disagree. */
  async run(block: CodeBlock): Promise<void> {
    try {
      if (block.lang === "sh") await this.runShell(block);
      else if (block.lang === "text" && "output" in block.attributes) this.checkOutput(block.content);
      else if (block.attributes.file !== undefined) this.applyFile(block);
      else throw new Error(`no convention for a \`\`\`${block.lang} block without file=`);
    } catch (error) {
      throw new Error(`docs block at line ${block.line}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Stops the server as Ctrl-C would; resolves with its exit code. */
  async stopServer(): Promise<number | null> {
    const server = this.server;
    this.server = undefined;
    this.serverUrl = undefined;
    if (server === undefined || server.exitCode !== null) return server?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => {
      server.once("exit", (code) => {
        resolve(code);
      });
    });
    server.kill("SIGINT");
    const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  private async runShell(block: CodeBlock): Promise<void> {
    const mustFail = "fails" in block.attributes;
    for (const raw of block.content.split("\n")) {
      const line = raw.replace(/\s+#.*$/, "").trim();
      if (line === "" || line.startsWith("#")) continue;
      const run = await this.runLine(line);
      this.lastRun = run;
      if (mustFail && run.status === 0) throw new Error(`\`${line}\` succeeded; the page says it fails`);
      if (!mustFail && run.status !== 0) {
        throw new Error(`\`${line}\` exited with ${String(run.status)}:\n${run.output}`);
      }
    }
  }

  private async runLine(line: string): Promise<CommandRun> {
    const [program = "", ...args] = line.split(/\s+/);
    if (program === "cd" && args.length === 1) {
      this.cwd = path.resolve(this.cwd, args[0] ?? "");
      return { command: line, status: 0, output: "" };
    }
    if (program === "npx" && args[0] === "gidl") return this.exec(line, [cliPath, ...args.slice(1)]);
    if (program === "npm" && args.length === 1 && args[0] === "install") {
      linkDependencies(this.cwd);
      return { command: line, status: 0, output: "" };
    }
    if (program === "npm" && args.length === 1 && args[0] === "start") return this.runScript("start");
    if (program === "npm" && args[0] === "run" && args.length === 2) return this.runScript(args[1] ?? "");
    if (program === "node") return this.exec(line, args);
    throw new Error(`the test cannot run \`${line}\`: teach GuideRunner.runLine the command`);
  }

  /** A package.json script as npm runs it: `a && b`, nested `npm run x`, and the binaries it names. */
  private async runScript(name: string): Promise<CommandRun> {
    const manifest = JSON.parse(readFileSync(path.join(this.cwd, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const script = manifest.scripts[name];
    if (script === undefined) throw new Error(`package.json has no script ${name}`);
    let output = "";
    for (const part of script.split("&&").map((command) => command.trim())) {
      const [program = "", ...args] = part.split(/\s+/);
      let run: CommandRun;
      if (program === "npm" && args[0] === "run" && args[1] !== undefined)
        run = await this.runScript(args[1]);
      else if (program === "gidl") run = this.exec(part, [cliPath, ...args]);
      else if (program === "tsc")
        run = this.exec(part, [path.join(this.cwd, "node_modules/typescript/bin/tsc"), ...args]);
      else if (program === "node" && name === "start") run = await this.startServer(part, args);
      else if (program === "node") run = this.exec(part, args);
      else throw new Error(`the test cannot run \`${part}\` (script ${name})`);
      output += run.output;
      if (run.status !== 0) return { command: name, status: run.status, output };
    }
    return { command: name, status: 0, output };
  }

  private exec(command: string, args: readonly string[]): CommandRun {
    const run = spawnSync(process.execPath, args, {
      cwd: this.cwd,
      encoding: "utf8",
      env: this.env(),
      timeout: commandTimeoutMs,
    });
    if (run.error !== undefined) throw new Error(`\`${command}\`: ${run.error.message}`);
    return { command, status: run.status, output: run.stdout + run.stderr };
  }

  /** `npm start` keeps running: the reader's Ctrl-C before starting it again is stopServer. */
  private async startServer(command: string, args: readonly string[]): Promise<CommandRun> {
    await this.stopServer();
    const server = spawn(process.execPath, args, {
      cwd: this.cwd,
      env: { ...this.env(), PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.server = server;
    const output = await new Promise<string>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => {
        reject(new Error(`the server printed no "listening on" within ${serverStartTimeoutMs} ms:\n${seen}`));
      }, serverStartTimeoutMs);
      const onData = (chunk: Buffer): void => {
        seen += chunk.toString("utf8");
        const url = /listening on (ws:\/\/[\w.]+:\d+)\n/.exec(seen)?.[1];
        if (url === undefined) return;
        clearTimeout(timer);
        this.serverUrl = url;
        resolve(seen);
      };
      server.stdout.on("data", onData);
      server.stderr.on("data", onData);
      server.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${String(code)} before listening:\n${seen}`));
      });
    });
    return { command, status: 0, output };
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.PORT;
    delete env.GAME_URL;
    if (this.serverUrl !== undefined) env.GAME_URL = this.serverUrl;
    return env;
  }

  private checkOutput(expected: string): void {
    if (this.lastRun === undefined) throw new Error("an output block before any command");
    const actual = this.lastOutput.trimEnd();
    const pattern = new RegExp(`^${expected.trimEnd().split("…").map(escapeRegExp).join(".*?")}$`);
    if (!pattern.test(actual)) {
      throw new Error(`\`${this.lastRun.command}\` printed:\n${actual}\n\nthe page shows:\n${expected}`);
    }
  }

  private applyFile(block: CodeBlock): void {
    const { file = "", after, before } = block.attributes;
    const target = path.join(this.cwd, file);
    if (
      !("excerpt" in block.attributes || "replace" in block.attributes) &&
      after === undefined &&
      before === undefined
    ) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, block.content);
      return;
    }
    if (!existsSync(target)) throw new Error(`${file} does not exist`);
    const text = readFileSync(target, "utf8");
    if ("excerpt" in block.attributes) {
      if (!text.includes(block.content))
        throw new Error(`${file} does not contain the excerpt; it reads:\n${text}`);
      this.lastExcerpt = { file, content: block.content };
    } else if ("replace" in block.attributes) {
      const excerpt = this.lastExcerpt;
      if (excerpt?.file !== file) throw new Error(`replace needs an excerpt of ${file} just before it`);
      if (text.split(excerpt.content).length !== 2)
        throw new Error(`the excerpt is not in ${file} exactly once`);
      writeFileSync(
        target,
        text.replace(excerpt.content, () => block.content),
      );
      this.lastExcerpt = undefined;
    } else {
      writeFileSync(target, insertAtLine(text, after ?? before ?? "", block.content, after !== undefined));
    }
  }
}

/** Inserts `content` after (or before) the one line of `text` that reads `anchor`. */
function insertAtLine(text: string, anchor: string, content: string, after: boolean): string {
  const lines = text.split("\n");
  const matches = lines.flatMap((line, index) => (line === anchor ? [index] : []));
  if (matches.length !== 1) throw new Error(`"${anchor}" is on ${matches.length} lines, not exactly one`);
  const at = (matches[0] ?? 0) + (after ? 1 : 0);
  lines.splice(at, 0, ...content.replace(/\n$/, "").split("\n"));
  return lines.join("\n");
}

function normalizeOutput(output: string): string {
  return output.replace(/(ws:\/\/127\.0\.0\.1):\d+/g, "$1:8080");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What `npm install` would put in node_modules, as links into this repository. */
function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(repoRoot, path.join(dir, "node_modules", "gidl"), "dir");
  symlinkSync(
    path.join(repoRoot, "node_modules/typescript"),
    path.join(dir, "node_modules/typescript"),
    "dir",
  );
  symlinkSync(
    path.join(repoRoot, "node_modules/@types/node"),
    path.join(dir, "node_modules/@types/node"),
    "dir",
  );
}
