import { expect, request, test } from "./support/test";
import fc from "fast-check";
import { connectE2EDatabase, snapshot } from "./support/database";
import { E2E, storageState } from "./support/environment";
import { demoProjectId } from "./support/pages";
import { callServerAction, listServerActions } from "./support/server-actions";

/**
 * Every server action of the build, called over HTTP as a browser would — as
 * the administrator, who may do the most — with generated arguments: wrong
 * types, huge and empty strings, unicode, NUL bytes, nesting, prototype keys,
 * ids that name nothing (issue 9, the fuzz suite; tests/fuzz.test.ts does the
 * same at the commands' level, in thousands). No answer is a server error, and
 * a refused call changes nothing. Runs alone (it compares whole tables).
 */
const SKIPPED: Record<string, string> = {
  signInAction: "sign-in attempts from one address are limited; tests/fuzz.test.ts fuzzes the credentials check itself",
  startPasskeySignInAction: "passkey challenges from one address are limited (60 per 15 minutes); it takes no arguments",
  signOutAction: "would end the administrator's session the other specs share",
  signOutEverywhereAction: "would end every session of the administrator the other specs share",
};

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", "\u0000", "__proto__", "constructor", "../../x", "😀".repeat(50), "x".repeat(100_000)),
  fc.uuid(),
);
const value = fc.oneof(
  { depthSize: "small" },
  nasty,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom("__proto__", "name", "value", "roleIds", "permissions", "level", "principal", "scope", "email"), nasty),
);

test("every server action answers generated arguments without a server error, and a refusal changes nothing", async () => {
  test.setTimeout(300_000);
  const projectId = await demoProjectId();
  const db = await connectE2EDatabase();
  const admin = await request.newContext({ baseURL: E2E.baseURL, storageState: storageState("admin") });
  const failures: string[] = [];
  const actions = listServerActions().filter((a) => !(a.name in SKIPPED));
  expect(actions.length).toBeGreaterThan(20);
  for (const action of actions) {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(value, { maxLength: 4 }), async (inProject, rest) => {
        const args = inProject ? [projectId, ...rest] : rest;
        const before = await snapshot(db);
        const { status, result, body } = await callServerAction(admin, action.name, args, `/projects/${projectId}/dashboard`);
        if (status >= 500) failures.push(`${action.name}(${JSON.stringify(args).slice(0, 200)}): ${status} ${body.slice(0, 200)}`);
        if (result && typeof result.ok !== "boolean") failures.push(`${action.name}: no result shape: ${body.slice(0, 200)}`);
        if (result?.ok === false && (await snapshot(db)).join() !== before.join()) {
          failures.push(`${action.name}(${JSON.stringify(args).slice(0, 200)}) was refused but changed data`);
        }
      }),
      { numRuns: 20 },
    );
  }
  expect(failures).toEqual([]);
  await admin.dispose();
  await db.end();
});

test("an argument that is not a string names nothing: a tool or an invitation link sent as an object is refused, not a server failure", async () => {
  const projectId = await demoProjectId();
  const admin = await request.newContext({ baseURL: E2E.baseURL, storageState: storageState("admin") });
  const tool = await callServerAction(
    admin,
    "saveToolSettingsAction",
    [projectId, { toString: 1 }, {}],
    `/projects/${projectId}/dashboard`,
  );
  expect(tool.result).toMatchObject({ ok: false, code: "not_found", message: "This tool does not exist." });
  await admin.dispose();
  // Anyone may call the invitation's action: an object instead of the link's token is a form to check, never a crash.
  const anyone = await request.newContext({ baseURL: E2E.baseURL });
  const accept = await callServerAction(anyone, "acceptInvitationAction", [{ toString: null }, {}], "/login");
  expect(accept.result).toMatchObject({ ok: false, code: "invalid_input" });
  const acceptFilled = await callServerAction(
    anyone,
    "acceptInvitationAction",
    [{ toString: null }, { name: "Nobody", password: "long-password-1", confirm: "long-password-1" }],
    "/login",
  );
  expect(acceptFilled.result).toMatchObject({ ok: false, code: "not_found" });
  await anyone.dispose();
});
