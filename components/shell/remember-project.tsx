"use client";
import { useEffect } from "react";
import { LAST_PROJECT_COOKIE } from "@/lib/navigation";

/**
 * Remembers the project being viewed, so that "/" opens it next time. Only a
 * preference: the home page checks membership before following it.
 */
export function RememberProject({ projectId }: { projectId: string }) {
  useEffect(() => {
    document.cookie = `${LAST_PROJECT_COOKIE}=${projectId}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  }, [projectId]);
  return null;
}
