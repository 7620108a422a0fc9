"use client";

import { useEffect, useRef, useState } from "react";

type RedocGlobal = { init: (spec: string, options: object, element: HTMLElement, callback?: (error?: unknown) => void) => void };

/** Redoc's options: offline (no Redocly logo from its CDN), the app's colours and type. */
const OPTIONS = {
  hideDownloadButton: true,
  nativeScrollbars: true,
  requiredPropsFirst: true,
  expandResponses: "200,201",
  jsonSampleExpandLevel: 3,
  pathInMiddlePanel: true,
  hideHostname: false,
  theme: {
    colors: { primary: { main: "#4338ca" } },
    typography: {
      fontFamily: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      headings: { fontFamily: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
      code: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace' },
    },
    sidebar: { width: "260px" },
  },
};

/**
 * Two fixes to Redoc's markup, applied again whenever it draws more (a tab, an
 * expanded response): the empty "#tag/…" link in each heading would make a
 * screen reader read an address before the title (the page's address follows
 * the scroll anyway), so it leaves the accessibility tree and the tab order;
 * a code sample that scrolls sideways gets a tab stop, so a keyboard can scroll it.
 */
function improveMarkup(root: HTMLElement) {
  for (const link of root.querySelectorAll<HTMLAnchorElement>(":is(h1, h2, h3) > a[href^='#']:not([aria-hidden])")) {
    if (link.textContent?.trim()) continue;
    link.setAttribute("aria-hidden", "true");
    link.tabIndex = -1;
  }
  for (const pre of root.querySelectorAll<HTMLElement>("pre:not([tabindex])")) pre.tabIndex = 0;
}

/**
 * Renders the served OpenAPI document with Redoc's bundle (loaded from this
 * app, after the page; Next's nonce-bearing scripts may add it under the
 * policy's 'strict-dynamic').
 */
export function ApiReference({ specUrl, bundleUrl, scrollYOffset }: { specUrl: string; bundleUrl: string; scrollYOffset: number }) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let pending = 0;
    const observer = new MutationObserver(() => {
      pending ||= requestAnimationFrame(() => {
        pending = 0;
        improveMarkup(element);
      });
    });
    const render = () => {
      const redoc = (window as unknown as { Redoc?: RedocGlobal }).Redoc;
      if (!redoc) return setFailed(true);
      redoc.init(specUrl, { ...OPTIONS, scrollYOffset }, element, (error) => {
        if (cancelled) return;
        if (error) return setFailed(true);
        improveMarkup(element);
        observer.observe(element, { childList: true, subtree: true });
      });
    };
    if ((window as unknown as { Redoc?: RedocGlobal }).Redoc) render();
    else {
      const script = document.createElement("script");
      script.src = bundleUrl;
      script.async = true;
      script.onload = () => !cancelled && render();
      script.onerror = () => !cancelled && setFailed(true);
      document.head.append(script);
    }
    return () => {
      cancelled = true;
      observer.disconnect();
      cancelAnimationFrame(pending);
    };
  }, [specUrl, bundleUrl, scrollYOffset]);
  return (
    <>
      {failed && (
        <p role="alert" className="m-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          The reference could not be drawn. The document itself is at{" "}
          <a className="font-medium underline" href={specUrl}>
            {specUrl}
          </a>
          .
        </p>
      )}
      <div ref={container} data-testid="api-reference" />
    </>
  );
}
