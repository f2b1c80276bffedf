/**
 * The installation's configuration as the config screen edits it. `configuration` is public (every location
 * reads it with `sdk.getConfig()`); the webhook HMAC secret lives only in `serverConfiguration`, which reaches
 * nothing but our server. The server checks the stack's webhooks with that secret (its organization's HMAC secret:
 * one deployment serves many organizations, each with its own).
 */
import { z } from 'zod';
import type { InstallationData } from '../sdk/app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';

export const REGIONS = ['NA', 'EU', 'AU', 'AZURE_NA', 'AZURE_EU', 'GCP_NA', 'GCP_EU'] as const;
export type Region = (typeof REGIONS)[number];

export const DELETED_EXPERIENCE_POLICIES = ['keep', 'unlink-content-types'] as const;

/**
 * Configurations saved before Personalize's own sync was followed said `unlink` (keep the group) or `delete` (take it
 * out of use); they read as the nearest policy that writes nothing Personalize owns (the server maps them alike).
 */
const OLD_DELETED_EXPERIENCE: Record<string, string> = { unlink: 'keep', delete: 'unlink-content-types' };

export const publicConfigSchema = z.object({
  personalize_project_uid: z.string().min(1, 'Pick a Personalize project.'),
  region: z.enum(REGIONS, { error: 'Pick a region.' }),
  server_url: z
    .string()
    .min(1, 'Enter the server URL.')
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'The server URL must start with http:// or https://.'),
  mirror: z.object({
    /**
     * A deleted experience: Personalize leaves its variant group behind, and the app never deletes what Personalize
     * made. Keep it and report it, or also unlink its content types so no author writes to it any more.
     */
    deleted_experience: z.enum(DELETED_EXPERIENCE_POLICIES),
    /** Content types the app links to every group Personalize makes. */
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
    mirror: { deleted_experience: string; auto_link_content_types: string[] };
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
      // `removed_variants` of older configurations is dropped: the app no longer deletes variants.
      mirror: { deleted_experience: deletedExperienceOf(mirror.deleted_experience), auto_link_content_types: autoLink },
    },
    serverConfiguration: { webhook_hmac_secret: text(data.serverConfiguration.webhook_hmac_secret) },
  };
}

function deletedExperienceOf(saved: unknown): string {
  const value = text(saved, 'keep');
  return OLD_DELETED_EXPERIENCE[value] ?? value;
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
