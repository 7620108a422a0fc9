import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/runtime/front-server";

/** `npm start` serves /v1 from its own route table: every app/v1 route handler must be in it, and found by its path. */
describe("the front listener's route table", () => {
  const files = (readdirSync(path.resolve("app/v1"), { recursive: true }) as string[])
    .filter((f) => f.endsWith("route.ts"))
    .map((f) => `app/v1/${f.split(path.sep).join("/")}`)
    .sort();

  it("lists every route handler under app/v1", () => {
    expect(API_ROUTES.map((r) => r.file).sort()).toEqual(files);
  });

  it("sends each route's own path to that route, with its parameters", () => {
    for (const file of files) {
      const urlPath =
        "/" +
        file
          .replace(/^app\//, "")
          .replace(/\/route\.ts$/, "")
          .replace(/\[(\w+)\]/g, "value-of-$1");
      const route = API_ROUTES.find((r) => r.pattern.test(urlPath));
      expect(route?.file, urlPath).toBe(file);
      const match = route!.pattern.exec(urlPath)!;
      for (const [i, key] of route!.keys.entries()) expect(match[i + 1]).toBe(`value-of-${key}`);
    }
  });
});
