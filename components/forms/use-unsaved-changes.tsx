"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { useConfirmedStep } from "@/components/ui/confirm-dialog";

/**
 * The step back that takes a guard's extra history entry away, until it has
 * landed (history.back() lands later, asynchronously).
 */
let droppingEntry: Promise<void> | null = null;
/** How many guards on the page have unsaved changes right now. */
let dirtyGuards = 0;

/** Runs `step` once no guard's step back is on its way (at once when none is). */
export function afterHistorySettles(step: () => void) {
  if (droppingEntry) void droppingEntry.then(step);
  else step();
}

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
 * Takes the current (extra) history entry away with one step back, then
 * goes to `then` if given. Until that step lands, a link followed would be
 * undone by it, back onto this page: so meanwhile a link's click is held, and
 * followed once it has landed (unless a guard has unsaved changes again by
 * then: that guard asks first).
 */
function dropGuardEntry(follow: (to: string) => void, then: string | null = null): Promise<void> {
  return new Promise((resolve) => {
    let held = then;
    const hold = (event: MouseEvent) => {
      if (dirtyGuards > 0) return;
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
  // Whether this guard's extra entry is the one on top. (Not a mark in history.state: Next's router replaces the
  // state of the entry on top when the page's data comes back, after a save that left changes unsaved.)
  const entryOnTop = useRef(false);
  const { ask, dismiss, dialog } = useConfirmedStep({
    title: "Leave without saving?",
    description: "You have changes on this page that are not saved. If you leave, they are lost.",
    cancelLabel: "Keep editing",
    confirmLabel: "Leave without saving",
  });

  /** Leaves for `to` on purpose (the person chose to, or the work is saved): the extra entry goes first, so Back is one step. */
  const leave = useCallback(
    (to: string) => {
      leaving.current = true;
      if (entryOnTop.current) {
        entryOnTop.current = false;
        droppingEntry = dropGuardEntry((next) => router.push(next), to);
      } else afterHistorySettles(() => router.push(to));
    },
    [router],
  );

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

  // A link inside the app: caught before Next's router sees the click. Layout effects, here and below, so that
  // the page's listeners change in the same commit that makes it clean or dirty (a click right after a save).
  useLayoutEffect(() => {
    if (!dirty) return;
    dirtyGuards += 1;
    const onClick = (event: MouseEvent) => {
      const to = inAppLink(event);
      if (to === null) return;
      event.preventDefault();
      event.stopPropagation();
      ask(() => leave(to));
    };
    document.addEventListener("click", onClick, true);
    return () => {
      dirtyGuards -= 1;
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, ask, leave]);

  // Back and Forward: an extra history entry for this page takes the first step, and the person is asked.
  useLayoutEffect(() => {
    if (!dirty) return;
    let mounted = true;
    let guardedHref = "";
    const onPopState = () => {
      // Another guard's own step back (a dialog's, say), or leaving on purpose: not the person's Back.
      if (leaving.current || droppingEntry) return;
      window.history.pushState(window.history.state, "", window.location.href);
      ask(() => {
        leaving.current = true;
        entryOnTop.current = false;
        window.history.go(-2);
      });
    };
    const guard = () => {
      if (!mounted) return;
      leaving.current = false;
      guardedHref = window.location.href;
      window.history.pushState(window.history.state, "", guardedHref);
      entryOnTop.current = true;
      window.addEventListener("popstate", onPopState);
    };
    // An earlier entry still being taken away: its step back must land first, or it would take this one.
    afterHistorySettles(guard);
    return () => {
      mounted = false;
      window.removeEventListener("popstate", onPopState);
      if (leaving.current) return;
      // Saved or discarded while staying here: a question still open no longer applies, and the extra entry goes.
      dismiss();
      if (entryOnTop.current && window.location.href === guardedHref) {
        entryOnTop.current = false;
        leaving.current = true;
        droppingEntry = dropGuardEntry((to) => router.push(to));
      }
    };
  }, [dirty, router, ask, dismiss]);

  return { dialog, leave };
}
