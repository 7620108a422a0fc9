import type { Client } from "openapi-fetch";
import type { paths } from "./api.js";

export type { components, paths } from "./api.js";

/**
 * The typed client of the REST API (client.mjs): openapi-fetch over the types generated from the OpenAPI
 * document, with the bearer token and retries on 429 and 503 that respect Retry-After.
 */
export function apiClient(options: {
  url: string;
  token: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}): Client<paths>;
