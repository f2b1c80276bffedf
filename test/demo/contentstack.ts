// What the demo does as the marketer and the site would: the Personalize Management API, the CMA (authoring) and
// the Delivery API (through the official delivery SDK, as a site does), all on the sandbox's mounts (the same paths
// as Contentstack's own hosts). Each call lists only the fields the story reads, checked with zod.
import contentstack from '@contentstack/delivery-sdk';
import type { Stack } from '@contentstack/delivery-sdk';
import { z } from 'zod';
import { requestJson } from './http';

export const credentialsSchema = z.object({
  api_key: z.string().min(1),
  authtoken: z.string().min(1),
  delivery_token: z.string().min(1),
  environments: z.array(z.string().min(1)).min(1),
  personalize_project_uid: z.string().min(1),
});
/** The part of `GET <sandbox>/_sandbox/credentials` the demo uses. */
export type SandboxCredentials = z.infer<typeof credentialsSchema>;

const importedStacksSchema = z.object({
  stacks: z.array(
    z.object({
      api_key: z.string().min(1),
      delivery_token: z.string().min(1),
      environments: z.array(z.string().min(1)),
      personalize_project_uid: z.string().nullable(),
    }),
  ),
});

/**
 * The credentials of the stack the demo runs on: the seeded stack's (`GET /_sandbox/credentials`), or, when
 * `stackApiKey` names a stack `npm run sandbox:import` made (`npm start` with SANDBOX_STACK), that stack's delivery
 * token, environments and Personalize project from `GET /_sandbox/stacks`. The seeded user's authtoken serves both:
 * an imported stack belongs to the seeded organization.
 */
export async function fetchCredentials(sandboxUrl: string, stackApiKey?: string): Promise<SandboxCredentials> {
  const seeded = await requestJson(credentialsSchema, 'GET', `${sandboxUrl}/_sandbox/credentials`);
  if (stackApiKey === undefined || stackApiKey === seeded.api_key) return seeded;
  const { stacks } = await requestJson(importedStacksSchema, 'GET', `${sandboxUrl}/_sandbox/stacks`);
  const stack = stacks.find((s) => s.api_key === stackApiKey);
  if (stack === undefined) {
    throw new Error(`the sandbox has no stack ${stackApiKey}: neither the seeded one nor an imported one`);
  }
  if (stack.personalize_project_uid === null) {
    throw new Error(`the imported stack ${stackApiKey} has no Personalize project, and the story needs one`);
  }
  if (stack.environments.length === 0) {
    throw new Error(`the imported stack ${stackApiKey} has no environment to publish to`);
  }
  return {
    authtoken: seeded.authtoken,
    api_key: stack.api_key,
    delivery_token: stack.delivery_token,
    environments: stack.environments,
    personalize_project_uid: stack.personalize_project_uid,
  };
}

const named = z.object({ uid: z.string(), name: z.string() });
const attribute = z.object({ uid: z.string(), key: z.string(), name: z.string() });
const event = z.object({ uid: z.string(), key: z.string() });
const experience = z.object({ uid: z.string(), shortUid: z.string(), name: z.string() });
const variant = z.looseObject({ shortUid: z.string(), name: z.string() });
const version = z.looseObject({
  uid: z.string(),
  status: z.string(),
  variants: z.array(variant),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PersonalizeVersion = z.infer<typeof version>;

/** A rule tree as Personalize stores audiences (RuleCombination of Rules). */
export type AudienceDefinition = Record<string, unknown>;

export class PersonalizeApi {
  constructor(
    private readonly sandboxUrl: string,
    private readonly credentials: SandboxCredentials,
  ) {}

  private call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    return requestJson(schema, method, `${this.sandboxUrl}/personalize${path}`, {
      headers: { authtoken: this.credentials.authtoken, 'x-project-uid': this.credentials.personalize_project_uid },
      ...(body === undefined ? {} : { body }),
    });
  }

  project(): Promise<{ uid: string; name: string }> {
    return this.call(named, 'GET', `/projects/${this.credentials.personalize_project_uid}`);
  }

  attributes(): Promise<z.infer<typeof attribute>[]> {
    return this.call(z.array(attribute), 'GET', '/attributes');
  }

  createAttribute(key: string, name: string): Promise<z.infer<typeof attribute>> {
    return this.call(attribute, 'POST', '/attributes', { key, name });
  }

  audiences(): Promise<{ uid: string; name: string }[]> {
    return this.call(z.array(named), 'GET', '/audiences');
  }

  createAudience(name: string, description: string, definition: AudienceDefinition): Promise<{ uid: string }> {
    return this.call(named, 'POST', '/audiences', { name, description, definition });
  }

  events(): Promise<{ uid: string; key: string }[]> {
    return this.call(z.array(event), 'GET', '/events');
  }

  createEvent(key: string, description: string): Promise<{ uid: string; key: string }> {
    return this.call(event, 'POST', '/events', { key, description });
  }

  experiences(): Promise<{ uid: string; shortUid: string; name: string }[]> {
    return this.call(z.array(experience), 'GET', '/experiences');
  }

  createExperience(
    name: string,
    description: string,
    type: 'SEGMENTED' | 'AB_TEST',
  ): Promise<{ uid: string; shortUid: string; name: string }> {
    return this.call(experience, 'POST', '/experiences', { name, description, __type: type });
  }

  /** Newest first. */
  versions(experienceUid: string): Promise<PersonalizeVersion[]> {
    return this.call(z.array(version), 'GET', `/experiences/${experienceUid}/versions`);
  }

  /** Replaces a version: variants, targeting and metrics are written whole, as the Personalize UI does. */
  writeVersion(experienceUid: string, versionUid: string, body: Record<string, unknown>): Promise<PersonalizeVersion> {
    return this.call(version, 'PUT', `/experiences/${experienceUid}/versions/${versionUid}`, body);
  }
}

const groupVariant = z.looseObject({
  uid: z.string(),
  name: z.string(),
  alias: z.string().optional(),
  personalize_metadata: z.looseObject({ variant_short_uid: z.string().optional() }).nullish(),
});
const group = z.looseObject({
  uid: z.string(),
  name: z.string(),
  created_at: z.string(),
  created_by: z.string().optional(),
  content_types: z.array(z.looseObject({ uid: z.string(), status: z.string().optional() })).default([]),
  personalize_metadata: z.looseObject({ experience_uid: z.string().optional() }).nullish(),
  variants: z.array(groupVariant).optional(),
});
export type VariantGroup = z.infer<typeof group>;

/** The Content Management API, as an author with the stack's authtoken. */
export class ManagementApi {
  constructor(
    private readonly sandboxUrl: string,
    private readonly credentials: SandboxCredentials,
  ) {}

  private call<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<z.infer<S>> {
    return requestJson(schema, method, `${this.sandboxUrl}/v3${path}`, {
      headers: { authtoken: this.credentials.authtoken, api_key: this.credentials.api_key, ...extra },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** The groups that claim the experience, as the official CLI finds them (`?experience_uid=`). */
  async groupsOfExperience(experienceUid: string): Promise<VariantGroup[]> {
    const answer = await this.call(
      z.object({ variant_groups: z.array(group) }),
      'GET',
      `/variant_groups?experience_uid=${encodeURIComponent(experienceUid)}&include_variant_info=true`,
    );
    return answer.variant_groups;
  }

  async variantGroup(uid: string): Promise<VariantGroup> {
    return this.call(group, 'GET', `/variant_groups/${uid}?include_variant_info=true`);
  }

  /**
   * Links content types to a group as an author attaching an entry in the sidebar does: `PUT /variant_groups/{uid}`
   * with the group's current name (required, and a Personalize-made group may not be renamed) and the whole list of
   * links, so the group's existing links are kept.
   */
  async linkContentTypes(current: VariantGroup, add: readonly string[]): Promise<VariantGroup> {
    const kept = current.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid);
    const uids = [...new Set([...kept, ...add])];
    return this.call(group, 'PUT', `/variant_groups/${current.uid}`, {
      name: current.name,
      content_types: uids.map((uid) => ({ uid, status: 'linked' })),
    });
  }

  async createEntry(contentType: string, fields: Record<string, unknown>, locale: string): Promise<string> {
    const created = await this.call(
      z.object({ entry: z.object({ uid: z.string() }) }),
      'POST',
      `/content_types/${contentType}/entries?locale=${locale}`,
      { entry: fields },
    );
    return created.entry.uid;
  }

  /** Writes the entry variant: only the changed fields, named in the change set. */
  async writeEntryVariant(
    contentType: string,
    entryUid: string,
    variantUid: string,
    locale: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    await this.call(
      z.unknown(),
      'PUT',
      `/content_types/${contentType}/entries/${entryUid}/variants/${variantUid}?locale=${locale}`,
      { entry: { ...fields, _variant: { _change_set: Object.keys(fields) } } },
    );
  }

  /** Publishes the base entry, or (with `variantUids`) its variants, which needs api_version 3.2. */
  async publish(
    contentType: string,
    entryUid: string,
    environment: string,
    locale: string,
    variantUids: readonly string[] = [],
  ): Promise<void> {
    const variants = variantUids.length === 0 ? {} : { variants: variantUids.map((uid) => ({ uid, version: 1 })) };
    await this.call(
      z.unknown(),
      'POST',
      `/content_types/${contentType}/entries/${entryUid}/publish`,
      {
        entry: {
          environments: [environment],
          locales: [locale],
          ...variants,
          ...(variantUids.length === 0
            ? {}
            : { variant_rules: { publish_latest_base: false, publish_latest_base_conditionally: true } }),
        },
        locale,
      },
      variantUids.length === 0 ? {} : { api_version: '3.2' },
    );
  }
}

/**
 * The Content Delivery API as a website reads it: through the official delivery SDK, personalized by the variant
 * aliases the edge SDK gave the visitor (`.variants(aliases)` sends them as `x-cs-variant-uid`). One SDK stack per
 * sandbox, API key and environment, as a site keeps one for its lifetime.
 */
const deliveryStacks = new Map<string, Stack>();

function deliveryStack(sandboxUrl: string, credentials: SandboxCredentials, environment: string): Stack {
  const key = `${sandboxUrl}|${credentials.api_key}|${environment}`;
  let stack = deliveryStacks.get(key);
  if (stack === undefined) {
    stack = contentstack.stack({
      apiKey: credentials.api_key,
      deliveryToken: credentials.delivery_token,
      environment,
      // The sandbox serves the CDA under /cdn/v3 on its own origin (Contentstack's is cdn.contentstack.io/v3).
      endpoint: `${sandboxUrl}/cdn/v3`,
    });
    deliveryStacks.set(key, stack);
  }
  return stack;
}

export async function deliverEntry(
  sandboxUrl: string,
  credentials: SandboxCredentials,
  request: { contentType: string; entryUid: string; environment: string; locale: string; aliases: readonly string[] },
): Promise<Record<string, unknown>> {
  const entry = deliveryStack(sandboxUrl, credentials, request.environment)
    .contentType(request.contentType)
    .entry(request.entryUid)
    .locale(request.locale);
  const personalized = request.aliases.length === 0 ? entry : entry.variants([...request.aliases]);
  return z.record(z.string(), z.unknown()).parse(await personalized.fetch());
}
