import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "@/lib/generated/prisma/client";

export { Prisma };
export type Db = PrismaClient;
/** A client or an interactive transaction: what domain functions accept. */
export type Tx = Prisma.TransactionClient | PrismaClient;

/** Creates a Prisma client over the pg driver adapter (no native engine). */
export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 10) }) });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** The one Prisma client of the app process (kept across hot reloads in development). */
export const db: PrismaClient = globalForPrisma.prisma ?? createPrismaClient(process.env.DATABASE_URL ?? "");
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;

/** True when `error` is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
