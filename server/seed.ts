import "server-only";
import { randomBytes } from "node:crypto";
import { SYSTEM_ACTOR } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/passwords";
import type { MasterKeyProvider } from "@/lib/crypto/master-key";
import type { Db } from "@/lib/db";
import { createProjectRecords } from "@/lib/projects/create-project";
import { emailSchema } from "@/lib/auth/schema";

export const DEMO_ORGANIZATION = "Enterprise AI";
export const DEMO_PROJECT = "Demo project";
export const DEFAULT_ADMIN_EMAIL = "admin@example.com";

export type SeedResult = { created: false } | { created: true; adminEmail: string; generatedPassword: string | null; projectId: string };

/**
 * First start: the organization, a demo project and the first administrator
 * (organization administrator and Project Administrator of the demo project).
 * Does nothing once an organization exists, so it is safe on every start and
 * with several instances starting at once.
 */
export async function seedFirstStart(
  db: Db,
  provider: MasterKeyProvider,
  options: { adminEmail?: string; adminPassword?: string },
): Promise<SeedResult> {
  const email = emailSchema.parse(options.adminEmail || DEFAULT_ADMIN_EMAIL);
  const generatedPassword = options.adminPassword ? null : randomBytes(12).toString("base64url");
  const password = options.adminPassword || generatedPassword!;
  if (password.length < 8) throw new Error("ADMIN_PASSWORD must have at least 8 characters.");
  const passwordHash = await hashPassword(password);

  return db.$transaction(async (tx) => {
    // Serialises concurrent first starts; released at the end of the transaction.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    if (await tx.organization.findFirst({ select: { id: true } })) return { created: false } as const;
    const organization = await tx.organization.create({ data: { name: DEMO_ORGANIZATION } });
    const admin = await tx.user.upsert({
      where: { email },
      create: { email, name: "Administrator", passwordHash },
      update: {},
    });
    await tx.organizationMember.create({ data: { organizationId: organization.id, userId: admin.id, role: "ADMIN" } });
    const project = await createProjectRecords(
      tx,
      provider,
      { organizationId: organization.id, name: DEMO_PROJECT, description: "A project to try the backoffice with.", adminUserId: admin.id },
      SYSTEM_ACTOR,
    );
    return { created: true, adminEmail: email, generatedPassword, projectId: project.id } as const;
  });
}
