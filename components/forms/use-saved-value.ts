import { useState } from "react";

/**
 * What is saved, for a form that compares with it: the value the page gives,
 * or the one the form's own last save stored (`markSaved`) until the page's
 * data comes back with it. Comparing with the page's value alone would count
 * a change as unsaved until then.
 */
export function useSavedValue<T>(given: T): [T, (stored: T) => void] {
  const [saved, markSaved] = useState(given);
  const [lastGiven, setLastGiven] = useState(given);
  if (!Object.is(given, lastGiven)) {
    setLastGiven(given);
    markSaved(given);
  }
  return [saved, markSaved];
}
