"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useConfirmedStep } from "@/components/ui/confirm-dialog";

const GUARD = "__unsavedChangesGuard";

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

  // A link inside the app: caught before Next's router sees the click.
  useEffect(() => {
    if (!dirty) return;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) {
        return;
      }
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return; // leaving the app: the browser's prompt asks
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      ask(() => {
        leaving.current = true;
        router.push(`${url.pathname}${url.search}${url.hash}`);
      });
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, [dirty, router, ask]);

  // Back and Forward: an extra history entry for this page takes the first step, and the person is asked.
  useEffect(() => {
    if (!dirty) return;
    leaving.current = false;
    window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
    const onPopState = () => {
      if (leaving.current) return;
      window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
      ask(() => {
        leaving.current = true;
        window.history.go(-2);
      });
    };
    window.addEventListener("popstate", onPopState);
    return () => {
      window.removeEventListener("popstate", onPopState);
      // Saved or discarded while staying here: take the extra entry away again.
      if (!leaving.current && window.history.state?.[GUARD]) {
        leaving.current = true;
        window.history.back();
      }
    };
  }, [dirty, ask]);

  return { dialog, allowLeaving: () => (leaving.current = true) };
}
