// The one way our adapters read Contentstack over plain HTTP (the Personalize client, the CMA readers): every
// call first takes a token from the organization's request budget that all workers share, 404 reads as "absent", and
// every other failure becomes the project's one ExternalCallError, classified once by the shared taxonomy.
import { ExternalCallError, classifyHttpFailure, describeIssues, parseWith } from '@pb/shared';
import type { z } from 'zod';
import type { BudgetKind, RequestBudget } from '../budget/request-budget';
import { cmaAuthHeaders, personalizeAuthHeaders, type StackAuth } from '../installations';
import type { CallObserver } from './call-observer';

export interface BudgetedGetContext {
  service: 'personalize' | 'cma';
  baseUrl: string;
  headers: Record<string, string>;
  organizationUid: string;
  budget: RequestBudget;
  budgetKind: BudgetKind;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Told about every call (metrics). */
  observer?: CallObserver;
}

/** What every adapter is built from. */
export interface BudgetedGetOptions {
  organizationUid: string;
  auth: StackAuth;
  budget: RequestBudget;
  timeoutMs: number;
  fetch?: typeof fetch;
  observer?: CallObserver;
}

/** The CMA of one stack, with the installation's credentials. */
export function cmaContext(options: BudgetedGetOptions & { baseUrl: string; stackApiKey: string }): BudgetedGetContext {
  return {
    service: 'cma',
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: {
      api_key: options.stackApiKey,
      ...cmaAuthHeaders(options.auth, options.organizationUid),
    },
    organizationUid: options.organizationUid,
    budget: options.budget,
    budgetKind: 'read',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  };
}

/** The Personalize Management API with extra headers (`x-project-uid` for project-scoped calls). */
export function personalizeContext(
  options: BudgetedGetOptions & { baseUrl: string },
  headers: Record<string, string>,
): BudgetedGetContext {
  return {
    service: 'personalize',
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...personalizeAuthHeaders(options.auth), ...headers },
    organizationUid: options.organizationUid,
    budget: options.budget,
    budgetKind: 'personalize',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch ?? fetch,
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  };
}

const serviceName = (ctx: BudgetedGetContext) => (ctx.service === 'cma' ? 'Contentstack (CMA)' : 'Personalize');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface GetOptions {
  /**
   * For interactive callers: other clients of the organization (the CMS itself, other apps) share its rate limit
   * without our budget knowing, so a 429 is waited out (Retry-After, at most `maxWaitMs`) up to `tries` times before
   * it fails. Queue jobs leave this off: the queue honours Retry-After itself.
   */
  waitOutRateLimit?: { tries: number; maxWaitMs: number };
}

/** GET `path`: the parsed JSON, null on 404; throws ExternalCallError on any other failure. */
export async function getJson(ctx: BudgetedGetContext, path: string, options: GetOptions = {}): Promise<unknown> {
  const tries = options.waitOutRateLimit?.tries ?? 1;
  for (let attempt = 1; ; attempt += 1) {
    await ctx.budget.take(ctx.organizationUid, ctx.budgetKind);
    const started = performance.now();
    const observe = (status: number | undefined) =>
      ctx.observer?.({ service: ctx.service, method: 'GET', status, ms: performance.now() - started });
    let response: Response;
    try {
      response = await ctx.fetch(`${ctx.baseUrl}${path}`, {
        headers: { ...ctx.headers, accept: 'application/json' },
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
      observe(response.status);
    } catch (cause) {
      observe(undefined);
      throw new ExternalCallError(`${serviceName(ctx)} did not answer GET ${path}; try again shortly`, {
        kind: 'transient',
        service: ctx.service,
        cause,
      });
    }
    const text = await response.text();
    if (response.status === 404) return null;
    if (response.ok) {
      try {
        return text === '' ? null : (JSON.parse(text) as unknown);
      } catch (cause) {
        throw new ExternalCallError(`${serviceName(ctx)} GET ${path}: unreadable answer`, {
          kind: 'transient',
          service: ctx.service,
          cause,
        });
      }
    }
    const failure = classifyHttpFailure(response.status, response.headers.get('retry-after'));
    if (failure.kind === 'rate-limited' && attempt < tries && options.waitOutRateLimit !== undefined) {
      await sleep(Math.min(failure.retryAfterMs ?? 1000, options.waitOutRateLimit.maxWaitMs));
      continue;
    }
    throw new ExternalCallError(
      failure.kind === 'rate-limited'
        ? `${serviceName(ctx)} is rate-limiting this organization right now (HTTP 429 on GET ${path}); try again in a few seconds`
        : `${serviceName(ctx)} answered HTTP ${response.status} to GET ${path}`,
      {
        kind: failure.kind,
        service: ctx.service,
        status: response.status,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      },
    );
  }
}

/** Checks an answer against the narrow view the caller reads; a mismatch names the field and is permanent. */
export function parseAnswer<T>(ctx: BudgetedGetContext, schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = parseWith(schema, json);
  if (parsed.ok) return parsed.value;
  const where = describeIssues(parsed.issues.slice(0, 3));
  throw new ExternalCallError(`${serviceName(ctx)} answered unexpectedly to ${what} (${where})`, {
    kind: 'permanent',
    service: ctx.service,
  });
}

export const PAGE_SIZE = 100;

/** Reads `skip`/`limit` pages until a short page (or a 404), up to `max` items. */
export async function allPages<T>(pick: (skip: number) => Promise<T[] | null>, max = Infinity): Promise<T[]> {
  const all: T[] = [];
  for (let skip = 0; skip < max; skip += PAGE_SIZE) {
    const page = await pick(skip);
    if (page === null) return all;
    all.push(...page);
    if (page.length < PAGE_SIZE) return all;
  }
  return all;
}
