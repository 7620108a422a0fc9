import { z } from "zod";

/** Every id in this product is a UUID (PostgreSQL's uuid columns): one check, from zod, for all of them. */
export const uuidSchema = z.uuid();

export function isUuid(value: unknown): boolean {
  return uuidSchema.safeParse(value).success;
}
