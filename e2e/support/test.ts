import { test as base, type Browser, type BrowserContext, type Page, type Response } from "@playwright/test";

export * from "@playwright/test";

/**
 * Playwright's `test`, with one change: `goto`, `reload`, `goBack`,
 * `goForward` and `waitForURL` of one of the app's pages return once React
 * has hydrated it
 * (components/hydration-mark.tsx sets `<html data-hydrated>`). Before that a
 * button is server HTML without its handler and a click on it is lost: with
 * two workers on two cores a "Create project" click now and then opened no
 * dialog, and the spec waited out its minute. Every page is covered, the
 * fixture's and those a spec opens itself with `browser.newContext()` or
 * `browser.newPage()`.
 */
export const test = base.extend({
  browser: [
    async ({ browser }, provide) => {
      await provide(hydrationAwareBrowser(browser));
    },
    { scope: "worker" },
  ],
  context: async ({ context }, provide) => {
    await provide(hydrationAwareContext(context));
  },
  page: async ({ page }, provide) => {
    await provide(hydrationAware(page));
  },
});

const HYDRATION_TIMEOUT_MS = 30_000;
const wrapped = new WeakSet<object>();

async function hydrated(page: Page, response: Response | null, url = response?.url()) {
  // No response: a same-document navigation (a hash). Not HTML: a file or an API answer. Nothing to hydrate.
  if (response && !(response.headers()["content-type"] ?? "").startsWith("text/html")) return response;
  if (!url) return response;
  await page
    .locator("html[data-hydrated]")
    .waitFor({ state: "attached", timeout: HYDRATION_TIMEOUT_MS })
    .catch(() => {
      throw new Error(`${url} was not hydrated within ${HYDRATION_TIMEOUT_MS / 1000} s (no <html data-hydrated>)`);
    });
  return response;
}

function hydrationAware(page: Page): Page {
  if (wrapped.has(page)) return page;
  wrapped.add(page);
  const { goto, reload, goBack, goForward, waitForURL } = page;
  page.goto = async (...args) => hydrated(page, await goto.apply(page, args));
  page.reload = async (...args) => hydrated(page, await reload.apply(page, args));
  page.goBack = async (...args) => hydrated(page, await goBack.apply(page, args));
  page.goForward = async (...args) => hydrated(page, await goForward.apply(page, args));
  // After a click that loaded a whole new document (a sign-in, a server redirect); a client-side move keeps the mark.
  page.waitForURL = async (...args) => {
    await waitForURL.apply(page, args);
    const html = await page.evaluate(() => document.contentType === "text/html").catch(() => true);
    if (html) await hydrated(page, null, page.url());
  };
  return page;
}

function hydrationAwareContext(context: BrowserContext): BrowserContext {
  if (wrapped.has(context)) return context;
  wrapped.add(context);
  for (const page of context.pages()) hydrationAware(page);
  context.on("page", hydrationAware);
  const { newPage } = context;
  context.newPage = async () => hydrationAware(await newPage.apply(context));
  return context;
}

function hydrationAwareBrowser(browser: Browser): Browser {
  if (wrapped.has(browser)) return browser;
  wrapped.add(browser);
  const { newContext, newPage } = browser;
  browser.newContext = async (...args) => hydrationAwareContext(await newContext.apply(browser, args));
  browser.newPage = async (...args) => {
    const page = hydrationAware(await newPage.apply(browser, args));
    hydrationAwareContext(page.context());
    return page;
  };
  return browser;
}
