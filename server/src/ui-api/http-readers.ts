// HTTP adapters of the UI API's read ports (Personalize Management API and CMA), over the budgeted GET every adapter
// shares (clients/budgeted-get.ts): the UI cannot push the organization over Contentstack's rate limit, and failures are
// the project's one ExternalCallError, which the router answers 502 with its reason.
import { z } from 'zod';
import { ExternalCallError, classifyHttpFailure } from '@pb/shared';
import {
  PAGE_SIZE,
  allPages,
  cmaContext,
  getJson,
  parseAnswer,
  type BudgetedGetContext,
  type BudgetedGetOptions,
} from '../clients/budgeted-get';
import { createPersonalizeApi, type PersonalizeApi } from '../clients/personalize-api';
import { cmaEntryReads } from '../clients/cma-entry-reads';
import type {
  EntryVariantRef,
  ExperienceView,
  GroupView,
  PersonalizeReader,
  StackEditor,
  StackReader,
  VersionView,
} from './ports';

export type ReaderOptions = BudgetedGetOptions;

/**
 * A person is waiting: other clients of the organization (the CMS itself, other apps) share its rate limit without
 * our budget knowing, so a 429 is waited out briefly a few times before the reason is shown.
 */
const INTERACTIVE = { waitOutRateLimit: { tries: 4, maxWaitMs: 2000 } };

/** GET `path` checked against the narrow view read here: null on 404. */
async function read<T>(ctx: BudgetedGetContext, path: string, schema: z.ZodType<T>): Promise<T | null> {
  const json = await getJson(ctx, path, INTERACTIVE);
  return json === null ? null : parseAnswer(ctx, schema, json, `GET ${path}`);
}

/** The UI's slice of the Personalize client: experiences of the two kinds the page shows, versions, audience names. */
export function createPersonalizeReader(
  options: ReaderOptions & { baseUrl: string; projectUid: string },
): PersonalizeReader {
  return personalizeForUi(createPersonalizeApi({ ...options, get: INTERACTIVE }));
}

export function personalizeForUi(api: PersonalizeApi): PersonalizeReader {
  return {
    async listExperiences() {
      return ((await api.experiences()) ?? []).flatMap((x): ExperienceView[] =>
        x.__type === 'SEGMENTED' || x.__type === 'AB_TEST'
          ? [
              {
                uid: x.uid,
                shortUid: x.shortUid,
                name: x.name,
                description: x.description ?? '',
                type: x.__type,
                latestVersion: x.latestVersion ?? null,
                cmsLink: x._cms == null ? null : { variantGroup: x._cms.variantGroup, variants: x._cms.variants },
                contentTypes: x._cms?.contentTypes ?? [],
              },
            ]
          : [],
      );
    },
    async listVersions(experienceUid) {
      return (await api.versions(experienceUid)).map((v): VersionView => ({
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
    audienceNames: () => api.audienceNames(),
    listProjects: (stackApiKey) => api.projectsOfStack(stackApiKey),
  };
}

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
export function createStackReader(
  options: ReaderOptions & { baseUrl: string; stackApiKey: string; managementToken?: string },
): StackReader {
  const ctx = cmaContext(options);
  const entries = cmaEntryReads(ctx, INTERACTIVE);
  const sep = (path: string) => (path.includes('?') ? '&' : '?');
  return {
    async listGroups() {
      const path = '/variant_groups?include_variant_info=true';
      const groups = await allPages(async (skip) => {
        const page = await read(ctx, `${path}${sep(path)}limit=${PAGE_SIZE}&skip=${skip}`, groupsPageSchema);
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
    listEntries: (contentTypeUid) => entries.entries(contentTypeUid, MAX_ENTRIES_PER_CONTENT_TYPE),
    entryVariantUids: (contentTypeUid, entryUid) => entries.entryVariantUids(contentTypeUid, entryUid),
  };
}

const localesSchema = z.looseObject({ locales: z.array(z.looseObject({ code: z.string().min(1) })) });
const entryUidsPageSchema = z.looseObject({ entries: z.array(z.looseObject({ uid: z.string().min(1) })) });
const entryVariantAnswerSchema = z.looseObject({
  entry: z.looseObject({
    locale: z.string().optional(),
    _variant: z.looseObject({ _uid: z.string().min(1), _change_set: z.array(z.string()).default([]) }),
  }),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A budgeted CMA write (kind `write`, as Contentstack counts writes apart from reads), classified like getJson's
 * failures. A person is waiting, so a 429 is waited out briefly as INTERACTIVE does for reads.
 */
async function sendJson(
  ctx: BudgetedGetContext,
  method: 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<void> {
  const { tries, maxWaitMs } = INTERACTIVE.waitOutRateLimit;
  for (let attempt = 1; ; attempt += 1) {
    await ctx.budget.take(ctx.organizationUid, 'write');
    let response: Response;
    try {
      response = await ctx.fetch(`${ctx.baseUrl}${path}`, {
        method,
        headers: {
          ...ctx.headers,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
    } catch (cause) {
      throw new ExternalCallError(`Contentstack (CMA) did not answer ${method} ${path}; try again shortly`, {
        kind: 'transient',
        service: 'cma',
        cause,
      });
    }
    const text = await response.text();
    if (response.ok) return;
    const failure = classifyHttpFailure(response.status, response.headers.get('retry-after'));
    if (failure.kind === 'rate-limited' && attempt < tries) {
      await sleep(Math.min(failure.retryAfterMs ?? 1000, maxWaitMs));
      continue;
    }
    throw new ExternalCallError(
      `Contentstack (CMA) answered HTTP ${response.status} to ${method} ${path}${cmaMessage(text)}`,
      {
        kind: failure.kind,
        service: 'cma',
        status: response.status,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      },
    );
  }
}

/** The CMA's `error_message`, when the body has one: it is what tells a person why a write was refused. */
function cmaMessage(text: string): string {
  try {
    const parsed = z.looseObject({ error_message: z.string() }).safeParse(JSON.parse(text));
    return parsed.success ? `: ${parsed.data.error_message}` : '';
  } catch {
    return '';
  }
}

export function createStackEditor(options: ReaderOptions & { baseUrl: string; stackApiKey: string }): StackEditor {
  const ctx = cmaContext(options);
  const variantPath = (ref: EntryVariantRef, variantUid: string) =>
    `/content_types/${encodeURIComponent(ref.contentTypeUid)}/entries/${encodeURIComponent(ref.entryUid)}` +
    `/variants/${encodeURIComponent(variantUid)}?locale=${encodeURIComponent(ref.locale)}`;
  return {
    async entryUids(contentTypeUid) {
      const path = `/content_types/${encodeURIComponent(contentTypeUid)}/entries`;
      const entries = await allPages(
        async (skip) =>
          (await read(ctx, `${path}?limit=${PAGE_SIZE}&skip=${skip}`, entryUidsPageSchema))?.entries ?? null,
      );
      return [...new Set(entries.map((e) => e.uid))];
    },
    async locales() {
      const answer = await read(ctx, '/locales', localesSchema);
      return (answer?.locales ?? []).map((l) => l.code);
    },
    async readEntryVariant(ref, variantUid) {
      const answer = await read(ctx, variantPath(ref, variantUid), entryVariantAnswerSchema);
      if (answer === null) return null;
      const { _variant, ...fields } = answer.entry;
      // A CMA that falls back to another locale or variant has not found this one: only an exact answer counts.
      if (_variant._uid !== variantUid || (fields.locale !== undefined && fields.locale !== ref.locale)) return null;
      return { fields, changeSet: _variant._change_set };
    },
    async writeEntryVariant(ref, variantUid, variant) {
      await sendJson(ctx, 'PUT', variantPath(ref, variantUid), {
        entry: { ...variant.fields, _variant: { _change_set: variant.changeSet } },
      });
    },
    async deleteEntryVariant(ref, variantUid) {
      await sendJson(ctx, 'DELETE', variantPath(ref, variantUid));
    },
    async unlinkContentTypes(groupUid, currentName, contentTypeUids) {
      await sendJson(ctx, 'PUT', `/variant_groups/${encodeURIComponent(groupUid)}`, {
        name: currentName,
        content_types: contentTypeUids.map((uid) => ({ uid, status: 'unlinked' })),
      });
    },
  };
}
