import { apiApp } from "@/lib/api/app";

/**
 * Every /v1 call Next receives goes to the REST API's one app, built from
 * its route table (lib/api/routes.ts). Under `npm start` the front listener
 * serves the same app before a call ever reaches Next.
 */
const serve = (request: Request) => apiApp().fetch(request);

export const GET = serve;
export const POST = serve;
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
export const HEAD = serve;
export const OPTIONS = serve;
