// The CMA side of the sync guard, through the official @contentstack/management SDK. Its own retries are turned off
// (429, 5xx and network): one retry layer, the queue's. Every call first takes a token from the organization's
// request budget (reads and writes are separate budgets, as Contentstack counts them).
import { ExternalCallError, classifyHttpFailure, parseWith, variantGroupSchema, type GroupSnapshot } from '@pb/shared';
import { z } from 'zod';
import type { BudgetKind, RequestBudget } from '../budget/request-budget';
import type { VariantGroupPort } from '../mirror/ports';
import type { CallObserver } from './call-observer';
import { scanEntryVariants, type EntryVariantReads } from './cma-entry-reads';
import { sdkClient, type SdkQuery } from './cma-sdk';
import { cmaAuthHeaders, type StackAuth } from '../installations';

export interface CmaClientOptions {
  baseUrl: string;
  stackApiKey: string;
  organizationUid: string;
  auth: StackAuth;
  budget: RequestBudget;
  timeoutMs: number;
  observer?: CallObserver;
}

const PAGE = 100;
const errorStatusSchema = z.looseObject({
  status: z.number().optional(),
  response: z.looseObject({ status: z.number().optional() }).optional(),
});
const groupPageSchema = z.looseObject({ variant_groups: z.array(z.unknown()) });
const headersSchema = z.record(z.string(), z.unknown()).optional();
const answerHeadersSchema = z.looseObject({
  headers: headersSchema,
  response: z.looseObject({ headers: headersSchema }).optional(),
});
const entryRefSchema = z.looseObject({ uid: z.string().min(1) });
// The SDK wraps each listed entry variant as `{variants_uid, variants: <entry with _variant>}`; the raw API lists the
// entries themselves. Both are read.
const variantMarker = z.looseObject({ _uid: z.string() });
const entryVariantSchema = z.looseObject({
  _variant: variantMarker.optional(),
  variants_uid: z.string().optional(),
  variants: z.looseObject({ _variant: variantMarker.optional() }).optional(),
});

/** Plain data of an SDK entity (its methods dropped). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function createCmaClient(options: CmaClientOptions): VariantGroupPort {
  // The SDK reports failures without their headers: a plugin keeps the last answer's status and Retry-After. Calls of
  // one client are sequential (one client per job), so "last" is the call that just failed.
  let lastRetryAfter: string | undefined;
  const { auth } = options;
  const managementToken = auth.kind === 'authtoken' ? auth.managementToken : undefined;
  const client = sdkClient(options, (answer) => {
    lastRetryAfter = retryAfterOf(answer);
  });
  const stackHeaders: Record<string, string> = {
    api_key: options.stackApiKey,
    ...cmaAuthHeaders(auth, options.organizationUid),
  };
  const stack = client.stack({
    api_key: options.stackApiKey,
    ...(managementToken === undefined ? {} : { management_token: managementToken }),
  });

  async function call<T>(kind: BudgetKind, what: string, run: () => Promise<T>): Promise<T> {
    await options.budget.take(options.organizationUid, kind);
    const started = performance.now();
    lastRetryAfter = undefined;
    try {
      const result = await run();
      options.observer?.({ service: 'cma', method: kind, status: 200, ms: performance.now() - started });
      return result;
    } catch (error) {
      const status = statusOf(error);
      options.observer?.({ service: 'cma', method: kind, status, ms: performance.now() - started });
      const failure = classifyHttpFailure(status, lastRetryAfter);
      throw new ExternalCallError(`cma ${what}: ${status === undefined ? 'no response' : `HTTP ${status}`}`, {
        kind: failure.kind,
        service: 'cma',
        ...(status === undefined ? {} : { status }),
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        ...(codeOf(error) === undefined ? {} : { code: codeOf(error) as number }),
      });
    }
  }

  async function listAll(kind: BudgetKind, what: string, query: (skip: number) => SdkQuery): Promise<unknown[]> {
    const all: unknown[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await call(kind, what, () => query(skip).find());
      all.push(...page.items.map(plain));
      if (page.items.length < PAGE) return all;
    }
  }

  /** Groups through the SDK's own HTTP client: its variant-group entities replace the listed `variants` array with a
   * method of the same name. Same base URL, auth, plugins and no-retry settings. */
  async function readGroups(what: string, path: string, params: object): Promise<GroupSnapshot[]> {
    const items: unknown[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const answer = await call('read', what, () =>
        client.axiosInstance.get(path, {
          params: { include_variant_info: true, limit: PAGE, skip, ...params },
          headers: stackHeaders,
        }),
      );
      const page = groupPageSchema.safeParse(answer.data);
      if (!page.success) {
        throw new ExternalCallError(`cma ${what}: unexpected answer`, { kind: 'permanent', service: 'cma' });
      }
      items.push(...page.data.variant_groups);
      if (page.data.variant_groups.length < PAGE) break;
    }
    return items.map((item, index) => parseGroup(item, `${what}: group ${index}`));
  }

  /** The entries scan through the SDK: entries of a content type and the CMS variant of each listed entry variant. */
  const sdkReads: EntryVariantReads = {
    async entries(contentTypeUid) {
      const entries = await listAll('read', 'list entries', (skip) =>
        stack.contentType(contentTypeUid).entry().query({ limit: PAGE, skip }),
      );
      return entries.flatMap((entry) => {
        const ref = entryRefSchema.safeParse(entry);
        return ref.success ? [{ uid: ref.data.uid, title: ref.data.uid }] : [];
      });
    },
    async entryVariantUids(contentTypeUid, entryUid) {
      const variants = await listAll('read', 'list entry variants', (skip) =>
        stack.contentType(contentTypeUid).entry(entryUid).variants().query({ limit: PAGE, skip }),
      );
      return variants.flatMap((variant) => {
        const listed = entryVariantSchema.safeParse(variant).data;
        const uid = listed?._variant?._uid ?? listed?.variants?._variant?._uid ?? listed?.variants_uid;
        return uid === undefined ? [] : [uid];
      });
    },
  };

  return {
    listGroups: () => readGroups('list variant groups', '/variant_groups', {}),
    groupsOfExperience: (experienceUid) =>
      readGroups('list variant groups of an experience', '/variant_groups', { experience_uid: experienceUid }),
    async getGroup(groupUid) {
      try {
        const answer = await call('read', 'get variant group', () =>
          client.axiosInstance.get(`/variant_groups/${encodeURIComponent(groupUid)}`, {
            params: { include_variant_info: true },
            headers: stackHeaders,
          }),
        );
        const data = answer.data;
        // Answered flat, or wrapped as `{variant_group}` by some versions of the API.
        const wrapped = z.looseObject({ variant_group: z.unknown() }).safeParse(data);
        return parseGroup(wrapped.success ? wrapped.data.variant_group : data, 'get variant group');
      } catch (error) {
        if (error instanceof ExternalCallError && error.status === 404) return null;
        throw error;
      }
    },
    async setContentTypeLinks(groupUid, name, contentTypes, status) {
      await call('write', `${status === 'linked' ? 'link' : 'unlink'} content types`, () =>
        stack.variantGroup(groupUid).update({ name, content_types: contentTypes.map((uid) => ({ uid, status })) }),
      );
    },
    async entryVariantCounts(group, variantUids) {
      const counts: Record<string, number> = Object.fromEntries(variantUids.map((uid) => [uid, 0]));
      if (variantUids.length === 0) return counts;
      const linked = group.content_types.filter((link) => link.status !== 'unlinked').map((link) => link.uid);
      // Every listed entry variant counts (one per locale it was written in), as the CMA lists them.
      await scanEntryVariants(sdkReads, linked, (_ct, _entry, variantUid) => {
        if (counts[variantUid] !== undefined) counts[variantUid] += 1;
      });
      return counts;
    },
  };
}

function parseGroup(item: unknown, what: string): GroupSnapshot {
  const parsed = parseWith(variantGroupSchema, item);
  if (!parsed.ok) {
    throw new ExternalCallError(`cma ${what} unexpected (${parsed.detail})`, { kind: 'permanent', service: 'cma' });
  }
  return parsed.value;
}

/** Retry-After of an axios response or error, as the SDK's plugin hook sees them. */
function retryAfterOf(answer: unknown): string | undefined {
  const parsed = answerHeadersSchema.safeParse(answer);
  if (!parsed.success) return undefined;
  const value = parsed.data.headers?.['retry-after'] ?? parsed.data.response?.headers?.['retry-after'];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The HTTP status of an SDK error (formatted by the SDK) or of a raw axios error. */
function statusOf(error: unknown): number | undefined {
  const parsed = errorStatusSchema.safeParse(error);
  if (!parsed.success) return undefined;
  return parsed.data.status ?? parsed.data.response?.status;
}

function codeOf(error: unknown): number | undefined {
  if (error !== null && typeof error === 'object' && 'errorCode' in error && typeof error.errorCode === 'number') {
    return error.errorCode;
  }
  return undefined;
}
