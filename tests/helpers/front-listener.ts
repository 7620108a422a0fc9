import type net from "node:net";

/**
 * `npm start`'s front listener in the test process, serving /v1 on a loopback port (Next is not running:
 * its port is the discard port). Import it after the test database has set DATABASE_URL.
 */
export async function startApiListener() {
  const { createFrontServer } = await import("@/server/front-server");
  const server = createFrontServer({ nextPort: 9 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
