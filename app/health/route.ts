import { checkDatabase } from "@/lib/health";

/** Liveness and database reachability, for load balancers. No data. */
export async function GET() {
  const ok = await checkDatabase();
  return Response.json({ status: ok ? "ok" : "database-unreachable" }, { status: ok ? 200 : 503 });
}
