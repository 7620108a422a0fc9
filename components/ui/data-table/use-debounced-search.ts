"use client";
import { useEffect, useState } from "react";

/** A search box's text, sent to `apply` 300 ms after the typing stops (and only when it differs from `current`). */
export function useDebouncedSearch(current: string, apply: (text: string) => void) {
  const [text, setText] = useState(current);
  useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => apply(text.trim()), 300);
    return () => clearTimeout(timer);
    // Only the typed text drives the debounce.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return [text, setText] as const;
}
