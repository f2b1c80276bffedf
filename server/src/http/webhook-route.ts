// POST /webhooks/contentstack: verify the raw bytes, then queue durably, then answer. 202 means "queued in Redis";
// anything that prevents that is a 503 so Contentstack retries.
import { sendError, type ErrorCode } from './errors';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { verifyDelivery, verifyStackHmac, type VerifyOptions } from '../webhooks/verify-delivery';
import { ingestDelivery, type DeliveryLedger, type IngestQueues, type StackGate } from '../webhooks/ingest';
import type { HttpMetrics } from '../metrics';

export interface WebhookRouteDeps {
  verify: VerifyOptions;
  ledger: DeliveryLedger;
  queues: IngestQueues;
  stacks: StackGate;
  maxBytes: number;
  metrics: HttpMetrics;
  log: Logger;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The error code of a refusal, by its status (the reason says which refusal it was). */
function errorCodeFor(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'bad-request';
  return status >= 500 ? 'unavailable' : 'bad-request';
}

export function webhookRouter(deps: WebhookRouteDeps): Router {
  const router = express.Router();
  // Raw bytes for every content type: the signature covers exactly what was sent.
  const raw: RequestHandler = express.raw({ type: () => true, limit: deps.maxBytes });
  router.post('/webhooks/contentstack', raw, async (req, res) => {
    const body: unknown = req.body;
    const rawBody = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const hmacHeader = header(req, 'x-contentstack-hmac-signature');
    const verdict = await verifyDelivery(
      rawBody,
      {
        signature: header(req, 'x-contentstack-request-signature'),
        hmac: hmacHeader,
        authorization: header(req, 'authorization'),
      },
      deps.verify,
    );
    if (!verdict.ok) {
      deps.metrics.webhooksRejected.inc({ reason: verdict.reason });
      deps.log.warn({ reason: verdict.reason, detail: verdict.detail }, 'webhook rejected');
      sendError(res, verdict.status, errorCodeFor(verdict.status), {
        reason: verdict.detail === undefined ? verdict.reason : `${verdict.reason}: ${verdict.detail}`,
      });
      return;
    }
    try {
      const result = await ingestDelivery(verdict.envelope, {
        ...deps,
        signedWith: (secret) => verifyStackHmac(rawBody, hmacHeader, secret, deps.verify),
      });
      const { module, event } = verdict.envelope;
      if (!result.ok) {
        deps.metrics.webhooksRejected.inc({ reason: result.reason });
        deps.log.warn({ module, event, reason: result.reason }, 'webhook refused');
        sendError(res, result.status, errorCodeFor(result.status), { reason: result.reason });
        return;
      }
      deps.metrics.webhooksReceived.inc({ module, outcome: result.outcome });
      deps.log.info({ module, event, outcome: result.outcome }, 'webhook accepted');
      res.status(202).json({ status: result.outcome });
    } catch (error) {
      deps.metrics.webhooksRejected.inc({ reason: 'queue-unavailable' });
      deps.log.error({ err: (error as Error).message }, 'webhook not queued: queue unavailable');
      res.set('retry-after', '5');
      sendError(res, 503, 'unavailable', { reason: 'queue-unavailable' });
    }
  });
  return router;
}
