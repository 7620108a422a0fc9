/**
 * npm run api:client — writes the API's contract for the typed client and the CLI (cli/): the OpenAPI
 * document the server serves at /v1/openapi.json (cli/openapi.json) and its TypeScript types, generated
 * with openapi-typescript (cli/src/api.d.ts). tests/api-client.test.ts fails when either is stale.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { apiClientFiles } from "./api-client-files";

const root = path.resolve(import.meta.dirname, "..");
for (const [file, text] of Object.entries(await apiClientFiles())) {
  await writeFile(path.join(root, file), text);
  console.log(`wrote ${file}`);
}
