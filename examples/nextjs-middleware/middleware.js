// Next.js middleware (Vercel's edge runtime) that answers the official Personalize edge SDK with no hop to
// personalize-bridge for the decision (docs/edge/nextjs-middleware.md). Put it at the root of the Next.js app as
// middleware.js, copy dist/edge/personalize-bridge-edge.mjs (`npm run build:edge`) to lib/, set the three
// variables, and point the SDK at the middleware:
//   Personalize.setEdgeApiUrl(`${location.origin}/api/personalize`)
// test/edge-worker/worker-decisions.test.ts loads exactly this file (in Node) and checks its answers.
import { createEdgeHandler } from './lib/personalize-bridge-edge.mjs';

/** One handler per instance: its table cache lives as long as the instance does. */
let handler;

export async function middleware(request, event) {
  handler ??= createEdgeHandler({
    serverUrl: process.env.PB_SERVER_URL,
    projectUid: process.env.PB_PROJECT_UID,
    edgeKey: process.env.PB_EDGE_KEY,
    basePath: '/api/personalize',
  });
  // Returning nothing lets Next.js go on to the page or route, as NextResponse.next() would.
  return (await handler.handle(request, event)) ?? undefined;
}

export const config = { matcher: '/api/personalize/:path*' };
