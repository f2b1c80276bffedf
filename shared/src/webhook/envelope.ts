// Webhook bodies: `{module, api_key, event, triggered_at, data}`. The pinned shapes (see the project brief) cover CMS
// entries, content types, entry variants and app lifecycle. There is no `experience` module: Personalize sends no
// webhooks (experience changes are polled), so such a body is an unknown module like `asset`. Schemas stay loose about
// fields we do not read (Contentstack adds `branch`, `environment`, `status`, ...), strict about those we do.
import { z } from 'zod';
import { describeIssues, toIssues, type ValidationIssue } from '../core/validation';

const uid = z.string().min(1, 'expected a non-empty uid');
const isoDateTime = z.iso.datetime({ offset: true });

const base = {
  api_key: z.string().min(1),
  triggered_at: isoDateTime,
};

/** Publish events name the environment either by uid/name string or as an object. */
const environmentSchema = z.union([
  z.string().min(1),
  z.looseObject({ uid: z.string().optional(), name: z.string().optional() }),
]);

export const entryWebhookSchema = z.looseObject({
  module: z.literal('entry'),
  event: z.enum(['create', 'update', 'delete', 'publish', 'unpublish']),
  ...base,
  data: z.looseObject({
    entry: z.looseObject({
      uid,
      title: z.string().optional(),
      locale: z.string().min(1),
      _version: z.number().int().min(1),
    }),
    content_type: z.looseObject({ uid, title: z.string().optional() }),
    environment: environmentSchema.optional(),
    locale: z.string().optional(),
    status: z.string().optional(),
  }),
});
export type EntryWebhook = z.infer<typeof entryWebhookSchema>;

export const contentTypeWebhookSchema = z.looseObject({
  module: z.literal('content_type'),
  event: z.enum(['create', 'update', 'delete']),
  ...base,
  data: z.looseObject({
    content_type: z.looseObject({
      uid,
      title: z.string(),
      schema: z.array(z.unknown()).optional(),
    }),
  }),
});
export type ContentTypeWebhook = z.infer<typeof contentTypeWebhookSchema>;

export const entryVariantWebhookSchema = z.looseObject({
  module: z.literal('entry_variant'),
  event: z.enum(['create', 'update', 'delete']),
  ...base,
  data: z.looseObject({
    entry: z.looseObject({
      uid,
      locale: z.string().min(1),
      _version: z.number().int().min(1).optional(),
      _variant: z.looseObject({ _uid: uid, _change_set: z.array(z.string().min(1)) }),
    }),
    content_type: z.looseObject({ uid }),
    variant: z.looseObject({ uid, variant_group_uid: uid.optional() }),
  }),
});
export type EntryVariantWebhook = z.infer<typeof entryVariantWebhookSchema>;

export const appInstallationWebhookSchema = z.looseObject({
  module: z.literal('app_installation'),
  event: z.enum(['install', 'update', 'uninstall', 'upgrade']),
  ...base,
  data: z.looseObject({
    app_installation: z.looseObject({
      app_uid: uid,
      installation_uid: uid,
      organization_uid: uid,
      target: z.looseObject({ type: z.literal('stack'), uid }),
      configuration: z.record(z.string(), z.unknown()).optional(),
      server_configuration: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
});
export type AppInstallationWebhook = z.infer<typeof appInstallationWebhookSchema>;

export const webhookEnvelopeSchema = z.discriminatedUnion('module', [
  entryWebhookSchema,
  contentTypeWebhookSchema,
  entryVariantWebhookSchema,
  appInstallationWebhookSchema,
]);
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;
export type WebhookModule = WebhookEnvelope['module'];

export const WEBHOOK_MODULES: readonly WebhookModule[] = ['entry', 'content_type', 'entry_variant', 'app_installation'];

export type WebhookParseFailure =
  | { ok: false; reason: 'not-an-object'; detail: string }
  | { ok: false; reason: 'unknown-module'; detail: string; module: string }
  | { ok: false; reason: 'invalid'; detail: string; issues: ValidationIssue[] };

/**
 * Parses a webhook body (already JSON-decoded). Modules we do not handle (e.g. `asset`) fail with
 * `unknown-module` so a receiver can acknowledge and drop them instead of treating them as malformed.
 */
export type WebhookParseResult = { ok: true; value: WebhookEnvelope } | WebhookParseFailure;

export function parseWebhook(json: unknown): WebhookParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'not-an-object', detail: '(root): expected a JSON object' };
  }
  const module: unknown = (json as Record<string, unknown>)['module'];
  if (typeof module === 'string' && !(WEBHOOK_MODULES as readonly string[]).includes(module)) {
    return { ok: false, reason: 'unknown-module', detail: `module: ${module} is not handled`, module };
  }
  const parsed = webhookEnvelopeSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = toIssues(parsed.error);
  return { ok: false, reason: 'invalid', detail: describeIssues(issues), issues };
}

/**
 * A stable key for deduplicating webhook deliveries.
 *
 * Contentstack sends no delivery id, and it retries a failed delivery with the same body (same `triggered_at`),
 * so we derive the key from what identifies one logical change: module, event, stack, `triggered_at`, the subject's
 * uid(s) and, where the body has one, its version / status. Two different changes to the same subject differ in
 * `triggered_at` (and usually `_version`), so they never collide; a retried delivery always collides with itself.
 *
 * `triggered_at` is normalised to epoch milliseconds so equivalent ISO spellings agree. Every part is
 * URI-encoded and parts are joined with `|`, so the key contains no `:` (BullMQ job ids must not) and no part
 * can bleed into another.
 */
export function webhookIdempotencyKey(envelope: WebhookEnvelope): string {
  const at = Date.parse(envelope.triggered_at);
  const head: (string | number)[] = [envelope.module, envelope.event, envelope.api_key, at];
  return [...head, ...subjectParts(envelope)].map((part) => encodeURIComponent(String(part))).join('|');
}

function subjectParts(envelope: WebhookEnvelope): (string | number)[] {
  switch (envelope.module) {
    case 'entry': {
      const { entry, content_type, environment } = envelope.data;
      const env = typeof environment === 'string' ? environment : (environment?.uid ?? environment?.name ?? '');
      return [content_type.uid, entry.uid, entry.locale, entry._version, env];
    }
    case 'content_type':
      return [envelope.data.content_type.uid];
    case 'entry_variant': {
      const { entry, content_type, variant } = envelope.data;
      return [content_type.uid, entry.uid, entry.locale, variant.uid, entry._version ?? ''];
    }
    case 'app_installation': {
      const installation = envelope.data.app_installation;
      return [installation.installation_uid, installation.target.uid];
    }
  }
}
