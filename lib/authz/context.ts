import "server-only";
import type { Actor } from "@/lib/audit/record";
import type { ProjectGrant, SecretRights, TokenGrant } from "./policy";
import type { CurrentUser } from "./session";

/**
 * The contexts domain commands run in. Each carries a brand that only this
 * folder sets, after the policy allowed the call from what the database
 * says: a command typed to take one cannot be handed a project id and an
 * actor put together by hand.
 */
declare const checked: unique symbol;
type Checked = { readonly [checked]: true };

/** A project the actor may act in: a signed-in member through a server action, or an API token. */
export type AuthorizedProject = Checked & { readonly projectId: string; readonly actor: Actor };

/** A signed-in member of the project, with the grant the policy read from their roles. */
export type AuthorizedMember = AuthorizedProject & {
  readonly user: CurrentUser;
  readonly organizationId: string;
  readonly grant: ProjectGrant;
};

/** A member acting on one secret (or creating one), with their rights on it. */
export type AuthorizedSecret = AuthorizedMember & { readonly rights: SecretRights; readonly canRename: boolean };

/** An API token's project, for the REST API once the token was checked (lib/api/app.ts). */
export type AuthorizedToken = AuthorizedProject & { readonly grant: TokenGrant };

export function memberContext(
  context: { user: CurrentUser; grant: ProjectGrant; project: { id: string; organizationId: string } },
  actor: Actor,
): AuthorizedMember {
  return {
    projectId: context.project.id,
    organizationId: context.project.organizationId,
    user: context.user,
    grant: context.grant,
    actor,
  } as AuthorizedMember;
}

/** A member context narrowed to one secret, with the rights the policy gave them on it. */
export function secretContext(member: AuthorizedMember, rights: SecretRights, canRename: boolean): AuthorizedSecret {
  return { ...member, rights, canRename } as AuthorizedSecret;
}

/** The context of a call made with a valid, unrevoked, unexpired token (checked by lib/tokens). */
export function tokenContext(token: { id: string; projectId: string; scope: TokenGrant["scope"] }, actor: Actor): AuthorizedToken {
  return {
    projectId: token.projectId,
    actor,
    grant: { tokenId: token.id, projectId: token.projectId, scope: token.scope },
  } as AuthorizedToken;
}
