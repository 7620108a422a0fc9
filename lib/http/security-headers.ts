/**
 * The headers every response carries, from the front listener (/v1, its own
 * errors) and from Next (pages, through proxy.ts and next.config.ts). HTTPS
 * is a setting: PUBLIC_URL=https://… turns on HSTS and Secure cookies.
 */

/** The address people use to reach the app, when configured (links in invitations, HTTPS). */
export function publicUrl(env: Record<string, string | undefined> = process.env): URL | null {
  const value = env.PUBLIC_URL?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

export function servedOverHttps(env: Record<string, string | undefined> = process.env): boolean {
  return publicUrl(env)?.protocol === "https:";
}

/** For every response. */
export function baseSecurityHeaders(https = servedOverHttps()): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** JSON answers (the REST API, the front listener's own errors): nothing in them may run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Adds the security headers an answer does not set itself; one without a policy of its own may not run anything. */
export function addSecurityHeaders(headers: Headers) {
  for (const [key, value] of Object.entries(baseSecurityHeaders())) if (!headers.has(key)) headers.set(key, value);
  if (!headers.has("content-security-policy")) headers.set("content-security-policy", API_CSP);
}

/**
 * Pages: Next's documented nonce pattern (proxy.ts makes a nonce per
 * request, Next puts it on its scripts). Style attributes from the UI
 * primitives (Radix positions popovers inline) need 'unsafe-inline' for styles;
 * scripts never do.
 */
export function pageCsp(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
