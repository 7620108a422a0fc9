// @ts-check
import createClient from "openapi-fetch";

/**
 * The typed client of the REST API: openapi-fetch over the types generated
 * from the server's OpenAPI document (src/api.d.ts, `npm run api:client`),
 * with the bearer token, and retries with backoff on 429 and 503 that
 * respect Retry-After.
 *
 * @typedef {import("./api.js").paths} paths
 * @typedef {import("./api.js").components["schemas"]} schemas
 */

const RETRIES = 5;

/**
 * 429 is answered before anything is done: every call may be sent again. A 503 may come after a write was
 * made (its request-log event could not be written), so only reads and creates with an Idempotency-Key are
 * sent again after one.
 * @param {Request} request @param {number} status
 */
function retriable(request, status) {
  if (status === 429) return true;
  if (status !== 503) return false;
  return request.method === "GET" || request.headers.has("idempotency-key");
}

/**
 * @param {{ url: string; token: string; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> }} options
 */
export function apiClient({ url, token, fetch: send = fetch, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }) {
  /** @type {typeof fetch} */
  const retrying = async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      // A Request's body can be read once: each attempt sends a copy.
      const request = input instanceof Request ? input.clone() : input;
      const response = await send(request, init);
      if (!retriable(input instanceof Request ? input : new Request(input, init), response.status) || attempt === RETRIES) return response;
      const after = Number(response.headers.get("retry-after"));
      await response.body?.cancel();
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 30) * 1000 : 200 * 2 ** attempt);
    }
  };
  /** @type {import("openapi-fetch").Client<paths>} */
  const client = createClient({
    baseUrl: url.replace(/\/+$/, ""),
    headers: { Authorization: `Bearer ${token}`, "User-Agent": "eai-secrets" },
    fetch: retrying,
  });
  return client;
}
