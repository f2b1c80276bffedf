// The consumer of entry-variant webhooks on the webhook-events queue: each updates coverage of the stack's project
// table (coverage-events.ts). Other modules' events are left to their own consumers; this returns their module
// so it can stand in for the queue's plain drain.
import type { Job } from 'bullmq';
import { entryVariantWebhookSchema, invalidPayload, parseWith, type WebhookEnvelope } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import { applyEntryVariantEvent, type CoverageEventOutcome } from './coverage-events';
import type { RecomputePortsFactory } from './recompute-processor';
import type { RecomputeDeps } from './recompute';

export interface CoverageProcessorDeps {
  installations: InstallationDirectory;
  ports: RecomputePortsFactory;
  store: RecomputeDeps['store'];
  log: Logger;
}

export function coverageEventProcessor(
  deps: CoverageProcessorDeps,
): (
  envelope: WebhookEnvelope,
  job: Job,
) => Promise<CoverageEventOutcome | { applied: false; reason: 'not-installed' } | string> {
  return async (envelope, job) => {
    if (envelope.module !== 'entry_variant') return envelope.module;
    const parsed = parseWith(entryVariantWebhookSchema, envelope);
    if (!parsed.ok) throw invalidPayload(`entry-variant event ${String(job.id)}`, parsed.detail);
    const event = parsed.value;
    const installation = await deps.installations.forStack(event.api_key);
    if (installation === undefined) return { applied: false, reason: 'not-installed' };
    const outcome = await applyEntryVariantEvent(
      { coverage: deps.ports(installation).coverage, store: deps.store },
      installation.projectUid,
      event,
    );
    deps.log.info(
      { jobId: job.id, contentType: event.data.content_type.uid, variant: event.data.variant.uid, outcome },
      'coverage event applied',
    );
    return outcome;
  };
}
