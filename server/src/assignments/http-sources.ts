// HTTP adapters of the recompute ports: the recompute's slice of the Personalize client, and the CMA coverage reader
// over the budgeted GET every adapter shares (clients/budgeted-get.ts). A 429 fails at once with its Retry-After, so
// the queue decides about retries. CMA lists are paged until a short page.
import { z } from 'zod';
import {
  PAGE_SIZE,
  allPages,
  cmaContext,
  getJson,
  parseAnswer,
  type BudgetedGetOptions,
} from '../clients/budgeted-get';
import { createPersonalizeApi, type PersonalizeApi, type PersonalizeApiOptions } from '../clients/personalize-api';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';

export type SourceOptions = BudgetedGetOptions;

/** The recompute's slice of the Personalize client: every list as it came (the use case reads each record on its own). */
export function createPersonalizeReader(options: PersonalizeApiOptions): PersonalizeReadPort {
  return personalizeForRecompute(createPersonalizeApi(options));
}

export function personalizeForRecompute(api: PersonalizeApi): PersonalizeReadPort {
  return {
    listExperiences: async () => (await api.experiencesRaw()) ?? [],
    listVersions: (experienceUid) => api.versionsRaw(experienceUid),
    priority: () => api.priority(),
    listAudiences: () => api.audiencesRaw(),
    listAttributes: () => api.attributes(),
    listEvents: () => api.events(),
  };
}

const groupSchema = z.looseObject({
  content_types: z.array(z.looseObject({ uid: z.string(), status: z.string().optional() })).default([]),
});
const entriesPageSchema = z.looseObject({ entries: z.array(z.looseObject({ uid: z.string().min(1) })) });
const entryVariantsPageSchema = z.looseObject({
  entries: z.array(z.looseObject({ _variant: z.looseObject({ _uid: z.string().min(1) }).optional() })),
});

export function createCoverageReader(
  options: SourceOptions & { baseUrl: string; stackApiKey: string; managementToken?: string },
): CoverageReadPort {
  const ctx = cmaContext(options);
  const entriesOf = <T>(path: string, schema: z.ZodType<{ entries: T[] }>): Promise<T[]> =>
    allPages(async (skip) => {
      const separator = path.includes('?') ? '&' : '?';
      const json = await getJson(ctx, `${path}${separator}limit=${PAGE_SIZE}&skip=${skip}`);
      return json === null ? null : parseAnswer(ctx, schema, json, `GET ${path}`).entries;
    });
  return {
    async linkedContentTypes(variantGroupUid) {
      const json = await getJson(ctx, `/variant_groups/${encodeURIComponent(variantGroupUid)}`);
      if (json === null) return null;
      const group = parseAnswer(ctx, groupSchema, json, 'get variant group');
      return group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid);
    },
    async listEntryUids(contentTypeUid) {
      const entries = await entriesOf(
        `/content_types/${encodeURIComponent(contentTypeUid)}/entries`,
        entriesPageSchema,
      );
      return entries.map((e) => e.uid);
    },
    async entryVariantUids(contentTypeUid, entryUid) {
      const variants = await entriesOf(
        `/content_types/${encodeURIComponent(contentTypeUid)}/entries/${encodeURIComponent(entryUid)}/variants`,
        entryVariantsPageSchema,
      );
      return [...new Set(variants.flatMap((v) => (v._variant === undefined ? [] : [v._variant._uid])))];
    },
  };
}
