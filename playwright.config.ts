import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";
import { E2E } from "./e2e/support/environment";

/**
 * End-to-end tests against the production build served by `npm start` on a
 * fresh embedded database in .data/e2e (scripts/e2e.mjs prepares both).
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Only a guard against a hung test (assertions wait 10 s each). A whole flow of fifteen pages, on two cores
  // shared by two browsers, the app and PostgreSQL, took up to 61 s while the axe specs ran beside it.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 800 } },
      dependencies: ["setup"],
      testIgnore: /(authorization|escalation)-matrix|action-fuzz|two-instances|launcher|leak/,
    },
    // Visits every page as two people and then searches the server log and every database column: after
    // the other specs (more data to search) and alone (it is long, and a parallel worker starves it on two cores).
    { name: "leak", testMatch: /leak\.spec\.ts/, dependencies: ["chromium"] },
    // These compare whole tables before and after each denied call, so they run alone.
    { name: "authorization", testMatch: /authorization-matrix\.spec\.ts/, dependencies: ["leak"] },
    { name: "action-fuzz", testMatch: /action-fuzz\.spec\.ts/, dependencies: ["authorization"] },
    { name: "escalation", testMatch: /escalation-matrix\.spec\.ts/, dependencies: ["action-fuzz"] },
    // These start more app instances (each a build's worth of processes): last, so they slow no other spec.
    { name: "instances", testMatch: /(two-instances|launcher)\.spec\.ts/, dependencies: ["escalation"] },
  ],
  webServer: [
    {
      // The identity provider single sign-on is tested against: a real OpenID provider on a loopback port.
      command: "node e2e/support/identity-provider.mjs",
      url: `${E2E.oidc.issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        OIDC_PORT: String(E2E.oidc.port),
        E2E_PORT: String(E2E.port),
        OIDC_CLIENT_ID: E2E.oidc.clientId,
        OIDC_CLIENT_SECRET: E2E.oidc.clientSecret,
      },
    },
    {
      command: "npm start",
      url: `${E2E.baseURL}/health`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATA_DIR: E2E.dataDir,
        PORT: String(E2E.port),
        DATABASE_URL: "",
        ADMIN_EMAIL: E2E.users.admin.email,
        ADMIN_PASSWORD: E2E.users.admin.password,
        SERVER_LOG_FILE: E2E.serverLog,
        // Low enough for the flood test to reach; every other spec stays far below it per token.
        API_RATE_LIMIT_PER_MINUTE: "150",
        OIDC_ISSUER: E2E.oidc.issuer,
        OIDC_CLIENT_ID: E2E.oidc.clientId,
        OIDC_CLIENT_SECRET: E2E.oidc.clientSecret,
        OIDC_NAME: E2E.oidc.name,
      },
    },
  ],
});
