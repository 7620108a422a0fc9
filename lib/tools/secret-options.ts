import "server-only";
import { db } from "@/lib/db";

/** The project's secrets for a reference picker: names, status and whether the project's tools may read them. Never values. */
export async function listReferenceOptions(projectId: string) {
  const secrets = await db.secret.findMany({
    where: { projectId, deletedAt: null },
    orderBy: { nameKey: "asc" },
    take: 1000,
    select: {
      name: true,
      status: true,
      expiresAt: true,
      accesses: { where: { principalType: { in: ["ALL_TOOLS", "TOKEN"] } }, select: { id: true } },
    },
  });
  return secrets.map((s) => ({ name: s.name, status: s.status, expiresAt: s.expiresAt, toolsCanRead: s.accesses.length > 0 }));
}
