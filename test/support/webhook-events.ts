// Webhook bodies as Contentstack sends them, for tests and benches that deliver their own (signed with signing.ts).

/**
 * An entry webhook body as Contentstack sends it (`module: "entry"`). Personalize sends no webhooks, so CMS events
 * like this one are what reaches the endpoint; each call with a new uid or instant is a distinct delivery.
 */
export function entryEvent(
  apiKey: string,
  entryUid: string,
  options: {
    event?: 'create' | 'update' | 'delete' | 'publish' | 'unpublish';
    triggeredAt?: Date;
    contentTypeUid?: string;
    version?: number;
    locale?: string;
    title?: string;
  } = {},
): Record<string, unknown> {
  return {
    module: 'entry',
    api_key: apiKey,
    event: options.event ?? 'update',
    triggered_at: (options.triggeredAt ?? new Date()).toISOString(),
    data: {
      entry: {
        uid: entryUid,
        title: options.title ?? 'Hero banner',
        locale: options.locale ?? 'en-us',
        _version: options.version ?? 1,
      },
      content_type: { uid: options.contentTypeUid ?? 'hero', title: 'Hero' },
    },
  };
}
