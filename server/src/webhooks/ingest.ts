// The ingest use case: a verified webhook is queued durably exactly once per delivery.
// A CMS event costs one Redis round trip: its queue checks, queues and remembers the delivery in one atomic call
// (event-job.ts), so it is never remembered without being queued. Whether its stack is admitted comes from a local
// view of the installations (admission-cache.ts). An app-lifecycle event is remembered only after it was applied,
// so a Redis failure between the two makes Contentstack's retry apply it again (lifecycle changes are idempotent)
// rather than lose it.
// App-lifecycle events are applied here, not queued: whether the stack is installed decides the fate of every event
// after them. Any other event of a stack that is not installed is refused and queues nothing, and so is one whose
// HMAC header does not verify with the secret the stack's admin configured (a delivery without the header passes on
// its RSA signature: app webhooks are certificate-signed, and each webhook signs one way). Lifecycle events never
// need that secret: the `update` carrying a corrected one must not be refused for the old one.
// Personalize sends no webhooks, so nothing here triggers a mirror: experience changes are found by polling.
import { webhookIdempotencyKey, type AppInstallationWebhook, type WebhookEnvelope } from '@pb/shared';

/** Lifecycle deliveries already applied, per stack. */
export interface DeliveryLedger {
  seen(stackApiKey: string, idempotencyKey: string): Promise<boolean>;
  remember(stackApiKey: string, idempotencyKey: string): Promise<void>;
}

export interface IngestQueues {
  /** Queues the event durably unless the same delivery was queued recently ('duplicate'): one atomic call. */
  enqueueEvent(idempotencyKey: string, envelope: WebhookEnvelope): Promise<'queued' | 'duplicate'>;
}

/** Which stacks the deployment serves, and how lifecycle events change that. */
export interface StackGate {
  /**
   * Whether the stack's events are accepted: installed (even if its authorization is still on the way) or configured
   * by the operator. With the HMAC secret its admin gave on the configuration screen (their organization's webhook
   * secret), if any: checked on deliveries that carry the HMAC header. One read per delivery.
   */
  admission(stackApiKey: string): Promise<StackAdmission>;
  applyLifecycle(
    envelope: AppInstallationWebhook,
  ): Promise<{ ok: true; outcome: string } | { ok: false; reason: string }>;
}

export type StackAdmission = { accepted: false } | { accepted: true; hmacSecret?: string };

/** Checks the delivery's raw bytes against an HMAC secret (the route binds it to the request). */
export type SignatureCheck = (secret: string) => { ok: true } | { ok: false; reason: string };

export type IngestResult =
  | { ok: true; outcome: string }
  | { ok: false; status: 400 | 401 | 403; reason: 'stack-not-installed' | 'target-mismatch' | (string & {}) };

export async function ingestDelivery(
  envelope: WebhookEnvelope,
  deps: { ledger: DeliveryLedger; queues: IngestQueues; stacks: StackGate; signedWith: SignatureCheck },
): Promise<IngestResult> {
  if (envelope.module !== 'app_installation') {
    const admission = await deps.stacks.admission(envelope.api_key);
    if (!admission.accepted) return { ok: false, status: 403, reason: 'stack-not-installed' };
    if (admission.hmacSecret !== undefined) {
      const signed = deps.signedWith(admission.hmacSecret);
      if (!signed.ok) return { ok: false, status: 401, reason: signed.reason };
    }
  }
  const key = webhookIdempotencyKey(envelope);
  if (envelope.module !== 'app_installation')
    return { ok: true, outcome: await deps.queues.enqueueEvent(key, envelope) };
  if (await deps.ledger.seen(envelope.api_key, key)) return { ok: true, outcome: 'duplicate' };
  const applied = await deps.stacks.applyLifecycle(envelope);
  if (!applied.ok) return { ok: false, status: 400, reason: applied.reason };
  await deps.ledger.remember(envelope.api_key, key);
  return { ok: true, outcome: applied.outcome };
}
