import { readFile } from "node:fs/promises";
import path from "node:path";

// Redoc's own prebuilt browser bundle (the npm package `redoc`, MIT), served
// from this app so the reference works offline and under the page's Content
// Security Policy: no CDN, no third-party request. Read once per process.
const BUNDLE = path.join(process.cwd(), "node_modules", "redoc", "bundles", "redoc.standalone.js");
// The one address the bundle would load by itself: the sidebar's Redocly logo from its CDN. An empty image
// instead (the "API docs by Redocly" attribution stays).
const CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const NO_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/%3E";

let bundle: Promise<string> | undefined;
const load = async () => (await readFile(BUNDLE, "utf8")).replaceAll(CDN_LOGO, NO_IMAGE);

export async function GET() {
  bundle ??= load();
  try {
    return new Response(await bundle, {
      headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" },
    });
  } catch (error) {
    bundle = undefined;
    console.error(JSON.stringify({ level: "error", msg: "API reference renderer missing", path: BUNDLE, error: String(error) }));
    return new Response("The API reference's renderer is not installed (npm install).", { status: 503 });
  }
}
