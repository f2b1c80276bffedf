/**
 * `CmaPort` over the SDK's host proxy (`apiAdapter`). URLs are absolute on the CMS's CMA origin with the query
 * built here, so any host (Contentstack or the dev host) forwards them unchanged; the host adds the credentials.
 */
import type { z } from 'zod';
import type { AppSdk, HostRequest } from '../sdk/app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';
import type { CmaPort, EntryRef } from './cma-port';
import { fail, ok } from '../core/result';
import type { Result } from '../core/result';
import { describeIssues } from '../core/issues';
import type { VariantGroup } from './schemas';
import {
  contentTypeListSchema,
  entryTitleListSchema,
  entryVariantListSchema,
  entryVariantSchema,
  environmentListSchema,
  variantGroupListSchema,
  variantGroupSchema,
} from './schemas';

const PAGE = 100;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The CMA's error body is `{error_message, errors:{field:[...]}}`; show both parts when present. */
export function cmaReason(status: number, body: unknown): string {
  if (isObject(body)) {
    const message = typeof body.error_message === 'string' ? body.error_message : null;
    const fields = isObject(body.errors)
      ? Object.entries(body.errors)
          .map(([field, problems]) => `${field} ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`)
          .join('; ')
      : '';
    if (message) return fields ? `${message} (${fields})` : message;
  }
  return `The CMA answered ${status}.`;
}

const noticeOf = (body: unknown): { notice: string } => ({
  notice: isObject(body) && typeof body.notice === 'string' ? body.notice : 'Done.',
});

export function createSdkCmaPort(sdk: AppSdk): CmaPort {
  const base = `${sdk.cmaBase.replace(/\/+$/, '')}/v3`;

  async function call(
    method: HostRequest['method'],
    path: string,
    query: Record<string, string> = {},
    data?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Result<unknown>> {
    const search = new URLSearchParams(query).toString();
    const request: HostRequest = {
      url: `${base}${path}${search ? `?${search}` : ''}`,
      method,
      headers: { api_key: sdk.stackApiKey, 'content-type': 'application/json', ...extraHeaders },
    };
    if (data !== undefined) request.data = data;
    const response = await sdk.hostRequest(request);
    if (response.status >= 400) return fail(cmaReason(response.status, response.data), response.status);
    return ok(response.data);
  }

  async function read<T>(
    schema: z.ZodType<T>,
    method: HostRequest['method'],
    path: string,
    query?: Record<string, string>,
    data?: unknown,
  ): Promise<Result<T>> {
    const answer = await call(method, path, query, data);
    if (!answer.ok) return answer;
    const parsed = schema.safeParse(answer.value);
    return parsed.success ? ok(parsed.data) : fail(`Unexpected CMA answer: ${describeIssues(parsed.error)}`);
  }

  const entryPath = (e: EntryRef) =>
    `/content_types/${encodeURIComponent(e.contentTypeUid)}/entries/${encodeURIComponent(e.entryUid)}`;

  /** One group as the CMA has it now; a CMA without the single-group read is asked for the list instead. */
  async function currentGroup(uid: string): Promise<Result<VariantGroup>> {
    const answer = await call('GET', `/variant_groups/${encodeURIComponent(uid)}`);
    if (answer.ok) {
      const body =
        isObject(answer.value) && isObject(answer.value.variant_group) ? answer.value.variant_group : answer.value;
      const parsed = variantGroupSchema.safeParse(body);
      if (parsed.success) return ok(parsed.data);
    } else if (answer.status !== 404 && answer.status !== 405) {
      return answer;
    }
    for (let skip = 0; ; skip += PAGE) {
      const page = await read(variantGroupListSchema, 'GET', '/variant_groups', {
        skip: String(skip),
        limit: String(PAGE),
      });
      if (!page.ok) return page;
      const found = page.value.variant_groups.find((g) => g.uid === uid);
      if (found) return ok(found);
      if (page.value.variant_groups.length < PAGE) return fail('This variant group no longer exists.', 404);
    }
  }

  return {
    async listVariantGroups({ contentTypeUid }) {
      const groups = [];
      for (let skip = 0; ; skip += PAGE) {
        const query: Record<string, string> = {
          include_variant_info: 'true',
          include_count: 'true',
          skip: String(skip),
          limit: String(PAGE),
        };
        if (contentTypeUid) query.content_type = contentTypeUid;
        const page = await read(variantGroupListSchema, 'GET', '/variant_groups', query);
        if (!page.ok) return page;
        groups.push(...page.value.variant_groups);
        const total = page.value.count ?? groups.length;
        if (page.value.variant_groups.length < PAGE || groups.length >= total) return ok(groups);
      }
    },

    async setContentTypeLink(group, contentTypeUid, status) {
      // The PUT needs the group's name, and for a group Personalize made it must be the current one (Personalize
      // owns it and may have renamed the group since the sidebar listed it): read it right before writing. Only
      // the name and the one link are sent, never a description or metadata.
      const current = await currentGroup(group.uid);
      if (!current.ok) return current;
      const answer = await call(
        'PUT',
        `/variant_groups/${encodeURIComponent(group.uid)}`,
        {},
        {
          name: current.value.name,
          content_types: [{ uid: contentTypeUid, status }],
        },
      );
      if (!answer.ok) return answer;
      // The update answers the group either bare or wrapped; either way re-validate it.
      const body =
        isObject(answer.value) && isObject(answer.value.variant_group) ? answer.value.variant_group : answer.value;
      const parsed = variantGroupSchema.safeParse(body);
      return parsed.success ? ok(parsed.data) : ok(group);
    },

    async listEntryVariants(entry) {
      const all = [];
      for (let skip = 0; ; skip += PAGE) {
        const page = await read(entryVariantListSchema, 'GET', `${entryPath(entry)}/variants`, {
          locale: entry.locale,
          include_count: 'true',
          skip: String(skip),
          limit: String(PAGE),
        });
        if (!page.ok) return page;
        all.push(...page.value.entries);
        if (page.value.entries.length < PAGE || all.length >= (page.value.count ?? all.length)) return ok(all);
      }
    },

    async getEntryVariant(entry, variantUid) {
      const answer = await call('GET', `${entryPath(entry)}/variants/${encodeURIComponent(variantUid)}`, {
        locale: entry.locale,
      });
      if (!answer.ok) return answer;
      const body = isObject(answer.value) ? answer.value.entry : undefined;
      const parsed = entryVariantSchema.safeParse(body);
      if (!parsed.success || !isObject(body))
        return fail(`Unexpected CMA answer: entry.${parsed.error ? describeIssues(parsed.error) : 'missing'}`);
      return ok({ ...body, ...parsed.data });
    },

    async putEntryVariant(entry, variantUid, fields, changeSet) {
      const answer = await call(
        'PUT',
        `${entryPath(entry)}/variants/${encodeURIComponent(variantUid)}`,
        { locale: entry.locale },
        { entry: { ...fields, _variant: { _change_set: changeSet } } },
      );
      return answer.ok ? ok(noticeOf(answer.value)) : answer;
    },

    async deleteEntryVariant(entry, variantUid) {
      const answer = await call('DELETE', `${entryPath(entry)}/variants/${encodeURIComponent(variantUid)}`, {
        locale: entry.locale,
      });
      return answer.ok ? ok(noticeOf(answer.value)) : answer;
    },

    async publishEntryVariant(entry, request) {
      const answer = await call(
        'POST',
        `${entryPath(entry)}/publish`,
        {},
        {
          entry: {
            environments: request.environments,
            locales: [entry.locale],
            variants: request.variants,
            variant_rules: { publish_latest_base: false, publish_latest_base_conditionally: true },
          },
          locale: entry.locale,
        },
        { api_version: '3.2' },
      );
      return answer.ok ? ok(noticeOf(answer.value)) : answer;
    },

    async listEnvironments() {
      const answer = await read(environmentListSchema, 'GET', '/environments');
      return answer.ok ? ok(answer.value.environments.map((e) => e.name)) : answer;
    },

    async listContentTypes() {
      const answer = await read(contentTypeListSchema, 'GET', '/content_types', {
        include_count: 'true',
        limit: '100',
      });
      return answer.ok ? ok(answer.value.content_types.map((c) => ({ uid: c.uid, title: c.title }))) : answer;
    },

    async listEntries(contentTypeUid, locale) {
      const answer = await read(
        entryTitleListSchema,
        'GET',
        `/content_types/${encodeURIComponent(contentTypeUid)}/entries`,
        {
          locale,
          limit: '100',
        },
      );
      return answer.ok ? ok(answer.value.entries.map((e) => ({ uid: e.uid, title: e.title ?? e.uid }))) : answer;
    },
  };
}
