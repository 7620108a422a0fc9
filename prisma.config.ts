import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI never downloads native engines here: queries go through the
// JavaScript engine and the pg driver adapter (see STACK.md).
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "" });
  },
});
