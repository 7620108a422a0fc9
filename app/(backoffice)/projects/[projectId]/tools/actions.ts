"use server";
import { failure } from "@/lib/action-result";
import { projectAction } from "@/lib/actions";
import { findTool } from "@/lib/tools/catalog";
import { saveToolSettings } from "@/lib/tools/settings";

/** Saves a tool's settings (Project Administrators, or roles with tools.edit). */
export const saveToolSettingsAction = projectAction(
  { name: "saveToolSettings", permission: "tools.edit", audit: "tool.settings_update", target: "tool" },
  async (ctx, toolKey: string, input: unknown) => {
    // A server action's arguments are whatever the caller sends: anything but a string names no tool.
    const tool = typeof toolKey === "string" ? findTool(toolKey) : undefined;
    if (!tool) return failure("not_found", "This tool does not exist.");
    return saveToolSettings(ctx, tool, input);
  },
);
