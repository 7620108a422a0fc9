/**
 * One app instance's REST API for the multi-instance and fault tests: the
 * front listener of `npm start` (it serves /v1 itself, with its own pool on
 * DATABASE_URL), without Next. Prints {"port": n} when it listens. Run with
 * `tsx --conditions=react-server tests/helpers/api-instance.ts`.
 */
import { createFrontServer } from "@/server/front-server";

const server = createFrontServer({ nextPort: 9 });
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => process.exit(0));
