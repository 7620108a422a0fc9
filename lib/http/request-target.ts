/**
 * The one decision on where a request goes, made on the raw request target
 * before anything else reads it (the front listener of `npm start`). Only a
 * canonical origin-form path is routed: no absolute-form or `*` targets, no
 * dot segments, no empty segments, no backslashes, no malformed escapes, and
 * no escape of a character that needs none (`/%76%31/secrets` is `/v1/secrets`
 * to Next, so it must not reach Next looking like something else). What is
 * refused gets a 400 before it reaches the API or Next.
 */
export type RequestTarget =
  { kind: "api"; path: string; search: string } | { kind: "app"; path: string; search: string } | { kind: "reject"; reason: string };

/** RFC 3986 unreserved characters and "/": escaping them changes nothing but how a router may read the path. */
const NEEDLESSLY_ESCAPED = /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee]|2[Ff]|5[Cc])/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** Visible ASCII only (Node's parser already refuses controls and spaces). */
const PATH_CHARS = /^[\x21-\x7e]*$/;
const MAX_TARGET = 8 * 1024;

export function classifyRequestTarget(target: string | undefined): RequestTarget {
  if (!target) return { kind: "reject", reason: "missing request target" };
  if (target.length > MAX_TARGET) return { kind: "reject", reason: "request target too long" };
  if (!target.startsWith("/")) return { kind: "reject", reason: "only origin-form request targets are served" };
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  const search = q === -1 ? "" : target.slice(q);
  if (!PATH_CHARS.test(path) || path.includes("\\")) return { kind: "reject", reason: "invalid characters in the path" };
  if (path.includes("#")) return { kind: "reject", reason: "a fragment is not part of a request" };
  if (BAD_ESCAPE.test(path)) return { kind: "reject", reason: "malformed percent-escape in the path" };
  if (NEEDLESSLY_ESCAPED.test(path)) return { kind: "reject", reason: "needlessly escaped characters in the path" };
  const segments = path.split("/").slice(1);
  for (const [i, segment] of segments.entries()) {
    if (segment === "." || segment === "..") return { kind: "reject", reason: "dot segments in the path" };
    if (segment === "" && i !== segments.length - 1) return { kind: "reject", reason: "empty segment in the path" };
  }
  if (search.length > 0 && !PATH_CHARS.test(search)) return { kind: "reject", reason: "invalid characters in the query" };
  const api = path === "/v1" || path.startsWith("/v1/");
  return { kind: api ? "api" : "app", path, search };
}

/** A path parameter, decoded; null when its escapes do not decode to UTF-8 text. */
export function decodePathParam(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** A Host header worth echoing into links: a DNS name or IP literal with an optional port. */
export function isValidHost(host: string | undefined): host is string {
  return Boolean(
    host &&
    host.length <= 255 &&
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(
      host,
    ),
  );
}
