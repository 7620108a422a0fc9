import type { LaunchOptions } from "@playwright/test";

/**
 * How the tests and the screenshot script start Chromium: Debian's build when scripts/e2e.mjs found one
 * (CHROMIUM_PATH), without a sandbox (containers), a GPU or anything that calls home.
 */
export function chromiumLaunchOptions(fallbackPath?: string): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH || fallbackPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}
