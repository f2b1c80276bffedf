// A Cloudflare Worker that answers the official Personalize edge SDK with no hop to personalize-bridge for the
// decision (docs/edge/cloudflare-worker.md). Copy this file and dist/edge/personalize-bridge-edge.mjs
// (`npm run build:edge`) next to each other, set the three variables, and point the SDK at the worker:
//   Personalize.setEdgeApiUrl('https://<your worker>/edge')
// test/edge-worker runs exactly this file inside workerd (miniflare).
import { createEdgeHandler } from './personalize-bridge-edge.mjs';

/** One handler per isolate: its table cache lives as long as the isolate does. */
let handler;

export default {
  async fetch(request, env, ctx) {
    handler ??= createEdgeHandler({
      serverUrl: env.PB_SERVER_URL,
      projectUid: env.PB_PROJECT_UID,
      edgeKey: env.PB_EDGE_KEY,
    });
    const answer = await handler.handle(request, ctx);
    // Not an edge API call: hand it to the origin (or render your page here).
    return answer ?? fetch(request);
  },
};
