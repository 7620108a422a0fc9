import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * The API's contract check: a call the tests made (request and answer)
 * against the OpenAPI document the server serves at /v1/openapi.json, with
 * a JSON Schema validator of its own (Ajv), not the zod schemas the document
 * was generated from. Used by the end-to-end specs' API contexts
 * (e2e/support/tokens.ts) and by the fuzz suite (tests/fuzz.test.ts), so
 * the document cannot drift from what the server does.
 *
 * Rules: the path and method must be documented (else the answer must be
 * the API's 404 or 405 error); the answer's status must be one the
 * operation documents, and its body must match that status's schema; a 2xx
 * answer must have come from a request the document calls valid (path
 * parameters, query, body and content type).
 */

export type ApiCall = {
  method: string;
  /** Path and query, as sent. */
  url: string;
  contentType?: string | null;
  /** The body as sent, when there was one. */
  body?: string | null;
  status: number;
  /** The answer's body as text. */
  answer: string;
  /** The request's headers, when the caller knows them (header parameters are then checked too). */
  headers?: Record<string, string>;
};

type Schema = Record<string, unknown>;
type Operation = {
  operationId: string;
  parameters?: { name: string; in: "path" | "query" | "header"; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

export type Contract = {
  check: (call: ApiCall) => string[];
  /** operationId → statuses seen, for a test that wants every operation exercised. */
  seen: Map<string, Set<number>>;
  operations: string[];
};

export function contractFrom(document: Document): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  // (ajv-formats is CommonJS: its function is the default export or that export's own `default`, by loader.)
  const formats = addFormats as unknown as { default?: typeof addFormats };
  (formats.default ?? addFormats)(ajv);
  ajv.addSchema({ $id: "doc", components: document.components ?? {} });
  const compiled = new Map<Schema, ValidateFunction>();
  // "#/components/schemas/X" refers to the document: rebased on the schema registered as "doc".
  const rebase = (schema: Schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Schema;
  const validator = (schema: Schema) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(rebase(schema))));
    return v;
  };
  const problemsOf = (schema: Schema, value: unknown, where: string) => {
    const validate = validator(schema);
    return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
  };

  const routes = Object.entries(document.paths).map(([template, methods]) => ({
    template,
    pattern: new RegExp(`^${template.replaceAll(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
    methods,
  }));
  const seen = new Map<string, Set<number>>();

  function check(call: ApiCall): string[] {
    const url = new URL(call.url, "http://contract.invalid");
    // One trailing slash is ignored (the API's info says so).
    if (url.pathname.length > 1 && url.pathname.endsWith("/")) url.pathname = url.pathname.slice(0, -1);
    const method = call.method.toLowerCase();
    const label = `${call.method} ${url.pathname}${url.search} → ${call.status}`;
    let answer: unknown;
    try {
      answer = call.answer === "" ? undefined : JSON.parse(call.answer);
    } catch {
      return [`${label}: the answer is not JSON`];
    }
    const route = routes.find((r) => r.pattern.test(url.pathname));
    const operation = route?.methods[method];
    if (!route || !operation) {
      // Undocumented: only the API's own refusals may answer it.
      // (A method the API never serves is refused before the path is looked at: 405 on any path.)
      const error = document.components?.schemas?.Error;
      // (The front listener refuses a path no server should act on, "//" or "%2F" say, with 400 first, and a body over
      // the limit is refused with 413 before the path is looked at.)
      if (![400, 404, 405, 413].includes(call.status)) {
        return [`${label}: undocumented ${route ? "method" : "path"} answered ${call.status}, not 400, 404, 405 or 413`];
      }
      return error ? problemsOf(error, answer, label) : [];
    }
    const statuses = seen.get(operation.operationId) ?? new Set<number>();
    statuses.add(call.status);
    seen.set(operation.operationId, statuses);

    const problems: string[] = [];
    const response = operation.responses[String(call.status)];
    if (!response) {
      problems.push(`${label}: status ${call.status} is not documented for ${operation.operationId}`);
    } else {
      const schema = response.content?.["application/json"]?.schema;
      if (schema) problems.push(...problemsOf(schema, answer, `${label}, answer`));
    }

    // The request, as the document describes it.
    const requestProblems: string[] = [];
    const match = route.pattern.exec(url.pathname)!;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === "path") {
        let value: string;
        try {
          value = decodeURIComponent(match.groups![parameter.name]);
        } catch {
          requestProblems.push(`path parameter ${parameter.name} does not decode`);
          continue;
        }
        requestProblems.push(...problemsOf(parameter.schema, value, `path parameter ${parameter.name}`));
      } else if (parameter.in === "header") {
        if (!call.headers) continue;
        const sent = Object.entries(call.headers).find(([name]) => name.toLowerCase() === parameter.name.toLowerCase())?.[1];
        if (sent === undefined) {
          if (parameter.required) requestProblems.push(`header ${parameter.name} is required`);
          continue;
        }
        requestProblems.push(...problemsOf(parameter.schema, sent, `header ${parameter.name}`));
      } else {
        const values = url.searchParams.getAll(parameter.name);
        if (values.length === 0) {
          if (parameter.required) requestProblems.push(`query parameter ${parameter.name} is required`);
          continue;
        }
        const type = parameter.schema.type;
        const typed = (v: string) => (type === "integer" || type === "number" ? (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v) : v);
        requestProblems.push(
          ...problemsOf(parameter.schema, values.length === 1 ? typed(values[0]) : values, `query parameter ${parameter.name}`),
        );
      }
    }
    if (operation.requestBody) {
      const media = operation.requestBody.content["application/json"];
      if (!call.contentType?.toLowerCase().startsWith("application/json")) requestProblems.push("the body is not sent as application/json");
      else {
        try {
          requestProblems.push(...problemsOf(media.schema, JSON.parse(call.body ?? ""), "body"));
        } catch {
          requestProblems.push("the body is not JSON");
        }
      }
    }
    if (call.status >= 200 && call.status < 300 && requestProblems.length) {
      problems.push(`${label}: answered ${call.status} to a request the document calls invalid: ${requestProblems.join("; ")}`);
    }
    return problems;
  }

  const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
  return { check, seen, operations };
}
