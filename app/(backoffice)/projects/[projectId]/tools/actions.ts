"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/lib/actions";
import { authorizeProjectAction } from "@/lib/authz/guard";
import { findTool } from "@/lib/tools/catalog";
import { saveToolSettings } from "@/lib/tools/settings";

/** Saves a tool's settings (Project Administrators, or roles with tools.edit). */
export async function saveToolSettingsAction(
  projectId: string,
  toolKey: string,
  input: unknown,
): Promise<ActionResult<{ missing: string[] }>> {
  const tool = findTool(String(toolKey));
  if (!tool) return { ok: false, code: "not_found", message: "This tool does not exist." };
  const result = await runAction("saveToolSettings", async () =>
    saveToolSettings(await authorizeProjectAction(projectId, "tools.edit", "tool.settings_update", { type: "tool" }), tool, input),
  );
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
