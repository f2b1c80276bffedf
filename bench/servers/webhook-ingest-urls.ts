// What bench/servers/webhook-ingest-server.ts tells the bench.
export interface WebhookIngestUrls {
  /** The real server's webhook endpoint. */
  ingest: string;
  /** The bare Express baseline. */
  bare: string;
}

export function isWebhookIngestUrls(message: unknown): message is WebhookIngestUrls {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return typeof m.ingest === 'string' && typeof m.bare === 'string';
}
