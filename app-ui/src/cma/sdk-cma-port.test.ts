import { describe, expect, it } from 'vitest';
import type { HostRequest, HostResponse } from '../sdk/app-sdk';
import { fakeSdk } from '../test-support/fake-sdk';
import { createSdkCmaPort } from './sdk-cma-port';

/** The port over a scripted host: records every request, answers from a queue. */
function portWith(answers: HostResponse[]) {
  const requests: HostRequest[] = [];
  const sdk = {
    ...fakeSdk({ location: 'sidebar' }),
    hostRequest: (request: HostRequest) => {
      requests.push(request);
      return Promise.resolve(answers.shift() ?? { status: 500, data: null });
    },
  };
  return { port: createSdkCmaPort(sdk), requests };
}

const entry = { contentTypeUid: 'promo', entryUid: 'blt1', locale: 'en-us' };

describe('CMA port over the SDK host proxy', () => {
  it('lists variant groups filtered by content type with variant info, paging until the count is reached', async () => {
    const group = (uid: string) => ({
      uid,
      name: uid,
      content_types: [{ uid: 'promo', status: 'linked' }],
      variants: [],
    });
    const firstPage = Array.from({ length: 100 }, (_, i) => group(`g${i}`));
    const { port, requests } = portWith([
      { status: 200, data: { variant_groups: firstPage, count: 101 } },
      { status: 200, data: { variant_groups: [group('g100')], count: 101 } },
    ]);
    const result = await port.listVariantGroups({ contentTypeUid: 'promo' });
    expect(result.ok && result.value.length).toBe(101);
    const urls = requests.map((r) => new URL(r.url));
    expect(urls.map((u) => u.pathname)).toEqual(['/v3/variant_groups', '/v3/variant_groups']);
    expect(urls.map((u) => u.searchParams.get('skip'))).toEqual(['0', '100']);
    expect(urls[0]?.searchParams.get('content_type')).toBe('promo');
    expect(urls[0]?.searchParams.get('include_variant_info')).toBe('true');
    expect(requests[0]?.headers?.api_key).toBe('blt_stack');
  });

  it('names the failing field when the CMA answers an unexpected shape', async () => {
    const { port } = portWith([{ status: 200, data: { variant_groups: [{ name: 'no uid' }] } }]);
    expect(await port.listVariantGroups({})).toEqual({
      ok: false,
      reason: expect.stringContaining('variant_groups.0.uid') as unknown,
    });
  });

  it("returns the CMA's error message and field errors as the reason", async () => {
    const { port } = portWith([
      {
        status: 422,
        data: {
          error_message: "The Variant 'v1' does not belong to the Content Type 'promo'.",
          errors: { variant: ['is not linked'] },
        },
      },
    ]);
    expect(await port.putEntryVariant(entry, 'v1', { title: 'x' }, ['title'])).toEqual({
      ok: false,
      status: 422,
      reason: "The Variant 'v1' does not belong to the Content Type 'promo'. (variant is not linked)",
    });
  });

  it('writes an entry variant with only the overridden fields and its change set', async () => {
    const { port, requests } = portWith([{ status: 201, data: { notice: 'Entry variant created successfully.' } }]);
    expect(await port.putEntryVariant(entry, 'v1', { title: 'x' }, ['title'])).toEqual({
      ok: true,
      value: { notice: 'Entry variant created successfully.' },
    });
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: 'https://api.contentstack.io/v3/content_types/promo/entries/blt1/variants/v1?locale=en-us',
      data: { entry: { title: 'x', _variant: { _change_set: ['title'] } } },
    });
  });

  it('links a content type with the documented body, sending the name the group has now, nothing else', async () => {
    // Listed as "Summer"; Personalize renamed it since (Personalize owns the name of the groups it makes).
    const group = {
      uid: 'g1',
      name: 'Summer',
      description: 'old words',
      content_types: [],
      variants: [],
      personalize_metadata: { project_uid: 'p', experience_uid: 'e', experience_short_uid: '0' },
    };
    const renamed = { ...group, name: 'Summer (1)' };
    const { port, requests } = portWith([
      { status: 200, data: { variant_group: renamed } },
      { status: 200, data: { ...renamed, content_types: [{ uid: 'promo', status: 'linked' }], notice: 'ok' } },
    ]);
    const result = await port.setContentTypeLink(group, 'promo', 'linked');
    expect(result.ok && result.value.content_types).toEqual([{ uid: 'promo', status: 'linked' }]);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v3/variant_groups/g1',
      'PUT /v3/variant_groups/g1',
    ]);
    expect(requests[1]?.data).toEqual({ name: 'Summer (1)', content_types: [{ uid: 'promo', status: 'linked' }] });
  });

  it('finds the current name in the list when the CMA has no single-group read, and writes nothing for a gone group', async () => {
    const group = { uid: 'g1', name: 'Summer', content_types: [], variants: [] };
    const listed = { status: 200, data: { variant_groups: [{ ...group, name: 'Summer (1)' }] } };
    const { port, requests } = portWith([{ status: 404, data: {} }, listed, { status: 200, data: group }]);
    await port.setContentTypeLink(group, 'promo', 'linked');
    expect(requests[2]?.data).toEqual({ name: 'Summer (1)', content_types: [{ uid: 'promo', status: 'linked' }] });

    const gone = portWith([
      { status: 404, data: {} },
      { status: 200, data: { variant_groups: [] } },
    ]);
    expect(await gone.port.setContentTypeLink(group, 'promo', 'unlinked')).toEqual({
      ok: false,
      reason: 'This variant group no longer exists.',
      status: 404,
    });
    expect(gone.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('publishes variants with api_version 3.2 and the variant rules', async () => {
    const { port, requests } = portWith([
      { status: 200, data: { notice: 'The requested action has been performed.', job_id: 'j' } },
    ]);
    await port.publishEntryVariant(entry, { environments: ['production'], variants: [{ uid: 'v1', version: 2 }] });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://api.contentstack.io/v3/content_types/promo/entries/blt1/publish',
      headers: { api_version: '3.2' },
      data: {
        entry: {
          environments: ['production'],
          locales: ['en-us'],
          variants: [{ uid: 'v1', version: 2 }],
          variant_rules: { publish_latest_base: false, publish_latest_base_conditionally: true },
        },
        locale: 'en-us',
      },
    });
  });
});
