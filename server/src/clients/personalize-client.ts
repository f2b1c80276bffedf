// A small typed client for the Personalize Management API (there is no official SDK). Every call takes one token
// from the organization's request budget first, and every failure becomes one ExternalCallError: the queue decides
// about retries, this client never retries.
import { ExternalCallError, classifyHttpFailure, listingFingerprint, parseWith } from '@pb/shared';
import { z } from 'zod';
import type { RequestBudget } from '../budget/request-budget';
import type { ExperienceRecord, PersonalizePort, VersionRecord } from '../mirror/ports';
import type { CallObserver } from './call-observer';
import { personalizeAuthHeaders, type StackAuth } from '../installations';

export interface PersonalizeClientOptions {
  baseUrl: string;
  projectUid: string;
  organizationUid: string;
  auth: StackAuth;
  budget: RequestBudget;
  timeoutMs: number;
  observer?: CallObserver;
  fetch?: typeof fetch;
}

// Narrow views of the API's answers: only what the guard reads, loose about everything else (unknown fields and
// an absent `_cms` are normal: Personalize fills `_cms` only once its CMS sync has run).
const experienceView = z.looseObject({
  uid: z.string().min(1),
  shortUid: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  latestVersion: z.string().nullish(),
  _cms: z
    .looseObject({
      variantGroup: z.string(),
      variants: z.record(z.string(), z.string()).default({}),
    })
    .nullish(),
});

const versionView = z.looseObject({
  uid: z.string().min(1),
  status: z.string(),
  variants: z.array(z.looseObject({ shortUid: z.string(), name: z.string() })).default([]),
});

function toExperience(raw: z.infer<typeof experienceView>): ExperienceRecord {
  return {
    uid: raw.uid,
    shortUid: raw.shortUid,
    name: raw.name,
    description: raw.description ?? '',
    latestVersion: raw.latestVersion ?? null,
    cmsLink: raw._cms == null ? null : { variantGroup: raw._cms.variantGroup, variants: raw._cms.variants },
    contentTypes: [],
    listing: listingFingerprint(raw),
  };
}

export function createPersonalizeClient(options: PersonalizeClientOptions): PersonalizePort {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    await options.budget.take(options.organizationUid, 'personalize');
    const started = performance.now();
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          ...personalizeAuthHeaders(options.auth),
          'x-project-uid': options.projectUid,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      options.observer?.({ service: 'personalize', method, status: undefined, ms: performance.now() - started });
      throw new ExternalCallError(`personalize ${method} ${path}: no response`, {
        kind: 'transient',
        service: 'personalize',
        cause,
      });
    }
    options.observer?.({ service: 'personalize', method, status: response.status, ms: performance.now() - started });
    const text = await response.text();
    if (!response.ok && response.status !== 404) {
      const failure = classifyHttpFailure(response.status, response.headers.get('retry-after'));
      throw new ExternalCallError(`personalize ${method} ${path}: HTTP ${response.status}`, {
        kind: failure.kind,
        service: 'personalize',
        status: response.status,
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      });
    }
    try {
      return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    } catch (cause) {
      throw new ExternalCallError(`personalize ${method} ${path}: unreadable answer`, {
        kind: 'transient',
        service: 'personalize',
        cause,
      });
    }
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const parsed = parseWith(schema, json);
    if (!parsed.ok) {
      throw new ExternalCallError(`personalize ${what}: unexpected answer (${parsed.detail})`, {
        kind: 'permanent',
        service: 'personalize',
      });
    }
    return parsed.value;
  }

  function notFoundIsError(result: { status: number }, what: string): void {
    if (result.status === 404) {
      throw new ExternalCallError(`personalize ${what}: HTTP 404`, {
        kind: 'permanent',
        service: 'personalize',
        status: 404,
      });
    }
  }

  return {
    async listExperiences() {
      const result = await call('GET', '/experiences');
      notFoundIsError(result, 'list experiences');
      // Each experience is read on its own: one that this app cannot read must not hide the others.
      return parse(z.array(z.unknown()), result.json, 'list experiences').flatMap((item) => {
        const parsed = experienceView.safeParse(item);
        return parsed.success ? [toExperience(parsed.data)] : [];
      });
    },
    async getExperience(experienceUid) {
      const result = await call('GET', `/experiences/${encodeURIComponent(experienceUid)}`);
      if (result.status === 404) return null;
      return toExperience(parse(experienceView, result.json, 'get experience'));
    },
    async listVersions(experienceUid): Promise<VersionRecord[]> {
      const result = await call('GET', `/experiences/${encodeURIComponent(experienceUid)}/versions`);
      if (result.status === 404) return [];
      return parse(z.array(versionView), result.json, 'list versions').map((v) => ({
        uid: v.uid,
        status: v.status,
        variants: v.variants.map((x) => ({ shortUid: x.shortUid, name: x.name })),
      }));
    },
  };
}
