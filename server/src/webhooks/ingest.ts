// The ingest use case: a verified webhook is queued durably exactly once per delivery.
// Order matters: the delivery is remembered only after its job is queued, so a Redis failure between the two makes
// Contentstack's retry queue it again (a harmless extra mirror: mirrors are idempotent) rather than lose it.
import { webhookIdempotencyKey, type WebhookEnvelope } from '@pb/shared';

export interface DeliveryLedger {
  seen(idempotencyKey: string): Promise<boolean>;
  remember(idempotencyKey: string): Promise<void>;
}

export interface IngestQueues {
  enqueueMirror(job: {
    stackApiKey: string;
    projectUid: string;
    experienceUid: string;
    trigger: 'webhook';
  }): Promise<void>;
  enqueueEvent(idempotencyKey: string, envelope: WebhookEnvelope): Promise<void>;
}

export type IngestOutcome = 'queued' | 'duplicate';

export async function ingestDelivery(
  envelope: WebhookEnvelope,
  deps: { ledger: DeliveryLedger; queues: IngestQueues },
): Promise<IngestOutcome> {
  const key = webhookIdempotencyKey(envelope);
  if (await deps.ledger.seen(key)) return 'duplicate';
  if (envelope.module === 'experience') {
    await deps.queues.enqueueMirror({
      stackApiKey: envelope.api_key,
      projectUid: envelope.data.project_uid,
      experienceUid: envelope.data.experience.uid,
      trigger: 'webhook',
    });
  } else {
    await deps.queues.enqueueEvent(key, envelope);
  }
  await deps.ledger.remember(key);
  return 'queued';
}
