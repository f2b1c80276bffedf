// HTTP adapters of the recompute ports. Every call first takes a token from the organization's request budget (the
// same Redis budget the mirror uses), and every failure becomes one ExternalCallError so the queue decides about
// retries. Lists are paged until a short page.
import {
  ExternalCallError,
  attributeSchema,
  audienceSchema,
  classifyHttpFailure,
  eventSchema,
  experiencePrioritySchema,
  experienceSchema,
  experienceVersionSchema,
  type ExperienceVersion,
} from '@pb/shared';
import { z } from 'zod';
import type { BudgetKind, RequestBudget } from '../budget/request-budget';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';

interface CallContext {
  service: 'personalize' | 'cma';
  baseUrl: string;
  headers: Record<string, string>;
  organizationUid: string;
  budget: RequestBudget;
  budgetKind: BudgetKind;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** GET `path`; null on 404; throws ExternalCallError on any other failure. */
async function getJson(ctx: CallContext, path: string): Promise<unknown> {
  await ctx.budget.take(ctx.organizationUid, ctx.budgetKind);
  let response: Response;
  try {
    response = await ctx.fetch(`${ctx.baseUrl}${path}`, {
      headers: { ...ctx.headers, accept: 'application/json' },
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
  } catch (cause) {
    throw new ExternalCallError(`${ctx.service} GET ${path}: no response`, {
      kind: 'transient',
      service: ctx.service,
      cause,
    });
  }
  const text = await response.text();
  if (response.status === 404) return null;
  if (!response.ok) {
    const failure = classifyHttpFailure(response.status, response.headers.get('retry-after'));
    throw new ExternalCallError(`${ctx.service} GET ${path}: HTTP ${response.status}`, {
      kind: failure.kind,
      service: ctx.service,
      status: response.status,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    });
  }
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch (cause) {
    throw new ExternalCallError(`${ctx.service} GET ${path}: unreadable answer`, {
      kind: 'transient',
      service: ctx.service,
      cause,
    });
  }
}

function parse<T>(ctx: CallContext, schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.')}: ${i.message}`)
    .join('; ');
  throw new ExternalCallError(`${ctx.service} ${what}: unexpected answer (${where})`, {
    kind: 'permanent',
    service: ctx.service,
  });
}

export interface SourceOptions {
  organizationUid: string;
  authtoken: string;
  budget: RequestBudget;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function createPersonalizeReader(
  options: SourceOptions & { baseUrl: string; projectUid: string },
): PersonalizeReadPort {
  const ctx: CallContext = {
    service: 'personalize',
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authtoken: options.authtoken, 'x-project-uid': options.projectUid },
    organizationUid: options.organizationUid,
    budget: options.budget,
    budgetKind: 'personalize',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
  };
  const list = async <T>(path: string, schema: z.ZodType<T>): Promise<T[]> => {
    const json = await getJson(ctx, path);
    return json === null ? [] : parse(ctx, z.array(schema), json, `GET ${path}`);
  };
  return {
    listExperiences: () => list('/experiences', experienceSchema),
    async listVersions(experienceUid) {
      const json = await getJson(ctx, `/experiences/${encodeURIComponent(experienceUid)}/versions`);
      if (json === null) return [];
      // One unreadable version (a DRAFT being edited) must not stop the project: keep the versions that parse.
      const raw = parse(ctx, z.array(z.unknown()), json, 'list versions');
      return raw.flatMap((v): ExperienceVersion[] => {
        const parsed = experienceVersionSchema.safeParse(v);
        return parsed.success ? [parsed.data] : [];
      });
    },
    async priority() {
      const json = await getJson(ctx, '/experiences-priority');
      return json === null ? [] : parse(ctx, experiencePrioritySchema, json, 'experiences priority');
    },
    listAudiences: () => list('/audiences', audienceSchema),
    listAttributes: () => list('/attributes', attributeSchema),
    listEvents: () => list('/events', eventSchema),
  };
}

const PAGE = 100;
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
  const ctx: CallContext = {
    service: 'cma',
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: {
      api_key: options.stackApiKey,
      ...(options.managementToken === undefined
        ? { authtoken: options.authtoken }
        : { authorization: options.managementToken }),
    },
    organizationUid: options.organizationUid,
    budget: options.budget,
    budgetKind: 'read',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
  };
  async function allPages<T>(path: string, schema: z.ZodType<{ entries: T[] }>): Promise<T[]> {
    const all: T[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const separator = path.includes('?') ? '&' : '?';
      const json = await getJson(ctx, `${path}${separator}limit=${PAGE}&skip=${skip}`);
      if (json === null) return all;
      const page = parse(ctx, schema, json, `GET ${path}`).entries;
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }
  return {
    async linkedContentTypes(variantGroupUid) {
      const json = await getJson(ctx, `/variant_groups/${encodeURIComponent(variantGroupUid)}`);
      if (json === null) return null;
      const group = parse(ctx, groupSchema, json, 'get variant group');
      return group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid);
    },
    async listEntryUids(contentTypeUid) {
      const entries = await allPages(`/content_types/${encodeURIComponent(contentTypeUid)}/entries`, entriesPageSchema);
      return entries.map((e) => e.uid);
    },
    async entryVariantUids(contentTypeUid, entryUid) {
      const variants = await allPages(
        `/content_types/${encodeURIComponent(contentTypeUid)}/entries/${encodeURIComponent(entryUid)}/variants`,
        entryVariantsPageSchema,
      );
      return [...new Set(variants.flatMap((v) => (v._variant === undefined ? [] : [v._variant._uid])))];
    },
  };
}
