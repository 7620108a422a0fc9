/**
 * A real OpenID Connect identity provider for the end-to-end tests (the `oidc-provider` package, certified
 * OpenID), on a loopback port, started by Playwright before the app (playwright.config.ts). Its sign-in page
 * is oidc-provider's own: the login typed there is the account.
 *
 *   - `ada@example.com` signs in as that email, verified, with that login as the subject;
 *   - `ada@example.com#2` is another account (subject) at the provider claiming the same email;
 *   - `unverified:ada@example.com` has that email, not verified.
 *
 * `POST /__test/tamper?mode=issuer|audience|nonce|expired` makes the next token answer carry an ID token with
 * that claim wrong (signed with the provider's own key, so only the claim check can catch it);
 * `POST /__test/hold` shows the next answer to the app on the provider's page instead of sending it.
 */
import { createHash } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3190);
const appPort = Number(process.env.E2E_PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;
const CLIENT = { id: process.env.OIDC_CLIENT_ID, secret: process.env.OIDC_CLIENT_SECRET };
if (!CLIENT.id || !CLIENT.secret) throw new Error("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set");

const { privateKey } = await generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: "e2e-key", alg: "RS256", use: "sig" };

function account(login) {
  const unverified = login.startsWith("unverified:");
  const email = (unverified ? login.slice("unverified:".length) : login).split("#")[0];
  return {
    accountId: login,
    async claims() {
      return { sub: login, email, email_verified: !unverified, name: `SSO ${email.split("@")[0]}` };
    },
  };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
      redirect_uris: ["127.0.0.1", "localhost"].map((host) => `http://${host}:${appPort}/api/auth/callback/oidc`),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [createHash("sha256").update(`e2e-idp-${port}`).digest("hex")] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  findAccount: (_ctx, id) => account(id),
  // A first-party application: no consent page, the grant is given.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true } },
});

let tamper = null;
let hold = false;

provider.use(async (ctx, next) => {
  if (ctx.path === "/__test/tamper" && ctx.method === "POST") {
    tamper = ctx.query.mode || null;
    ctx.body = { tamper };
    return;
  }
  if (ctx.path === "/__test/hold" && ctx.method === "POST") {
    hold = true;
    ctx.body = { hold };
    return;
  }
  await next();
  // Held: the next answer to the app is shown instead of sent (as someone who captured it would have it).
  const location = ctx.response.get("location");
  if (hold && location && location.includes("/api/auth/callback/oidc")) {
    hold = false;
    ctx.status = 200;
    ctx.remove("location");
    ctx.type = "html";
    ctx.body = `<!doctype html><title>Held</title><p id="answer">${location.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`;
    return;
  }
  if (ctx.path === "/token" && tamper && ctx.body && typeof ctx.body === "object" && ctx.body.id_token) {
    const mode = tamper;
    tamper = null;
    const claims = decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (mode === "issuer") claims.iss = "http://127.0.0.1:1/someone-else";
    if (mode === "audience") claims.aud = "another-application";
    if (mode === "nonce") claims.nonce = "not-the-nonce-that-was-sent";
    if (mode === "expired") Object.assign(claims, { iat: now - 3600, exp: now - 1800 });
    const { kid, alg } = decodeProtectedHeader(ctx.body.id_token);
    ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader({ alg, kid }).sign(privateKey) };
  }
});

provider.listen(port, "127.0.0.1", () => console.log(`[idp] OpenID provider at ${issuer}`));
