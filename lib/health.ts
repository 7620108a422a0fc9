import "server-only";
import { db } from "@/lib/db";

export async function checkDatabase(): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "health check: database unreachable", error: (error as Error).message }));
    return false;
  }
}
