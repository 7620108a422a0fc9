"use server";
import { orgAction } from "@/lib/actions";
import { setOrganizationSecurity } from "@/lib/organization/settings";

/** Organization administrators only: require (or no longer require) a second factor of every administrator. */
export const setOrganizationSecurityAction = orgAction({ name: "setOrganizationSecurity" }, (ctx, input: unknown) =>
  setOrganizationSecurity(ctx.organizationId, input, ctx.actor),
);
