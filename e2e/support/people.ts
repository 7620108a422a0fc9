import { hash } from "@node-rs/argon2";
import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";
import { connectE2EDatabase } from "./database";

/**
 * A person of their own, with a password, member of the first organization: specs that sign in and out, or
 * change sign-in methods, leave the shared fixture people untouched. Returns the email (unique per call).
 */
export async function createPerson({ prefix, name, password }: { prefix: string; name: string; password: string }): Promise<string> {
  const email = `${prefix}-${Date.now()}-${Math.round(Math.random() * 1e6)}@example.com`;
  const db = await connectE2EDatabase();
  try {
    const {
      rows: [user],
    } = await db.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
      [email, name, await hash(password)],
    );
    await db.query(
      `INSERT INTO "OrganizationMember" (id, "organizationId", "userId", role) SELECT gen_random_uuid(), id, $1, 'MEMBER' FROM "Organization" ORDER BY "createdAt" LIMIT 1`,
      [user.id],
    );
  } finally {
    await db.end();
  }
  return email;
}

/**
 * Sets up the authenticator app for the person signed in on `page` (user menu → Two-factor sign-in), as they
 * would: the password again, a code from the shown key. Returns the key and the ten recovery codes.
 */
export async function setUpAuthenticatorApp(page: Page, password: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto("/account/two-factor");
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("totp-key").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  return { secret, recoveryCodes: await saveRecoveryCodes(page) };
}

/** The ten recovery codes shown once the app is on, read, then put away ("I have saved them"). */
export async function saveRecoveryCodes(page: Page): Promise<string[]> {
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText(/On since/)).toBeVisible();
  return recoveryCodes;
}
