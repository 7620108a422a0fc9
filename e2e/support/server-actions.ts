import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { E2E } from "./environment";

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** Every server action of the build, by exported name, from Next's own manifest. */
export function listServerActions(): { id: string; filename: string; name: string }[] {
  const manifest = JSON.parse(readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, filename: entry.filename, name: entry.exportedName }));
}

export function actionId(name: string): string {
  const found = listServerActions().filter((a) => a.name === name);
  if (found.length !== 1) throw new Error(`Expected one server action named ${name}, found ${found.length}.`);
  return found[0].id;
}

/**
 * Calls a server action the way a browser would, but directly: a POST with
 * the action's id and JSON arguments, under the caller's session cookies.
 * Returns the action's result object.
 */
export async function callServerAction(request: APIRequestContext, name: string, args: unknown[], pagePath = "/") {
  const response = await request.post(pagePath, {
    headers: {
      "Next-Action": actionId(name),
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: E2E.baseURL,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  const body = await response.text();
  // The RSC stream: one "<id>:<json>" row per chunk; the action's result is the row with "ok".
  for (const line of body.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      if ("ok" in parsed)
        return { status: response.status(), result: parsed as { ok: boolean; message?: string; [key: string]: unknown }, body };
    } catch {
      // not a JSON row
    }
  }
  return { status: response.status(), result: null, body };
}
