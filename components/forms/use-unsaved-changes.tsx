"use client";
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef } from "react";
import { useConfirmedStep } from "@/components/ui/confirm-dialog";

const GUARD = "__unsavedChangesGuard";

/** The step back that takes a guard's extra history entry away, until it has landed. */
let droppingEntry: Promise<void> | null = null;

/** Where a plain click on a link inside the app, to another page, goes; null for every other click. */
function inAppLink(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) {
    return null;
  }
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return null; // leaving the app: the browser's prompt asks
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Takes the current (extra) history entry away with one step back. The
 * browser lands that step later: a link followed before then would be undone
 * by it, back onto this page. So until it lands, a link's click is held, and
 * followed once it has.
 */
function dropGuardEntry(follow: (to: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let held: string | null = null;
    const hold = (event: MouseEvent) => {
      const to = inAppLink(event);
      if (to === null) return;
      event.preventDefault();
      event.stopPropagation();
      held = to;
    };
    const landed = () => {
      window.removeEventListener("popstate", landed);
      document.removeEventListener("click", hold, true);
      clearTimeout(fallback);
      droppingEntry = null;
      resolve();
      if (held !== null) follow(held);
    };
    window.addEventListener("popstate", landed);
    document.addEventListener("click", hold, true);
    const fallback = setTimeout(landed, 3000); // a step that never lands must not hold links forever
    window.history.back();
  });
}

/**
 * Asks before a page with unsaved changes is left, by every way out: a link
 * (the sidebar, the header, a breadcrumb), the browser's Back and Forward,
 * a reload or closing the tab. Returns the dialog to render; reload and
 * close use the browser's own prompt (the only one a page may show then).
 */
export function useUnsavedChanges(dirty: boolean) {
  const router = useRouter();
  const leaving = useRef(false);
  const { ask, dialog } = useConfirmedStep({
    title: "Leave without saving?",
    description: "You have changes on this page that are not saved. If you leave, they are lost.",
    cancelLabel: "Keep editing",
    confirmLabel: "Leave without saving",
  });

  // Reload, close the tab, or type another address.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving.current) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  // A link inside the app: caught before Next's router sees the click. A layout effect, so that the
  // listener is gone in the same commit that makes the page clean (a click right after a save leaves).
  useLayoutEffect(() => {
    if (!dirty) return;
    const onClick = (event: MouseEvent) => {
      const to = inAppLink(event);
      if (to === null) return;
      event.preventDefault();
      event.stopPropagation();
      ask(() => {
        leaving.current = true;
        router.push(to);
      });
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, [dirty, router, ask]);

  // Back and Forward: an extra history entry for this page takes the first step, and the person is asked.
  useEffect(() => {
    if (!dirty) return;
    let mounted = true;
    let guarding = false;
    const onPopState = () => {
      if (leaving.current) return;
      window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
      ask(() => {
        leaving.current = true;
        window.history.go(-2);
      });
    };
    const guard = () => {
      if (!mounted) return;
      leaving.current = false;
      window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
      window.addEventListener("popstate", onPopState);
      guarding = true;
    };
    // An earlier entry still being taken away: its step back must land first, or it would take this one.
    if (droppingEntry) void droppingEntry.then(guard);
    else guard();
    return () => {
      mounted = false;
      if (!guarding) return;
      window.removeEventListener("popstate", onPopState);
      // Saved or discarded while staying here: take the extra entry away again.
      if (!leaving.current && window.history.state?.[GUARD]) {
        leaving.current = true;
        droppingEntry = dropGuardEntry((to) => router.push(to));
      }
    };
  }, [dirty, router, ask]);

  return { dialog, allowLeaving: () => (leaving.current = true) };
}
