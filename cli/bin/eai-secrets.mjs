#!/usr/bin/env node
// @ts-check
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { apiClient } from "../src/client.mjs";
import { toVariables, variableName } from "../src/names.mjs";

/**
 * eai-secrets — the Enterprise AI backoffice for Secrets from a shell.
 * Token from EAI_TOKEN, server from EAI_URL. A value is only ever written
 * to stdout by `get` and `export`, or handed to the program `run` starts;
 * never to stderr, never in an error, never taken from an argument.
 */

const USAGE = `Usage: eai-secrets <command> [options]

  run [--tool KEY] [--secret NAME]… [--allow-missing] [--override] -- <command…>
                         run a program with the secrets it may read (or a tool's
                         settings) as environment variables ("My API key" → MY_API_KEY)
  list [--json]          the project's secrets, never values
  get NAME               a secret's value, to stdout only
  set NAME [--json]      a secret's new value, from stdin or a hidden prompt
  export [--format dotenv|json]
                         every readable value, to stdout
  import FILE.env [--overwrite] [--json]
                         a secret for each KEY=value line (FILE "-" reads stdin);
                         existing names are skipped, or get a new version with --overwrite
  versions NAME [--json] a secret's versions
  rollback NAME VERSION [--json]
                         bring an earlier version's value back as a new version

Environment: EAI_URL (the app's address), EAI_TOKEN (a project API token).
Exit codes: 0 done; 2 usage; 3 configuration or token refused; 4 refused by the
server (forbidden, not found, not servable, invalid); 5 server unavailable or
unreachable. \`run\` exits with the program's own code. With --json, an error is
one JSON line on stderr: {"error": {"code", "message"}, "exitCode"}.`;

const EXIT = { usage: 2, config: 3, refused: 4, unavailable: 5 };
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Variables a secret may never set for the program `run` starts: they decide what runs and how (a secret
 * named "LD_PRELOAD" or "node options" would otherwise hand whoever may name secrets the program).
 */
const PROTECTED =
  /^(PATH|HOME|SHELL|USER|LOGNAME|PWD|IFS|ENV|BASH_ENV|BASH_FUNC_.*|PS4|PROMPT_COMMAND|LD_.*|DYLD_.*|NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS|PYTHON(PATH|STARTUP|HOME)|PERL5OPT|PERL5LIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|GIT_.*|SSL_CERT_(FILE|DIR)|EAI_TOKEN|EAI_URL)$/;

/** The code an error has in --json output when the server gave none. */
const CODE_OF_EXIT = { 2: "usage", 3: "configuration", 4: "refused", 5: "unavailable" };

class CliError extends Error {
  /** @param {number} exitCode @param {string} message @param {string} [code] the API's error code, when it gave one */
  constructor(exitCode, message, code) {
    super(message);
    this.exitCode = exitCode;
    this.code = code ?? CODE_OF_EXIT[/** @type {keyof typeof CODE_OF_EXIT} */ (exitCode)] ?? "failed";
  }
}

/** @param {string} message */
const usage = (message) => new CliError(EXIT.usage, `${message}\nRun "eai-secrets --help" for usage.`);

/**
 * The API's refusal as the CLI's error: its code and message, never a value (the API's errors carry none).
 * @param {Response} response
 * @param {unknown} error
 */
function apiFailure(response, error) {
  const body = /** @type {{ error?: { code?: string; message?: string } } | undefined} */ (error);
  const code = body?.error?.code ?? `http_${response.status}`;
  const message = body?.error?.message ?? `The server answered ${response.status}.`;
  const exitCode =
    response.status === 401 ? EXIT.config : response.status === 429 || response.status >= 500 ? EXIT.unavailable : EXIT.refused;
  return new CliError(exitCode, `${code}: ${message}`, code);
}

function connect() {
  const url = process.env.EAI_URL;
  const token = process.env.EAI_TOKEN;
  if (!url) throw new CliError(EXIT.config, "EAI_URL is not set: the app's address, e.g. https://secrets.example.com");
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(EXIT.config, "EAI_URL is not a URL: the app's address, e.g. https://secrets.example.com");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new CliError(EXIT.config, "EAI_URL must start with https:// (or http:// to this machine)");
  }
  if (parsed.protocol === "http:" && !LOOPBACK.test(parsed.hostname)) {
    throw new CliError(EXIT.config, "EAI_URL uses http:// to another machine: the token would cross the network in clear. Use https://.");
  }
  if (!token) throw new CliError(EXIT.config, "EAI_TOKEN is not set: a project API token from the app's API Tokens page");
  const client = apiClient({ url, token });
  /**
   * Sends a call and returns its data, or throws the CLI's error for its refusal or an unreachable server.
   * @template T
   * @param {() => Promise<{ data?: T; error?: unknown; response: Response }>} send
   * @returns {Promise<{ data: T; response: Response }>}
   */
  const call = async (send) => {
    let result;
    try {
      result = await send();
    } catch (error) {
      const cause = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code;
      throw new CliError(EXIT.unavailable, `Cannot reach ${url}${cause ? ` (${cause})` : ""}.`, "unreachable");
    }
    if (result.error !== undefined || !result.response.ok) throw apiFailure(result.response, result.error);
    return { data: /** @type {T} */ (result.data), response: result.response };
  };
  return { client, call };
}

/** @typedef {ReturnType<typeof connect>} Api */
/** @typedef {import("../src/api.js").components["schemas"]["Secret"]} Secret */

/** Every secret of the token's project, page by page. @param {Api} api @returns {Promise<Secret[]>} */
async function allSecrets({ client, call }) {
  /** @type {Secret[]} */
  const secrets = [];
  for (let start = 0; ;) {
    const { data } = await call(() => client.GET("/v1/secrets", { params: { query: { start, count: 100 } } }));
    secrets.push(...data.secrets);
    start += data.secrets.length;
    if (data.secrets.length === 0 || start >= data.total) return secrets;
  }
}

/** The secret with this name (names ignore case). @param {Api} api @param {string} name */
async function secretNamed({ client, call }, name) {
  const { data } = await call(() => client.GET("/v1/secrets", { params: { query: { name, count: 100 } } }));
  const found = data.secrets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new CliError(EXIT.refused, `not_found: No secret named "${name}" in the token's project.`, "not_found");
  return found;
}

/**
 * A secret's value, or why it is not served.
 * @param {Api} api @param {string} id
 * @returns {Promise<{ ok: true; value: string } | { ok: false; code: string; message: string }>}
 */
async function valueOf({ client }, id) {
  const { data, error, response } = await client.GET("/v1/secrets/{id}", { params: { path: { id } } });
  if (data) return { ok: true, value: data.secretString };
  const failure = apiFailure(response, error);
  if (response.status === 403) return { ok: false, code: /** @type {any} */ (error)?.error?.code ?? "forbidden", message: failure.message };
  throw failure;
}

/** @param {string[]} args */
async function run(args) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      tool: { type: "string" },
      secret: { type: "string", multiple: true },
      "allow-missing": { type: "boolean" },
      override: { type: "boolean" },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw usage("run needs a command after --: eai-secrets run -- node app.js");
  const api = connect();
  /** @type {{ name: string; value: string }[]} */
  const entries = [];
  /** @type {string[]} */
  const missing = [];
  if (values.tool !== undefined) {
    const tool = values.tool;
    const { data } = await api.call(() => api.client.GET("/v1/tools/{tool}/config", { params: { path: { tool } } }));
    for (const p of data.parameters) {
      if (p.status === "ok" && p.value !== null) entries.push({ name: p.key, value: String(p.value) });
      else if (p.fromSecret || p.status !== "unset")
        missing.push(`${p.key}: ${p.status}${p.secretName ? ` (secret "${p.secretName}")` : ""}`);
    }
  } else {
    const wanted = values.secret;
    const secrets = wanted ? await Promise.all(wanted.map((name) => secretNamed(api, name))) : await allSecrets(api);
    for (const secret of secrets) {
      const read = await valueOf(api, secret.id);
      if (read.ok) entries.push({ name: secret.name, value: read.value });
      // Without --secret, the secrets the token has no read access to are not its secrets: left out.
      else if (wanted || read.code !== "forbidden") missing.push(`"${secret.name}": ${read.message}`);
    }
  }
  if (missing.length && !values["allow-missing"]) {
    throw new CliError(
      EXIT.refused,
      `Not started: ${missing.length} value(s) not served (use --allow-missing to start without them):\n  ${missing.join("\n  ")}`,
    );
  }
  const variables = toVariables(entries);
  if (!variables.ok) throw new CliError(EXIT.refused, `Not started: ${variables.message}`);
  const source = Object.fromEntries(entries.map((e) => [variableName(e.name), e.name]));
  const guarded = Object.keys(variables.variables).filter((v) => PROTECTED.test(v));
  if (guarded.length) {
    throw new CliError(
      EXIT.refused,
      `Not started: ${guarded.map((v) => `"${source[v]}" → ${v}`).join(", ")} would set a variable that decides what runs; a secret never sets it.`,
    );
  }
  const present = Object.keys(variables.variables).filter((v) => process.env[v] !== undefined);
  if (present.length && !values.override) {
    throw new CliError(
      EXIT.refused,
      `Not started: ${present.map((v) => `"${source[v]}" → ${v}`).join(", ")} would replace a variable already set here; use --override to replace it.`,
    );
  }
  const [command, ...rest] = positionals;
  const child = spawn(command, rest, { stdio: "inherit", env: { ...process.env, ...variables.variables } });
  // Signals sent to the CLI go to the program. (Ctrl-C at a terminal already reaches the whole process group,
  // the program included: forwarding it too would be a second one, which many programs take as "quit now".)
  const tty = Boolean(process.stdin.isTTY);
  /** @type {NodeJS.Signals[]} */
  const forwarded = tty ? ["SIGTERM", "SIGHUP"] : ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = /** @param {NodeJS.Signals} signal */ (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  if (tty) process.on("SIGINT", () => {});
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`eai-secrets: cannot start ${command}: ${/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message}\n`);
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      if (!signal) return resolve(code ?? 1);
      // Killed by a signal: the CLI ends by the same signal, so a shell or a loop around it sees why.
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    });
  });
}

/** @param {string[]} args */
async function list(args) {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } } });
  const secrets = await allSecrets(connect());
  if (values.json) return print(JSON.stringify(secrets, null, 2));
  const width = Math.max(4, ...secrets.map((s) => s.name.length));
  print(
    [
      `${"NAME".padEnd(width)}  STATUS    VERSION  EXPIRES`,
      ...secrets.map((s) => `${s.name.padEnd(width)}  ${s.status.padEnd(8)}  ${String(s.version).padStart(7)}  ${s.expiresOn ?? "-"}`),
    ].join("\n"),
  );
}

/** @param {string[]} args */
async function get(args) {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) throw usage('get takes one NAME: eai-secrets get "My API key"');
  const api = connect();
  const read = await valueOf(api, (await secretNamed(api, positionals[0])).id);
  if (!read.ok) throw new CliError(EXIT.refused, read.message);
  process.stdout.write(read.value);
  if (process.stdout.isTTY) process.stdout.write("\n");
}

/** The new value: piped on stdin, or typed at a hidden prompt. */
async function readValue() {
  if (!process.stdin.isTTY) {
    const text = (await readStdin()).replace(/\r?\n$/, "");
    if (!text)
      throw new CliError(
        EXIT.usage,
        'No value on stdin: pipe it (printf %s "$VALUE" | eai-secrets set NAME) or run in a terminal to be prompted.',
      );
    return text;
  }
  process.stderr.write("Value (not shown): ");
  process.stdin.setRawMode(true);
  let value = "";
  try {
    for await (const chunk of process.stdin) {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return value;
        if (char === "\u0003") throw new CliError(130, "Cancelled.");
        value = char === "\u007f" ? value.slice(0, -1) : value + char;
      }
    }
    return value;
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stderr.write("\n");
  }
}

/** @param {string[]} args */
async function set(args) {
  const { values, positionals } = parseArgs({ args, options: { json: { type: "boolean" } }, allowPositionals: true });
  if (positionals.length > 1)
    throw usage("set never takes a value as an argument (it would stay in your shell's history): pipe it on stdin, or answer the prompt.");
  if (positionals.length !== 1) throw usage('set takes one NAME: eai-secrets set "My API key" < value.txt');
  const name = positionals[0];
  const api = connect();
  const value = await readValue();
  const { data: found } = await api.call(() => api.client.GET("/v1/secrets", { params: { query: { name, count: 100 } } }));
  const existing = found.secrets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    const { data } = await api.call(() =>
      api.client.PUT("/v1/secrets/{id}", { params: { path: { id: existing.id } }, body: { secretDefinition: { secretString: value } } }),
    );
    if (values.json) return print(JSON.stringify({ action: "updated", secret: data }, null, 2));
    process.stderr.write(`Saved "${data.name}" as version ${data.version}.\n`);
  } else {
    const { data } = await api.call(() =>
      api.client.POST("/v1/secrets", {
        params: { header: { "idempotency-key": crypto.randomUUID() } },
        body: { secretDefinition: { name, secretString: value } },
      }),
    );
    if (values.json) return print(JSON.stringify({ action: "created", secret: data }, null, 2));
    process.stderr.write(`Created "${data.name}" (version ${data.version}).\n`);
  }
}

/** @param {string[]} args */
async function exportValues(args) {
  const { values } = parseArgs({ args, options: { format: { type: "string", default: "dotenv" } } });
  if (values.format !== "dotenv" && values.format !== "json") throw usage("--format is dotenv or json");
  const api = connect();
  /** @type {{ name: string; value: string }[]} */
  const entries = [];
  for (const secret of await allSecrets(api)) {
    const read = await valueOf(api, secret.id);
    if (read.ok) entries.push({ name: secret.name, value: read.value });
  }
  if (values.format === "json") return print(JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.value])), null, 2));
  const variables = toVariables(entries);
  if (!variables.ok) throw new CliError(EXIT.refused, variables.message);
  print(
    Object.entries(variables.variables)
      // Single quotes, each ' written '\'': sourced by a shell, nothing in a value is run or expanded.
      .map(([k, v]) => `${k}='${v.replaceAll("'", "'\\''")}'`)
      .join("\n"),
  );
}

/** @param {string[]} args */
async function versions(args) {
  const { values, positionals } = parseArgs({ args, options: { json: { type: "boolean" } }, allowPositionals: true });
  if (positionals.length !== 1) throw usage("versions takes one NAME");
  const api = connect();
  const id = (await secretNamed(api, positionals[0])).id;
  const { data } = await api.call(() => api.client.GET("/v1/secrets/{id}/versions", { params: { path: { id } } }));
  if (values.json) return print(JSON.stringify(data, null, 2));
  print(
    [
      "VERSION  CREATED                   REVOKED",
      ...data.versions.map(
        (v) =>
          `${String(v.version).padStart(7)}  ${v.createdAt}  ${v.revoked ? "yes" : ""}${v.version === data.currentVersion ? "  (current)" : ""}`,
      ),
    ].join("\n"),
  );
}

/** @param {string[]} args */
async function rollback(args) {
  const { values, positionals } = parseArgs({ args, options: { json: { type: "boolean" } }, allowPositionals: true });
  const version = Number(positionals[1]);
  if (positionals.length !== 2 || !Number.isInteger(version) || version < 1)
    throw usage('rollback takes NAME and a VERSION number: eai-secrets rollback "My API key" 2');
  const api = connect();
  const id = (await secretNamed(api, positionals[0])).id;
  const { data } = await api.call(() => api.client.POST("/v1/secrets/{id}/rollback", { params: { path: { id } }, body: { version } }));
  if (values.json) return print(JSON.stringify(data, null, 2));
  process.stderr.write(`"${data.name}" now holds version ${version}'s value as version ${data.version}.\n`);
}

/**
 * The app's .env import for a file: the server applies the Secrets page's rules (new names all together or
 * none; existing names skipped, or overwritten where the token may write) and reports each line left out by
 * number and name, never with its value.
 * @param {string[]} args
 */
async function importFile(args) {
  const { values, positionals } = parseArgs({
    args,
    options: { overwrite: { type: "boolean" }, json: { type: "boolean" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw usage("import takes one FILE.env (or - for stdin): eai-secrets import .env");
  const file = positionals[0];
  const api = connect();
  let text;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (error) {
    const reason = /** @type {NodeJS.ErrnoException} */ (error).code ?? "unreadable";
    throw new CliError(EXIT.usage, `Cannot read ${file} (${reason}).`, "unreadable_file");
  }
  if (!text.trim()) throw new CliError(EXIT.usage, `${file === "-" ? "stdin" : file} is empty: nothing to import.`, "empty_file");
  const { data } = await api.call(() =>
    api.client.POST("/v1/secrets/import", { body: { text, existing: values.overwrite ? "overwrite" : "skip" } }),
  );
  if (values.json) return print(JSON.stringify(data, null, 2));
  const names = /** @param {string[]} list */ (list) => (list.length ? `: ${list.join(", ")}` : "");
  process.stderr.write(
    [
      `Created ${data.created.length}${names(data.created)}`,
      `Updated ${data.updated.length}${names(data.updated)}`,
      `Skipped ${data.skippedCount}${data.skippedCount ? ":" : ""}`,
      ...data.skipped.map((s) => `  line ${s.line}${s.name ? ` (${s.name})` : ""}: ${s.message}`),
      ...(data.skippedCount > data.skipped.length ? [`  and ${data.skippedCount - data.skipped.length} more lines`] : []),
    ].join("\n") + "\n",
  );
}

/** Everything piped on stdin, as text. */
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** @param {string} text */
function print(text) {
  process.stdout.write(`${text}\n`);
}

const COMMANDS = { run, list, get, set, export: exportValues, import: importFile, versions, rollback };

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === "--help" || command === "-h" || command === "help") {
    print(USAGE);
    return command ? 0 : EXIT.usage;
  }
  const handler = COMMANDS[/** @type {keyof typeof COMMANDS} */ (command)];
  if (!handler) throw usage(`Unknown command "${command}".`);
  return (await handler(args)) ?? 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // For scripts: the error as one JSON line (the same code and message, never a value).
    if (process.argv.includes("--json")) {
      const cli = error instanceof CliError;
      const parse = !cli && error?.code?.startsWith?.("ERR_PARSE_ARGS");
      const exitCode = cli ? error.exitCode : parse ? EXIT.usage : 1;
      const code = cli ? error.code : parse ? "usage" : "failed";
      const text = error instanceof Error ? error.message : String(error);
      const message = text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text;
      process.stderr.write(`${JSON.stringify({ error: { code, message }, exitCode })}\n`);
      process.exitCode = exitCode;
    } else if (error instanceof CliError) {
      process.stderr.write(`eai-secrets: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if (error?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      process.stderr.write(`eai-secrets: ${error.message}\nRun "eai-secrets --help" for usage.\n`);
      process.exitCode = EXIT.usage;
    } else {
      // Unexpected: the message only (a stack could hold nothing secret, but is noise to a user).
      process.stderr.write(`eai-secrets: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
