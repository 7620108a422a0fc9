"use server";
import { orgAction } from "@/lib/actions";
import { setOrganizationSecurity, setSsoSignUpDomains } from "@/lib/organization/settings";

/** Organization administrators only: require (or no longer require) a second factor of every administrator. */
export const setOrganizationSecurityAction = orgAction({ name: "setOrganizationSecurity" }, (ctx, input: unknown) =>
  setOrganizationSecurity(ctx.organizationId, input, ctx.actor),
);

/** Organization administrators only: the email domains whose people a first single sign-on admits. */
export const setSsoSignUpDomainsAction = orgAction({ name: "setSsoSignUpDomains" }, (ctx, input: unknown) =>
  setSsoSignUpDomains(ctx.organizationId, input, ctx.actor),
);
