"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect } from "react";
import { useConfirmedStep } from "@/components/ui/confirm-dialog";

/**
 * The step back that takes the page's extra history entry away, until it has
 * landed (history.back() lands later, asynchronously).
 */
let droppingEntry: Promise<void> | null = null;
/**
 * The guards on the page with unsaved changes, in the order they became so.
 * The first speaks for all (a page can hold two forms, or a form and a
 * dialog): it asks, once, when a link or Back would leave; the others wait.
 */
const dirtyGuards: { ask: (step: () => void) => void; leave: (to: string) => void }[] = [];
/**
 * The page's one extra history entry while any guard has unsaved changes:
 * pushed by the first, kept while another still has them, and taken away
 * with the last (or when the page is left on purpose). Null when none is on
 * top. (Not a mark in history.state: Next's router replaces the state of the
 * entry on top when the page's data comes back, after a save that left
 * changes unsaved.)
 */
let extraEntry: { href: string; first: boolean } | null = null;
/** The page is being left on purpose (or the extra entry taken away): no question, no prompt. */
let leavingOnPurpose = false;

/**
 * Whether the page's own entry is its tab's first, read right after the extra
 * entry is pushed on top of it: a page opened in a new tab has nothing before
 * it to go back to. (A push drops every entry after it, so the tab's history
 * is then exactly the entries up to the extra one.)
 */
function pageIsFirstEntry() {
  return window.history.length === 2;
}

/** Where "Leave without saving" goes after Back on a tab's first page: the app's start page (there is no page before). */
const START_PAGE = "/";

/** Runs `step` once no guard's step back is on its way (at once when none is). */
function afterHistorySettles(step: () => void) {
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
      if (dirtyGuards.length > 0) return;
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
  const { ask, dismiss, dialog } = useConfirmedStep({
    title: "Leave without saving?",
    description: "You have changes on this page that are not saved. If you leave, they are lost.",
    cancelLabel: "Keep editing",
    confirmLabel: "Leave without saving",
  });

  /** Leaves for `to` on purpose (the person chose to, or the work is saved): the extra entry goes first, so Back is one step. */
  const leave = useCallback(
    (to: string) => {
      leavingOnPurpose = true;
      if (extraEntry) {
        extraEntry = null;
        droppingEntry = dropGuardEntry((next) => router.push(next), to);
      } else afterHistorySettles(() => router.push(to));
    },
    [router],
  );

  // Reload, close the tab, or type another address.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leavingOnPurpose) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  // A link inside the app (caught before Next's router sees the click), and Back and Forward (the extra entry takes
  // the first step, and the person is asked). A layout effect, so that the page's listeners change in the same
  // commit that makes it clean or dirty (a click right after a save).
  useLayoutEffect(() => {
    if (!dirty) return;
    const me = { ask, leave };
    dirtyGuards.push(me);
    const speaks = () => dirtyGuards[0] === me;
    let mounted = true;
    const onClick = (event: MouseEvent) => {
      if (!speaks()) return;
      const to = inAppLink(event);
      if (to === null) return;
      event.preventDefault();
      event.stopPropagation();
      ask(() => leave(to));
    };
    const onPopState = () => {
      // Another guard's own step back (a dialog's, say), or leaving on purpose: not the person's Back.
      if (!speaks() || leavingOnPurpose || droppingEntry) return;
      window.history.pushState(window.history.state, "", window.location.href);
      ask(() => {
        // A page opened in a new tab has no page before it to go back to: leaving goes to the start page instead.
        if (extraEntry?.first) return leave(START_PAGE);
        leavingOnPurpose = true;
        extraEntry = null;
        window.history.go(-2);
      });
    };
    document.addEventListener("click", onClick, true);
    // An earlier entry still being taken away: its step back must land first, or it would take this one.
    afterHistorySettles(() => {
      if (!mounted) return;
      if (!extraEntry) {
        leavingOnPurpose = false;
        window.history.pushState(window.history.state, "", window.location.href);
        extraEntry = { href: window.location.href, first: pageIsFirstEntry() };
      }
      window.addEventListener("popstate", onPopState);
    });
    return () => {
      mounted = false;
      dirtyGuards.splice(dirtyGuards.indexOf(me), 1);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPopState);
      // Leaving, or another form on the page still has unsaved changes: the question and the entry stay, for it.
      if (leavingOnPurpose || dirtyGuards.length > 0) return;
      // Saved or discarded while staying here: a question still open no longer applies, and the extra entry goes.
      dismiss();
      if (extraEntry && window.location.href === extraEntry.href) droppingEntry = dropGuardEntry((to) => router.push(to));
      extraEntry = null;
    };
  }, [dirty, router, ask, dismiss, leave]);

  return { dialog, leave };
}

/**
 * Goes to `to` from outside the page's forms (the header's project picker, a
 * deleted secret's way back to the gallery): when a form on the page has
 * unsaved changes, it asks first (unless `ask` is false: the person has just
 * confirmed something that leaves), and the page's extra entry goes, so Back
 * is one step.
 */
export function useLeavePage() {
  const router = useRouter();
  return useCallback(
    (to: string, { ask = true }: { ask?: boolean } = {}) => {
      const speaker = dirtyGuards[0];
      if (!speaker) afterHistorySettles(() => router.push(to));
      else if (ask) speaker.ask(() => speaker.leave(to));
      else speaker.leave(to);
    },
    [router],
  );
}
