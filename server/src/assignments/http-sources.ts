// HTTP adapters of the recompute ports, over the budgeted GET every adapter shares (clients/budgeted-get.ts): a 429
// fails at once with its Retry-After, so the queue decides about retries. Lists are paged until a short page.
import { attributeSchema, eventSchema, experiencePrioritySchema } from '@pb/shared';
import { z } from 'zod';
import {
  PAGE_SIZE,
  allPages,
  cmaContext,
  getJson,
  parseAnswer,
  personalizeContext,
  type BudgetedGetOptions,
} from '../clients/budgeted-get';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';

export type SourceOptions = BudgetedGetOptions;

export function createPersonalizeReader(
  options: SourceOptions & { baseUrl: string; projectUid: string },
): PersonalizeReadPort {
  const ctx = personalizeContext(options, { 'x-project-uid': options.projectUid });
  // Only the list itself must be an array: its items are read one by one by the use case (see sources.ts).
  const raw = async (path: string): Promise<unknown[]> => {
    const json = await getJson(ctx, path);
    return json === null ? [] : parseAnswer(ctx, z.array(z.unknown()), json, `GET ${path}`);
  };
  const readable = async <T>(path: string, schema: z.ZodType<T>): Promise<T[]> =>
    (await raw(path)).flatMap((item) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  return {
    listExperiences: () => raw('/experiences'),
    listVersions: (experienceUid) => raw(`/experiences/${encodeURIComponent(experienceUid)}/versions`),
    async priority() {
      const json = await getJson(ctx, '/experiences-priority');
      return json === null ? [] : parseAnswer(ctx, experiencePrioritySchema, json, 'experiences priority');
    },
    listAudiences: () => raw('/audiences'),
    listAttributes: () => readable('/attributes', attributeSchema),
    listEvents: () => readable('/events', eventSchema),
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
