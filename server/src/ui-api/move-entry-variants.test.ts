import { describe, expect, it } from 'vitest';
import { ExternalCallError } from '@pb/shared';
import { createStackEditor } from './http-readers';
import { moveEntryVariants, sameJson } from './move-entry-variants';
import type { EntryVariantRef, EntryVariantView, ExperienceView, GroupView, StackEditor } from './ports';

// The move story over an in-memory CMA: entry variants keyed by content type, entry, locale and variant. Faults are
// injected per entry to show that a failure never deletes the old entry variant.
const OLD = 'cs_old';
const NEW = 'cs_new';
const key = (ref: EntryVariantRef, variant: string) => `${ref.contentTypeUid}/${ref.entryUid}/${ref.locale}/${variant}`;

function memoryCma(options: { entries: Record<string, string[]>; locales: string[] }) {
  const variants = new Map<string, EntryVariantView>();
  const calls: string[] = [];
  const faults = {
    failWrite: new Set<string>(),
    failDelete: new Set<string>(),
    /** The write is accepted but stores something else (a CMA that dropped a field). */
    corruptWrite: new Set<string>(),
  };
  const refused = (what: string) =>
    new ExternalCallError(`Contentstack (CMA) answered HTTP 422 to ${what}`, { kind: 'permanent', service: 'cma' });
  const editor: StackEditor = {
    entryUids: (ct) => Promise.resolve(options.entries[ct] ?? []),
    locales: () => Promise.resolve(options.locales),
    readEntryVariant(ref, variant) {
      calls.push(`GET ${key(ref, variant)}`);
      const found = variants.get(key(ref, variant));
      // The CMA answers the merged entry: the base's fields come along with the overridden ones.
      return Promise.resolve(
        found === undefined
          ? null
          : { fields: { uid: ref.entryUid, locale: ref.locale, ...found.fields }, changeSet: found.changeSet },
      );
    },
    writeEntryVariant(ref, variant, value) {
      calls.push(`PUT ${key(ref, variant)}`);
      if (faults.failWrite.has(ref.entryUid)) return Promise.reject(refused('PUT'));
      const stored = structuredClone(value);
      if (faults.corruptWrite.has(ref.entryUid)) stored.fields['title'] = 'something else';
      variants.set(key(ref, variant), stored);
      return Promise.resolve();
    },
    deleteEntryVariant(ref, variant) {
      calls.push(`DELETE ${key(ref, variant)}`);
      if (faults.failDelete.has(ref.entryUid)) return Promise.reject(refused('DELETE'));
      variants.delete(key(ref, variant));
      return Promise.resolve();
    },
    unlinkContentTypes: () => Promise.reject(new Error('not used by a move')),
  };
  return { editor, variants, calls, faults };
}

const group: GroupView = {
  uid: 'grp_hero',
  name: 'Summer hero',
  contentTypes: ['hero', 'promo'],
  metadata: { projectUid: 'proj', experienceUid: 'exp_hero', status: 'linked' },
  variants: [
    { uid: OLD, name: 'EU (old)', shortUid: null },
    { uid: NEW, name: 'EU', shortUid: '1' },
  ],
};
const experience: ExperienceView = {
  uid: 'exp_hero',
  shortUid: '0',
  name: 'Summer hero',
  description: '',
  type: 'SEGMENTED',
  latestVersion: 'v2',
  cmsLink: { variantGroup: 'grp_hero', variants: { '1': NEW } },
  contentTypes: [],
};

function setup(groups: GroupView[] = [group], experiences: ExperienceView[] = [experience]) {
  const cma = memoryCma({ entries: { hero: ['e1', 'e2'], promo: ['p1'] }, locales: ['en-us', 'fr-fr'] });
  const deps = {
    personalize: { listExperiences: () => Promise.resolve(experiences) },
    stack: { listGroups: () => Promise.resolve(groups) },
    editor: cma.editor,
  };
  const run = (request = { fromVariantUid: OLD, toVariantUid: NEW }, experienceUid = 'exp_hero') =>
    moveEntryVariants(deps, { projectUid: 'proj', experienceUid }, request);
  return { ...cma, run };
}

const seed = (cma: ReturnType<typeof setup>, ref: EntryVariantRef, variant: string, title: string) =>
  cma.variants.set(key(ref, variant), {
    fields: { title, banner: { cta: `${title}!` } },
    changeSet: ['title', 'banner.cta'],
  });
const hero = (entryUid: string, locale = 'en-us') => ({ contentTypeUid: 'hero', entryUid, locale });

describe('moving entry variants from a remapped CMS variant', () => {
  it('moves every locale of every entry of every linked content type, only the change-set fields, then deletes the old', async () => {
    const cma = setup();
    seed(cma, hero('e1'), OLD, 'Bonjour');
    seed(cma, hero('e1', 'fr-fr'), OLD, 'Salut');
    seed(cma, { contentTypeUid: 'promo', entryUid: 'p1', locale: 'en-us' }, OLD, 'Promo');
    seed(cma, hero('e2'), 'cs_other', 'Untouched');

    const outcome = await cma.run();

    expect(outcome).toEqual({
      ok: true,
      groupUid: 'grp_hero',
      report: {
        moved: [hero('e1'), hero('e1', 'fr-fr'), { contentTypeUid: 'promo', entryUid: 'p1', locale: 'en-us' }],
        failed: [],
      },
    });
    // The new entry variant carries only the overridden fields (not the merged entry's uid or locale).
    expect(cma.variants.get(key(hero('e1', 'fr-fr'), NEW))).toEqual({
      fields: { title: 'Salut', banner: { cta: 'Salut!' } },
      changeSet: ['title', 'banner.cta'],
    });
    expect([...cma.variants.keys()].filter((k) => k.endsWith(OLD))).toEqual([]);
    expect(cma.variants.has(key(hero('e2'), 'cs_other'))).toBe(true);
    // Read the old, check the new is free, write, re-read, and only then delete.
    const e1 = cma.calls.filter((c) => c.includes('hero/e1/en-us/'));
    expect(e1).toEqual([
      `GET hero/e1/en-us/${OLD}`,
      `GET hero/e1/en-us/${NEW}`,
      `PUT hero/e1/en-us/${NEW}`,
      `GET hero/e1/en-us/${NEW}`,
      `DELETE hero/e1/en-us/${OLD}`,
    ]);
  });

  it('keeps the old entry variant when the write fails, the re-read differs, or the delete fails, and goes on', async () => {
    const cma = setup();
    for (const id of ['e1', 'e2']) seed(cma, hero(id), OLD, id);
    seed(cma, { contentTypeUid: 'promo', entryUid: 'p1', locale: 'en-us' }, OLD, 'p1');
    cma.faults.failWrite.add('e1');
    cma.faults.corruptWrite.add('e2');
    cma.faults.failDelete.add('p1');

    const outcome = await cma.run();

    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.report.moved).toEqual([]);
    expect(outcome.report.failed).toEqual([
      { ...hero('e1'), reason: expect.stringMatching(/^writing the new entry variant: .*422/) as unknown },
      { ...hero('e2'), reason: 'the new entry variant did not read back as written; the old one was kept' },
      {
        contentTypeUid: 'promo',
        entryUid: 'p1',
        locale: 'en-us',
        reason: expect.stringMatching(/^deleting the old entry variant: /) as unknown,
      },
    ]);
    for (const id of ['e1', 'e2']) expect(cma.variants.has(key(hero(id), OLD))).toBe(true);
    expect(cma.calls.filter((c) => c.startsWith('DELETE') && !c.includes('/p1/'))).toEqual([]);
  });

  it('never overwrites an author’s different entry variant on the new variant; finishes a half-done move', async () => {
    const cma = setup();
    seed(cma, hero('e1'), OLD, 'old words');
    seed(cma, hero('e1'), NEW, 'the author’s newer words');
    // A previous run wrote the copy but could not delete the old one.
    seed(cma, hero('e2'), OLD, 'same');
    seed(cma, hero('e2'), NEW, 'same');

    const outcome = await cma.run();

    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.report).toEqual({
      moved: [hero('e2')],
      failed: [
        { ...hero('e1'), reason: 'the new variant already has a different entry variant here; move it by hand' },
      ],
    });
    expect(cma.variants.get(key(hero('e1'), NEW))?.fields['title']).toBe('the author’s newer words');
    expect(cma.variants.has(key(hero('e1'), OLD))).toBe(true);
    expect(cma.calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
  });

  it.each([
    ['fromVariantUid', { fromVariantUid: 'cs_elsewhere', toVariantUid: NEW }],
    ['toVariantUid', { fromVariantUid: OLD, toVariantUid: 'cs_elsewhere' }],
  ] as const)('answers 404 naming %s when it is not a variant of the experience’s group', async (field, request) => {
    const cma = setup();
    seed(cma, hero('e1'), OLD, 'x');
    expect(await cma.run(request)).toEqual({
      ok: false,
      status: 404,
      field,
      reason: `${field}: not a variant of the group “Summer hero”`,
    });
    expect(cma.calls).toEqual([]);
  });

  it('refuses an experience of another project, and one whose group Contentstack has not made yet', async () => {
    const stranger = setup([{ ...group, metadata: { projectUid: 'other', experienceUid: 'exp_x', status: 'linked' } }]);
    expect(await stranger.run(undefined, 'exp_x')).toMatchObject({ ok: false, status: 403 });
    const waiting = setup([], [{ ...experience, cmsLink: null }]);
    expect(await waiting.run()).toMatchObject({ ok: false, status: 404 });
    expect(waiting.calls).toEqual([]);
  });

  it('finds the group by its metadata while `_cms` is not written yet', async () => {
    const cma = setup([group], [{ ...experience, cmsLink: null }]);
    seed(cma, hero('e1'), OLD, 'x');
    const outcome = await cma.run();
    expect(outcome.ok && outcome.report.moved).toEqual([hero('e1')]);
  });
});

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], [2, 1], false],
    [null, {}, false],
    ['x', 'x', true],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});

describe('the CMA editor over HTTP (createStackEditor)', () => {
  function editorAnswering(answers: Response[]) {
    const requests: { method: string; url: string; body: unknown }[] = [];
    const kinds: string[] = [];
    const editor = createStackEditor({
      baseUrl: 'http://cma.invalid/v3',
      stackApiKey: 'blt_stack',
      organizationUid: 'org',
      auth: { kind: 'authtoken', authtoken: 'token' },
      budget: { take: (_org: string, kind: string) => (kinds.push(kind), Promise.resolve()) },
      timeoutMs: 1000,
      fetch: (url, init) => {
        requests.push({
          method: init?.method ?? 'GET',
          url: url instanceof Request ? url.url : url.toString(),
          body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
        });
        return Promise.resolve(answers.shift() ?? new Response('{}', { status: 500 }));
      },
    });
    return { editor, requests, kinds };
  }

  it('writes with the budget’s write tokens and sends only the fields and change set given', async () => {
    const { editor, requests, kinds } = editorAnswering([Response.json({ notice: 'ok' }), Response.json({})]);
    await editor.writeEntryVariant(hero('e1', 'fr-fr'), NEW, { fields: { title: 'Salut' }, changeSet: ['title'] });
    await editor.deleteEntryVariant(hero('e1', 'fr-fr'), OLD);
    expect(requests).toEqual([
      {
        method: 'PUT',
        url: `http://cma.invalid/v3/content_types/hero/entries/e1/variants/${NEW}?locale=fr-fr`,
        body: { entry: { title: 'Salut', _variant: { _change_set: ['title'] } } },
      },
      {
        method: 'DELETE',
        url: `http://cma.invalid/v3/content_types/hero/entries/e1/variants/${OLD}?locale=fr-fr`,
        body: undefined,
      },
    ]);
    expect(kinds).toEqual(['write', 'write']);
  });

  it('reads an entry variant as absent on 404 or when the CMA answers another locale', async () => {
    const { editor } = editorAnswering([
      new Response('{}', { status: 404 }),
      Response.json({ entry: { locale: 'en-us', title: 'x', _variant: { _uid: OLD, _change_set: ['title'] } } }),
      Response.json({ entry: { locale: 'fr-fr', title: 'x', _variant: { _uid: OLD, _change_set: ['title'] } } }),
    ]);
    expect(await editor.readEntryVariant(hero('e1', 'fr-fr'), OLD)).toBeNull();
    expect(await editor.readEntryVariant(hero('e1', 'fr-fr'), OLD)).toBeNull();
    expect(await editor.readEntryVariant(hero('e1', 'fr-fr'), OLD)).toEqual({
      fields: { locale: 'fr-fr', title: 'x' },
      changeSet: ['title'],
    });
  });

  it('a refused write is an ExternalCallError carrying the CMA’s message', async () => {
    const { editor } = editorAnswering([
      Response.json(
        { error_message: "The Variant 'cs_new' does not belong to the Content Type 'hero'." },
        { status: 422 },
      ),
    ]);
    const error: unknown = await editor.unlinkContentTypes('grp', 'Summer hero', ['hero']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExternalCallError);
    expect((error as ExternalCallError).message).toContain('does not belong to the Content Type');
    expect((error as ExternalCallError).kind).toBe('permanent');
  });
});
