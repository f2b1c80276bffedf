// The marketplace manifest's shape as Contentstack's apps CLI reads it (shared/reference/app-sdk-and-manifest.md),
// narrowed to what we promise: a stack app whose every UI location and webhook is signed, hosted externally.
import { z } from 'zod';

/** A public https URL: Contentstack refuses plain http and cannot reach localhost. */
const publicHttpsUrl = z.url().refine(
  (value) => {
    const { protocol, hostname } = new URL(value);
    return protocol === 'https:' && !['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(hostname);
  },
  { message: 'expected an https URL that is not localhost' },
);

export const LOCATION_TYPES = ['cs.cm.stack.sidebar', 'cs.cm.stack.config', 'cs.cm.stack.full_page'] as const;

const locationMetaSchema = z.object({
  uid: z.string().min(1).optional(),
  name: z.string().min(1),
  path: z.string().startsWith('/'),
  signed: z.literal(true),
  enabled: z.boolean(),
  data_type: z.string().optional(),
  width: z.number().int().positive().optional(),
  default_width: z.enum(['full', 'half']).optional(),
});

const scopesSchema = z.array(z.string().regex(/^[a-z][a-z.-]*:[a-z]+$/, 'expected a scope like area:action')).min(1);

export const manifestSchema = z.strictObject({
  name: z.string().min(3).max(20),
  description: z.string().min(1),
  target_type: z.literal('stack'),
  visibility: z.enum(['private', 'public', 'public_unlisted']),
  ui_location: z.strictObject({
    signed: z.literal(true),
    base_url: publicHttpsUrl,
    locations: z
      .array(z.strictObject({ type: z.enum(LOCATION_TYPES), meta: z.array(locationMetaSchema).min(1) }))
      .min(1),
  }),
  webhook: z.strictObject({
    name: z.string().min(1).optional(),
    signed: z.literal(true),
    enabled: z.literal(true),
    target_url: publicHttpsUrl,
    channels: z.array(z.string().min(1)).min(1),
    app_lifecycle_enabled: z.boolean().optional(),
    retry_policy: z.enum(['manual']).optional(),
    concise_payload: z.boolean().optional(),
    custom_headers: z.array(z.strictObject({ header_name: z.string().min(1), value: z.string() })).optional(),
  }),
  oauth: z.strictObject({
    redirect_uri: publicHttpsUrl,
    user_token_config: z
      .strictObject({ enabled: z.boolean(), scopes: scopesSchema, allow_pkce: z.boolean() })
      .optional(),
    app_token_config: z.strictObject({ enabled: z.literal(true), scopes: scopesSchema }),
  }),
  hosting: z.strictObject({ provider: z.literal('external'), deployment_url: publicHttpsUrl }),
});

export type Manifest = z.infer<typeof manifestSchema>;
