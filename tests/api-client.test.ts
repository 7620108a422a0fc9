import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiClientFiles } from "../scripts/api-client-files";

/** The typed client's contract (cli/openapi.json, cli/src/api.d.ts) is what the server serves today: `npm run api:client` rewrites it. */
describe("the typed client's generated files", () => {
  it("match the OpenAPI document the route table generates", async () => {
    for (const [file, text] of Object.entries(await apiClientFiles())) {
      const committed = await readFile(path.resolve(import.meta.dirname, "..", file), "utf8");
      expect(committed, `${file} is stale: run npm run api:client`).toBe(text);
    }
  });
});
