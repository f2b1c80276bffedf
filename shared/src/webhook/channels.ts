// Which Contentstack webhook channel (the name a manifest subscribes to) arrives as which `{module, event}` envelope.
// Data only, so the manifest test can check every subscribed channel is one the server parses and ingests.
// Experience events are absent on purpose: Personalize publishes no webhooks, so no manifest channel carries them.
import type { WebhookEnvelope } from './envelope';

/** The `{module, event}` pair a channel's deliveries carry (the pair `parseWebhook` dispatches on). */
export type WebhookChannelTarget = {
  [M in WebhookEnvelope['module']]: { module: M; event: Extract<WebhookEnvelope, { module: M }>['event'] };
}[WebhookEnvelope['module']];

export const WEBHOOK_CHANNELS = {
  'cs.apps.installations.install': { module: 'app_installation', event: 'install' },
  'cs.apps.installations.update': { module: 'app_installation', event: 'update' },
  'cs.apps.installations.uninstall': { module: 'app_installation', event: 'uninstall' },
  'cs.apps.installations.upgrade': { module: 'app_installation', event: 'upgrade' },
  'content_types.create': { module: 'content_type', event: 'create' },
  'content_types.update': { module: 'content_type', event: 'update' },
  'content_types.delete': { module: 'content_type', event: 'delete' },
  'content_types.entries.create': { module: 'entry', event: 'create' },
  'content_types.entries.update': { module: 'entry', event: 'update' },
  'content_types.entries.delete': { module: 'entry', event: 'delete' },
  'content_types.entries.environments.publish.success': { module: 'entry', event: 'publish' },
  'content_types.entries.environments.unpublish.success': { module: 'entry', event: 'unpublish' },
  'content_types.entries.variants.create': { module: 'entry_variant', event: 'create' },
  'content_types.entries.variants.update': { module: 'entry_variant', event: 'update' },
  'content_types.entries.variants.delete': { module: 'entry_variant', event: 'delete' },
} as const satisfies Record<string, WebhookChannelTarget>;

export type WebhookChannel = keyof typeof WEBHOOK_CHANNELS;

export function isWebhookChannel(name: string): name is WebhookChannel {
  return Object.hasOwn(WEBHOOK_CHANNELS, name);
}
