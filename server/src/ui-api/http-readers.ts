// HTTP adapters of the UI API's read ports (Personalize Management API and CMA). Every call first takes a token
// from the organization's request budget (the one the workers share), so the UI cannot push the organization over
// Contentstack's rate limit. Failures become the project's one `ExternalCallError` (kind from the HTTP status), which
// the router answers 502 with its reason.
import { classifyHttpFailure, ExternalCallError } from '@pb/shared';
import { z } from 'zod';
import type { RequestBudget } from '../budget/request-budget';
import type { ExperienceView, GroupView, PersonalizeReader, StackReader, VersionView } from './ports';

/** A failed call, classified once by the shared taxonomy (`classifyHttpFailure`; no answer at all is transient). */
function upstreamFailure(service: 'personalize' | 'cma', status: number | null, message: string): ExternalCallError {
  const failure = classifyHttpFailure(status ?? undefined);
  return new ExternalCallError(message, {
    kind: failure.kind,
    service,
    ...(status === null ? {} : { status }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  });
}

interface Ctx {
  service: 'personalize' | 'cma';
  baseUrl: string;
  headers: Record<string, string>;
  organizationUid: string;
  budget: RequestBudget;
  timeoutMs: number;
  fetch: typeof fetch;
}

const RATE_LIMIT_TRIES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GET `path`: null on 404. Other clients of the organization (the CMS itself, other apps) share its rate limit
 * without our budget knowing, so a 429 is waited out (Retry-After, at most 2 s, a few times) before giving up.
 */
async function getJson<T>(ctx: Ctx, path: string, schema: z.ZodType<T>): Promise<T | null> {
  for (let attempt = 1; ; attempt += 1) {
    await ctx.budget.take(ctx.organizationUid, ctx.service === 'cma' ? 'read' : 'personalize');
    let response: Response;
    try {
      response = await ctx.fetch(`${ctx.baseUrl}${path}`, {
        headers: { ...ctx.headers, accept: 'application/json' },
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
    } catch {
      throw upstreamFailure(ctx.service, null, `${serviceName(ctx)} did not answer; try again shortly`);
    }
    if (response.status === 429 && attempt < RATE_LIMIT_TRIES) {
      await response.arrayBuffer();
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      await sleep(Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1, 2) * 1000);
      continue;
    }
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    if (!response.ok) {
      await response.arrayBuffer();
      throw upstreamFailure(
        ctx.service,
        response.status,
        response.status === 429
          ? `${serviceName(ctx)} is rate-limiting this organization right now; try again in a few seconds`
          : `${serviceName(ctx)} answered HTTP ${response.status}`,
      );
    }
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw upstreamFailure(
        ctx.service,
        response.status,
        `${serviceName(ctx)} answered unexpectedly at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      );
    }
    return parsed.data;
  }
}

const serviceName = (ctx: Ctx) => (ctx.service === 'cma' ? 'Contentstack (CMA)' : 'Personalize');

export interface ReaderOptions {
  organizationUid: string;
  authtoken: string;
  budget: RequestBudget;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const experienceSchema = z.looseObject({
  uid: z.string().min(1),
  shortUid: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  __type: z.enum(['SEGMENTED', 'AB_TEST']),
  latestVersion: z.string().nullish(),
  _cms: z
    .looseObject({
      variantGroup: z.string(),
      variants: z.record(z.string(), z.string()).default({}),
      contentTypes: z.array(z.string()).optional(),
    })
    .nullish(),
});
const versionSchema = z.looseObject({
  uid: z.string().min(1),
  status: z.string(),
  variants: z
    .array(
      z.looseObject({
        shortUid: z.string(),
        name: z.string(),
        trafficDistribution: z.number().optional(),
        audiences: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});
const namedSchema = z.looseObject({ uid: z.string().min(1), name: z.string() });

export function createPersonalizeReader(
  options: ReaderOptions & { baseUrl: string; projectUid: string },
): PersonalizeReader {
  const base = {
    service: 'personalize' as const,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    organizationUid: options.organizationUid,
    budget: options.budget,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
  };
  const project: Ctx = { ...base, headers: { authtoken: options.authtoken, 'x-project-uid': options.projectUid } };
  const org: Ctx = { ...base, headers: { authtoken: options.authtoken, organization_uid: options.organizationUid } };
  return {
    async listExperiences() {
      const list = (await getJson(project, '/experiences', z.array(experienceSchema))) ?? [];
      return list.map((x): ExperienceView => ({
        uid: x.uid,
        shortUid: x.shortUid,
        name: x.name,
        description: x.description ?? '',
        type: x.__type,
        latestVersion: x.latestVersion ?? null,
        cmsLink: x._cms == null ? null : { variantGroup: x._cms.variantGroup, variants: x._cms.variants },
        contentTypes: x._cms?.contentTypes ?? [],
      }));
    },
    async listVersions(experienceUid) {
      const list = await getJson(
        project,
        `/experiences/${encodeURIComponent(experienceUid)}/versions`,
        z.array(versionSchema),
      );
      return (list ?? []).map((v): VersionView => ({
        uid: v.uid,
        status: v.status,
        variants: v.variants.map((x) => ({
          shortUid: x.shortUid,
          name: x.name,
          trafficDistribution: x.trafficDistribution,
          audiences: x.audiences,
        })),
      }));
    },
    async audienceNames() {
      const list = (await getJson(project, '/audiences', z.array(namedSchema))) ?? [];
      return new Map(list.map((a) => [a.uid, a.name]));
    },
    async listProjects(stackApiKey) {
      const list =
        (await getJson(
          org,
          `/projects?connectedStackApiKey=${encodeURIComponent(stackApiKey)}`,
          z.array(namedSchema),
        )) ?? [];
      return list.map((p) => ({ uid: p.uid, name: p.name }));
    },
  };
}

const PAGE = 100;
/** Coverage of bigger content types is reported for the first entries only (the UI says so). */
export const MAX_ENTRIES_PER_CONTENT_TYPE = 500;

const groupsPageSchema = z.looseObject({
  variant_groups: z.array(
    z.looseObject({
      uid: z.string().min(1),
      name: z.string(),
      content_types: z.array(z.looseObject({ uid: z.string(), status: z.string().optional() })).default([]),
      personalize_metadata: z
        .looseObject({ project_uid: z.string(), experience_uid: z.string(), status: z.string().optional() })
        .nullish(),
      variants: z
        .array(
          z.looseObject({
            uid: z.string().min(1),
            name: z.string(),
            personalize_metadata: z.looseObject({ variant_short_uid: z.string().optional() }).nullish(),
          }),
        )
        .default([]),
    }),
  ),
});
const entriesPageSchema = z.looseObject({
  entries: z.array(z.looseObject({ uid: z.string().min(1), title: z.string().nullish() })),
});
const entryVariantsPageSchema = z.looseObject({
  entries: z.array(z.looseObject({ _variant: z.looseObject({ _uid: z.string().min(1) }).optional() })),
});

export function createStackReader(
  options: ReaderOptions & { baseUrl: string; stackApiKey: string; managementToken?: string },
): StackReader {
  const ctx: Ctx = {
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
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
  };
  async function pages<T>(pick: (skip: number) => Promise<T[] | null>, max = Infinity): Promise<T[]> {
    const all: T[] = [];
    for (let skip = 0; skip < max; skip += PAGE) {
      const page = await pick(skip);
      if (page === null) return all;
      all.push(...page);
      if (page.length < PAGE) return all;
    }
    return all;
  }
  const sep = (path: string) => (path.includes('?') ? '&' : '?');
  return {
    async listGroups() {
      const path = '/variant_groups?include_variant_info=true';
      const groups = await pages(async (skip) => {
        const page = await getJson(ctx, `${path}${sep(path)}limit=${PAGE}&skip=${skip}`, groupsPageSchema);
        return page?.variant_groups ?? null;
      });
      return groups.map((g): GroupView => ({
        uid: g.uid,
        name: g.name,
        contentTypes: g.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid),
        metadata:
          g.personalize_metadata == null
            ? null
            : {
                projectUid: g.personalize_metadata.project_uid,
                experienceUid: g.personalize_metadata.experience_uid,
                status: g.personalize_metadata.status ?? 'linked',
              },
        variants: g.variants.map((v) => ({
          uid: v.uid,
          name: v.name,
          shortUid: v.personalize_metadata?.variant_short_uid ?? null,
        })),
      }));
    },
    async listEntries(contentTypeUid) {
      const path = `/content_types/${encodeURIComponent(contentTypeUid)}/entries`;
      const entries = await pages(
        async (skip) => (await getJson(ctx, `${path}?limit=${PAGE}&skip=${skip}`, entriesPageSchema))?.entries ?? null,
        MAX_ENTRIES_PER_CONTENT_TYPE,
      );
      return entries.map((e) => ({ uid: e.uid, title: e.title ?? e.uid }));
    },
    async entryVariantUids(contentTypeUid, entryUid) {
      const path = `/content_types/${encodeURIComponent(contentTypeUid)}/entries/${encodeURIComponent(entryUid)}/variants`;
      const variants = await pages(
        async (skip) =>
          (await getJson(ctx, `${path}?limit=${PAGE}&skip=${skip}`, entryVariantsPageSchema))?.entries ?? null,
      );
      return [...new Set(variants.flatMap((v) => (v._variant === undefined ? [] : [v._variant._uid])))];
    },
  };
}
