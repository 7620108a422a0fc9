"use server";
import { projectAction } from "@/lib/actions";
import { createApiToken, revokeApiToken } from "@/lib/tokens/tokens";

/** Creates a project API token; the token itself is returned this once. */
export const createApiTokenAction = projectAction(
  { name: "createApiToken", permission: "tokens.manage", audit: "token.create" },
  (ctx, input: unknown) => createApiToken(ctx, input),
);

export const revokeApiTokenAction = projectAction(
  {
    name: "revokeApiToken",
    permission: "tokens.manage",
    audit: "token.revoke",
    id: { type: "token", missing: "This token does not exist in this project." },
  },
  (ctx, tokenId: string) => revokeApiToken(ctx, tokenId),
);
