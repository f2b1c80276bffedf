/** The webhooks the CMA sends, in the pinned body shapes (see the brief's conventions). */
import type { WebhookEmitter } from '../core/contracts';
import type { ContentTypeRecord, EntryVariantRecord, VariantRecord } from './model';

export const emitEntry = (
  hooks: WebhookEmitter,
  apiKey: string,
  event: 'create' | 'update' | 'delete' | 'publish' | 'unpublish',
  ct: ContentTypeRecord,
  entry: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void => {
  hooks.emit({
    stackApiKey: apiKey,
    module: 'entry',
    event,
    data: { entry, content_type: { uid: ct.uid, title: ct.title }, ...extra },
  });
};

export const emitContentType = (
  hooks: WebhookEmitter,
  apiKey: string,
  event: 'create' | 'update' | 'delete',
  ct: ContentTypeRecord,
): void => {
  hooks.emit({
    stackApiKey: apiKey,
    module: 'content_type',
    event,
    data: { content_type: { uid: ct.uid, title: ct.title, schema: ct.schema } },
  });
};

export const emitEntryVariant = (
  hooks: WebhookEmitter,
  apiKey: string,
  event: 'create' | 'update' | 'delete',
  ev: EntryVariantRecord,
  variant: VariantRecord | undefined,
): void => {
  hooks.emit({
    stackApiKey: apiKey,
    module: 'entry_variant',
    event,
    data: {
      entry: {
        uid: ev.entry_uid,
        locale: ev.locale,
        _version: ev._version,
        _variant: { _uid: ev.variant_uid, _change_set: ev.change_set },
      },
      content_type: { uid: ev.content_type_uid },
      variant: {
        uid: ev.variant_uid,
        ...(variant === undefined ? {} : { variant_group_uid: variant.variant_group_uid }),
      },
    },
  });
};
