// Webhook idempotency keys: a retried delivery (same body) must map to the same key, a different change must not.
import { describe, expect, it } from 'vitest';
import { parseWebhook, webhookIdempotencyKey, type WebhookEnvelope } from './subject';

const T = '2026-11-28T10:15:30.123Z';

function parsed(body: unknown): WebhookEnvelope {
  const result = parseWebhook(body);
  if (!result.ok) throw new Error(`fixture does not parse: ${result.detail}`);
  return result.value;
}

const entryPublish = {
  module: 'entry',
  api_key: 'blt_api_key_1',
  event: 'publish',
  triggered_at: T,
  data: {
    entry: { uid: 'blt_entry_1', title: 'Summer', locale: 'en-us', _version: 3 },
    content_type: { uid: 'landing_page', title: 'Landing page' },
    environment: { uid: 'blt_env_prod', name: 'production' },
  },
};

const entryVariantUpdate = {
  module: 'entry_variant',
  api_key: 'blt_api_key_1',
  event: 'update',
  triggered_at: T,
  data: {
    entry: { uid: 'blt_entry_1', locale: 'en-us', _version: 2, _variant: { _uid: 'cs_var_1', _change_set: ['title'] } },
    content_type: { uid: 'landing_page' },
    variant: { uid: 'cs_var_1' },
  },
};

const with_ = (body: typeof entryPublish, change: (b: typeof entryPublish) => void) => {
  const copy = JSON.parse(JSON.stringify(body)) as typeof entryPublish;
  change(copy);
  return copy;
};

describe('webhookIdempotencyKey', () => {
  const key = webhookIdempotencyKey(parsed(entryPublish));

  it('is the same for a retried delivery, whatever fields we do not read', () => {
    const retried = with_(entryPublish, (b) => Object.assign(b.data, { branch: { uid: 'main' } }));
    expect(webhookIdempotencyKey(parsed(retried))).toBe(key);
  });

  it('treats equivalent ISO spellings of triggered_at as one instant', () => {
    const offset = with_(entryPublish, (b) => (b.triggered_at = '2026-11-28T11:15:30.123+01:00'));
    expect(webhookIdempotencyKey(parsed(offset))).toBe(key);
  });

  it.each([
    ['another triggered_at', (b: typeof entryPublish) => (b.triggered_at = '2026-11-28T10:15:31.000Z')],
    ['another event', (b: typeof entryPublish) => (b.event = 'unpublish')],
    ['another stack', (b: typeof entryPublish) => (b.api_key = 'blt_api_key_2')],
    ['another entry', (b: typeof entryPublish) => (b.data.entry.uid = 'blt_entry_2')],
    ['another locale', (b: typeof entryPublish) => (b.data.entry.locale = 'de-de')],
    ['another version', (b: typeof entryPublish) => (b.data.entry._version = 4)],
    ['another environment', (b: typeof entryPublish) => (b.data.environment.uid = 'blt_env_staging')],
  ])('differs for %s', (_name, change) => {
    expect(webhookIdempotencyKey(parsed(with_(entryPublish, change)))).not.toBe(key);
  });

  it('differs between entry variants of one entry', () => {
    const first = webhookIdempotencyKey(parsed(entryVariantUpdate));
    const other = webhookIdempotencyKey(
      parsed({ ...entryVariantUpdate, data: { ...entryVariantUpdate.data, variant: { uid: 'cs_var_2' } } }),
    );
    expect(other).not.toBe(first);
  });

  it('contains no colon (BullMQ job ids must not) and is not all digits', () => {
    for (const body of [entryPublish, entryVariantUpdate]) {
      const k = webhookIdempotencyKey(parsed(body));
      expect(k).not.toContain(':');
      expect(k).not.toMatch(/^\d+$/);
    }
  });

  it('cannot be confused by separators inside values', () => {
    const a = with_(entryPublish, (b) => (b.data.entry.uid = 'x|y'));
    const b = with_(entryPublish, (b) => (b.data.entry.uid = 'x'));
    expect(webhookIdempotencyKey(parsed(a))).not.toBe(webhookIdempotencyKey(parsed(b)));
    expect(webhookIdempotencyKey(parsed(a)).split('|')).toHaveLength(key.split('|').length);
  });
});
