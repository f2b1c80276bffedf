// One minimal, valid webhook body per `{module, event}` a manifest channel delivers, in the pinned envelope shapes.
import type { WebhookChannelTarget } from '@pb/shared';

export function sampleEnvelope(target: WebhookChannelTarget, apiKey: string, at: Date): Record<string, unknown> {
  return {
    module: target.module,
    api_key: apiKey,
    event: target.event,
    triggered_at: at.toISOString(),
    data: sampleData(target, apiKey),
  };
}

function sampleData(target: WebhookChannelTarget, apiKey: string): Record<string, unknown> {
  switch (target.module) {
    case 'app_installation':
      return {
        app_installation: {
          app_uid: 'app_personalize_bridge',
          installation_uid: 'inst_sample',
          organization_uid: 'blt_org_sample',
          target: { type: 'stack', uid: apiKey },
        },
      };
    case 'content_type':
      return { content_type: { uid: 'page', title: 'Page', schema: [] } };
    case 'entry':
      return {
        entry: { uid: 'blt_entry', title: 'Home', locale: 'en-us', _version: 3 },
        content_type: { uid: 'page', title: 'Page' },
        ...(target.event === 'publish' || target.event === 'unpublish'
          ? { environment: 'production', locale: 'en-us', status: 'success' }
          : {}),
      };
    case 'entry_variant':
      return {
        entry: { uid: 'blt_entry', locale: 'en-us', _variant: { _uid: 'cs_var_1', _change_set: ['title'] } },
        content_type: { uid: 'page' },
        variant: { uid: 'cs_var_1', variant_group_uid: 'cs_group_1' },
      };
  }
}
