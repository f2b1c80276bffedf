/**
 * The installation's configuration as the config screen edits it. `configuration` is public (every location
 * reads it with `sdk.getConfig()`); the webhook HMAC secret lives only in `serverConfiguration`, which reaches
 * nothing but our server. The server checks the stack's webhooks with that secret (its organization's HMAC secret:
 * one deployment serves many organizations, each with its own).
 */
import { z } from 'zod';
import type { InstallationData, JsonObject } from '../sdk/app-sdk';

export const REGIONS = ['NA', 'EU', 'AU', 'AZURE_NA', 'AZURE_EU', 'GCP_NA', 'GCP_EU'] as const;
export type Region = (typeof REGIONS)[number];

export const publicConfigSchema = z.object({
  personalize_project_uid: z.string().min(1, 'Pick a Personalize project.'),
  region: z.enum(REGIONS, { error: 'Pick a region.' }),
  server_url: z
    .string()
    .min(1, 'Enter the server URL.')
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'The server URL must start with http:// or https://.'),
  mirror: z.object({
    /** A variant removed from its experience: delete it unless an entry variant still uses it, or keep it. */
    removed_variants: z.enum(['delete-unused', 'keep']),
    /** A deleted experience: keep its group marked unlinked from Personalize, or delete the group. */
    deleted_experience: z.enum(['unlink', 'delete']),
    /** Content types every newly mirrored group is linked to. */
    auto_link_content_types: z.array(z.string()),
  }),
});

export const serverConfigSchema = z.object({
  webhook_hmac_secret: z
    .string()
    .refine((v) => v === '' || v.length >= 32, 'The HMAC secret needs at least 32 characters (or leave it empty).'),
});

export type PublicConfig = z.infer<typeof publicConfigSchema>;
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export interface ConfigDraft {
  configuration: {
    personalize_project_uid: string;
    region: string;
    server_url: string;
    mirror: { removed_variants: string; deleted_experience: string; auto_link_content_types: string[] };
  };
  serverConfiguration: { webhook_hmac_secret: string };
}

const text = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whatever was saved before (possibly nothing, possibly an older shape) becomes a complete draft. */
export function draftFrom(data: InstallationData): ConfigDraft {
  const c = data.configuration;
  const mirror = isObject(c.mirror) ? c.mirror : {};
  const autoLink = Array.isArray(mirror.auto_link_content_types)
    ? mirror.auto_link_content_types.filter((x): x is string => typeof x === 'string')
    : [];
  return {
    configuration: {
      personalize_project_uid: text(c.personalize_project_uid),
      region: text(c.region, 'NA'),
      server_url: text(c.server_url),
      mirror: {
        removed_variants: text(mirror.removed_variants, 'delete-unused'),
        deleted_experience: text(mirror.deleted_experience, 'unlink'),
        auto_link_content_types: autoLink,
      },
    },
    serverConfiguration: { webhook_hmac_secret: text(data.serverConfiguration.webhook_hmac_secret) },
  };
}

export type Validation =
  | { valid: true; data: { configuration: PublicConfig; serverConfiguration: ServerConfig } }
  | {
      valid: false;
      /** Field path (e.g. `configuration.server_url`) → message. */
      problems: Record<string, string>;
    };

export function validateDraft(draft: ConfigDraft): Validation {
  const publicPart = publicConfigSchema.safeParse(draft.configuration);
  const serverPart = serverConfigSchema.safeParse(draft.serverConfiguration);
  if (publicPart.success && serverPart.success) {
    return { valid: true, data: { configuration: publicPart.data, serverConfiguration: serverPart.data } };
  }
  const problems: Record<string, string> = {};
  for (const [prefix, result] of [
    ['configuration', publicPart],
    ['serverConfiguration', serverPart],
  ] as const) {
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const path = [prefix, ...issue.path.map(String)].join('.');
      problems[path] ??= issue.message;
    }
  }
  return { valid: false, problems };
}
