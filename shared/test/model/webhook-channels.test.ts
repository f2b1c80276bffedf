// The channel map: every Contentstack channel maps to a module the envelope parses, and every module Contentstack
// itself delivers is reachable from some channel. Personalize sends no webhooks, so no experience module exists.
import { describe, expect, it } from 'vitest';
import { isWebhookChannel, WEBHOOK_CHANNELS, WEBHOOK_MODULES } from '../../src/webhook/index';

const entries = Object.entries(WEBHOOK_CHANNELS);

describe('WEBHOOK_CHANNELS', () => {
  it.each(entries)('%s maps to a module parseWebhook handles', (_channel, target) => {
    expect(WEBHOOK_MODULES).toContain(target.module);
  });

  it('reaches every module the envelope parses, and no other', () => {
    const modules = new Set(entries.map(([, target]) => target.module));
    expect([...modules].sort()).toEqual(['app_installation', 'content_type', 'entry', 'entry_variant']);
    expect([...WEBHOOK_MODULES].sort()).toEqual([...modules].sort());
  });

  it('names app lifecycle, content type, entry and entry variant channels the way Contentstack does', () => {
    for (const [channel, target] of entries) {
      const prefix = {
        app_installation: 'cs.apps.installations.',
        content_type: 'content_types.',
        entry: 'content_types.entries.',
        entry_variant: 'content_types.entries.variants.',
      }[target.module];
      expect(channel.startsWith(prefix)).toBe(true);
    }
  });

  it('recognises only mapped channels', () => {
    expect(isWebhookChannel('content_types.entries.variants.create')).toBe(true);
    expect(isWebhookChannel('assets.create')).toBe(false);
    expect(isWebhookChannel('toString')).toBe(false);
  });
});
