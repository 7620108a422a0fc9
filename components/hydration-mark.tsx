"use client";

import { useEffect } from "react";

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`).
 * Until then a button is server HTML without its handler, and a click on it
 * is lost; the end-to-end tests wait for this mark before they click
 * (e2e/support/test.ts).
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return null;
}
