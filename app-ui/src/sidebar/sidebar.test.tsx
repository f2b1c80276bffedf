import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBridge } from '../test-support/fake-bridge';
import { fakeCma } from '../test-support/fake-cma';
import type { FakeCma } from '../test-support/fake-cma';
import { fakeSdk } from '../test-support/fake-sdk';
import { baseEntry, experiences, groups, promoType } from '../test-support/fixtures';
import { renderLocation } from '../test-support/render';
import type { ExperienceSummary } from '../bridge/bridge-port';
import SidebarLocation from './sidebar';

function setup(options: { groups?: typeof groups; experiences?: ExperienceSummary[] | { reason: string } } = {}) {
  const sdk = fakeSdk({ location: 'sidebar', entry: baseEntry, contentType: promoType });
  const cma = fakeCma({ groups: options.groups ?? groups, base: baseEntry });
  const bridge = fakeBridge({ experiences: options.experiences ?? experiences });
  const user = userEvent.setup();
  const view = () => renderLocation(<SidebarLocation />, { sdk, cma, bridge });
  return { sdk, cma, bridge, user, view };
}

const card = (name: string) => screen.getByRole('article', { name });

function seedVariant(cma: FakeCma, variantUid: string, fields: Record<string, unknown>, changeSet: string[]) {
  cma.variants.set(variantUid, { ...fields, _version: 1, _variant: { _uid: variantUid, _change_set: changeSet } });
}

/** The editor's code arrives on demand (lazy-editor.tsx): wait for its heading, which takes focus. */
const editorOpened = () => screen.findByRole('heading', { level: 2, name: /entry variant: / });

// The sidebar fetches venus (its confirmations and the editor) on first use; in jsdom that first import is a long
// transform, which is warmed here so each test's time limit covers the app, not Vite.
beforeAll(() => Promise.all([import('../venus/confirm-modal'), import('./entry-variant-editor')]), 60_000);

describe('entry sidebar', () => {
  it('lists the linked variant groups, mirrored experiences first, with type, status, split, audiences and mirror state', async () => {
    const { view } = setup();
    view();
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'Loading variant groups…');
    const headings = await screen.findAllByRole('heading', { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual(['Checkout test', 'Summer hero', 'Hand made']);
    // One top-level heading, the location's, above the groups'.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Personalize variants');

    const summer = card('Summer hero');
    expect(within(summer).getByText('Made by Personalize for experience 0 (linked)')).toBeTruthy();
    expect(within(summer).getByText('Segmented · active')).toBeTruthy();
    expect(within(summer).getByText('Audiences: Europe, Mobile')).toBeTruthy();
    expect(within(summer).getByText('Audiences: United States')).toBeTruthy();
    expect(within(summer).getByText('in sync').className).toBe('pb-state pb-state-in-sync');

    const checkout = card('Checkout test');
    expect(within(checkout).getByText('A/B test · paused')).toBeTruthy();
    expect(within(checkout).getAllByText('50% of traffic')).toHaveLength(2);
    expect(within(checkout).getByText('not personalized')).toBeTruthy();
    expect(within(checkout).getByText('variant ‘Variant B’ targets Lytics audiences')).toBeTruthy();

    expect(within(card('Hand made')).getByText('Made in the CMS')).toBeTruthy();
    expect(screen.queryByText('Winter sale')).toBeNull();
  });

  it('offers the action a sync state allows: Mirror now when overdue, a pointer to the experiences page after a remap', async () => {
    const [summer, checkout] = experiences;
    if (!summer || !checkout) throw new Error('fixtures changed');
    const { view, bridge, user } = setup({
      experiences: [
        { ...summer, mirror: { state: 'sync-overdue', waitingSeconds: 300, reason: 'No variant group yet.' } },
        {
          ...checkout,
          mirror: {
            state: 'in-sync',
            remaps: [{ shortUid: '1', fromVariantUid: 'v_b', toVariantUid: 'v_b2', entryVariants: 2 }],
          },
        },
      ],
    });
    view();
    const overdue = await screen.findByRole('article', { name: 'Summer hero' });
    await user.click(await within(overdue).findByRole('button', { name: 'Mirror now: Summer hero' }));
    expect(await within(overdue).findByText(/Mirror queued/)).toBeTruthy();
    expect(bridge.mirrorRequests).toEqual(['exp_seg']);
    const remapped = card('Checkout test');
    expect(within(remapped).getByText(/move the entry variants on the app’s Experiences page/)).toBeTruthy();
    // In sync: nothing to do, so no button competes for attention.
    expect(within(remapped).queryByRole('button', { name: /^Mirror now/ })).toBeNull();
  });

  it('says why experience details are missing when the server cannot answer', async () => {
    const { view } = setup({ experiences: { reason: 'The app configuration has no server URL yet.' } });
    view();
    const summer = await screen.findByRole('article', { name: 'Summer hero' });
    expect(
      within(summer).getByText('Experience details unavailable: The app configuration has no server URL yet.'),
    ).toBeTruthy();
    expect(within(card('Hand made')).queryByText(/Experience details unavailable/)).toBeNull();
  });

  it('asks to save a new entry first, without calling the CMA', () => {
    const sdk = fakeSdk({ location: 'sidebar', entry: { title: 'Draft' }, contentType: promoType });
    const cma = fakeCma({ groups, base: {} });
    renderLocation(<SidebarLocation />, { sdk, cma, bridge: fakeBridge({}) });
    expect(screen.getByText('Save this entry first: variants are written for a saved entry.')).toBeTruthy();
    expect(cma.calls).toEqual([]);
  });

  it('shows an empty state when no group is linked to the content type', async () => {
    const { view } = setup({ groups: groups.filter((g) => g.uid === 'g_winter') });
    view();
    expect(await screen.findByText(/No variant group is linked to “Promo” yet/)).toBeTruthy();
  });

  it("shows the CMA's reason when loading fails, and retries", async () => {
    const { view, cma, user } = setup();
    cma.failNext = { method: 'listVariantGroups', reason: 'Rate limit exceeded. Retry after 1 s.' };
    view();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Rate limit exceeded. Retry after 1 s.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('article', { name: 'Summer hero' })).toBeTruthy();
  });

  it('attaches a group after a confirmation that says it applies to every entry of the type', async () => {
    const { view, cma, user } = setup();
    view();
    await user.click(await screen.findByRole('button', { name: 'Attach a variant group' }));
    await user.selectOptions(await screen.findByLabelText('Variant group'), 'g_winter');
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('it applies to every entry of that type');
    expect(cma.groups.find((g) => g.uid === 'g_winter')?.content_types).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect(await screen.findByRole('article', { name: 'Winter sale' })).toBeTruthy();
    expect(cma.groups.find((g) => g.uid === 'g_winter')?.content_types).toEqual([{ uid: 'promo', status: 'linked' }]);
  });

  it('detaches a group only after confirmation; Escape cancels and the dialog takes focus', async () => {
    const { view, cma, user } = setup();
    view();
    fireEvent.click(await screen.findByRole('button', { name: 'Detach Hand made' }));
    // venus' modal code arrives on the first confirmation: a calm hint says so meanwhile.
    expect(within(card('Hand made')).getByRole('status').textContent).toBe('Opening the confirmation…');
    const dialog = await screen.findByRole('alertdialog', { name: 'Detach Hand made?' });
    expect(within(card('Hand made')).queryByRole('status')).toBeNull();
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    expect(dialog.textContent).toContain('for every entry of that type');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(cma.calls).not.toContain('setContentTypeLink');

    await user.click(screen.getByRole('button', { name: 'Detach Hand made' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Detach' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Hand made' })).toBeNull());
    expect(cma.groups.find((g) => g.uid === 'g_manual')?.content_types).toEqual([{ uid: 'promo', status: 'unlinked' }]);
    expect(screen.getByRole('status').textContent).toBe('Detached Hand made.');
  });

  it("shows the CMA's reason when a detach is refused, and keeps the group", async () => {
    const { view, cma, user } = setup();
    view();
    await user.click(await screen.findByRole('button', { name: 'Detach Hand made' }));
    cma.failNext = { method: 'setContentTypeLink', reason: 'Variant group is locked by a running experience.' };
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Detach' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not detached: Variant group is locked by a running experience.',
    );
    expect(screen.getByRole('article', { name: 'Hand made' })).toBeTruthy();
  });

  it('shows a calm status while the editor’s code arrives, then the editor with focus on its heading', async () => {
    const { view } = setup();
    view();
    // fireEvent renders synchronously: the hint is what the author sees before the chunk's promise can settle.
    fireEvent.click(await screen.findByRole('button', { name: 'Create EU visitors entry variant' }));
    const hint = screen.getByRole('status');
    expect(hint.textContent).toBe('Opening the editor…');
    const heading = await editorOpened();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.queryByText('Opening the editor…')).toBeNull();
  });

  it('creates an entry variant from chosen fields, starting from the base values, and shows the diff', async () => {
    const { view, cma, user } = setup();
    view();
    await user.click(await screen.findByRole('button', { name: 'Create EU visitors entry variant' }));
    await editorOpened();
    await user.click(screen.getByLabelText('Title'));
    await user.click(screen.getByLabelText('Banner'));
    await user.click(screen.getByRole('button', { name: 'Start editing' }));

    const title = screen.getByLabelText('Title');
    expect((title as HTMLInputElement).value).toBe('Spring sale');
    expect(screen.getByRole('button', { name: 'Save entry variant' })).toHaveProperty('disabled', true);
    await user.clear(title);
    await user.type(title, 'Summer sale');
    const heading = screen.getByLabelText('Heading');
    await user.clear(heading);
    await user.type(heading, 'Hallo');

    expect(screen.getByLabelText('base value of title').textContent).toBe('"Spring sale"');
    expect(screen.getByLabelText('variant value of title').textContent).toBe('"Summer sale"');
    expect(screen.getByLabelText('variant value of banner.heading').textContent).toBe('"Hallo"');

    await user.click(screen.getByRole('button', { name: 'Save entry variant' }));
    expect(await screen.findByText('Entry variant created successfully.')).toBeTruthy();
    const stored = cma.variants.get('v_eu');
    expect(stored?._variant._change_set).toEqual(['banner.heading', 'title']);
    expect(stored?.title).toBe('Summer sale');
    expect(stored?.banner).toEqual({ heading: 'Hallo', subtitle: 'Spring' });
    expect(await screen.findByRole('button', { name: 'Delete entry variant' })).toBeTruthy();
  });

  // Many keystrokes through user-event as well (4.4 s alone, past 5 s beside the other files): the same room.
  it(
    'edits every field kind: number, boolean, select, date, link, JSON and fields inside modular blocks',
    { timeout: 20_000 },
    async () => {
      const { view, cma, user } = setup();
      view();
      await user.click(await screen.findByRole('button', { name: 'Create Variant B entry variant' }));
      await editorOpened();
      for (const label of [
        'Priority',
        'Featured',
        'Tone',
        'Launch date',
        'Call to action',
        'Meta',
        'Sections',
        'Summary',
      ]) {
        await user.click(screen.getByLabelText(label));
      }
      await user.click(screen.getByRole('button', { name: 'Start editing' }));

      const priority = screen.getByLabelText('Priority');
      await user.clear(priority);
      await user.type(priority, '7');
      await user.click(screen.getByLabelText('Featured'));
      await user.selectOptions(screen.getByLabelText('Tone'), 'bold');
      const launch = screen.getByLabelText('Launch date');
      await user.clear(launch);
      await user.type(launch, '2026-07-01');
      const href = screen.getByLabelText('Link URL');
      await user.clear(href);
      await user.type(href, '/summer');
      const meta = screen.getByLabelText('Meta (JSON)');
      await user.clear(meta);
      await user.type(meta, '{{"type":"doc"');
      expect(screen.getByText('Not valid JSON yet: the last valid value is kept.')).toBeTruthy();
      await user.type(meta, '}');
      expect(screen.queryByText(/Not valid JSON yet/)).toBeNull();
      const hero = screen.getByLabelText('Hero heading');
      await user.clear(hero);
      await user.type(hero, 'Huge hero');
      const summary = screen.getByLabelText('Summary');
      expect(summary.tagName).toBe('TEXTAREA');

      await user.click(screen.getByRole('button', { name: 'Save entry variant' }));
      expect(await screen.findByText('Entry variant created successfully.')).toBeTruthy();
      const stored = cma.variants.get('v_b');
      expect(stored?._variant._change_set).toEqual([
        'cta',
        'featured',
        'launch',
        'meta',
        'priority',
        'sections.cs_sec1.hero.heading',
        'tone',
      ]);
      expect(stored).toMatchObject({
        priority: 7,
        featured: true,
        tone: 'bold',
        launch: '2026-07-01',
        cta: { title: 'Shop', href: '/summer' },
        meta: { type: 'doc' },
        sections: [{ hero: { heading: 'Huge hero', _metadata: { uid: 'cs_sec1' } } }],
      });
      expect(stored).not.toHaveProperty('summary');
    },
  );

  // Many keystrokes through user-event: give it room on a busy two-core machine.
  it(
    'adds, removes and reorders list values, group items and blocks, keeping each item its instance uid',
    { timeout: 20_000 },
    async () => {
      const { view, cma, user } = setup();
      view();
      await user.click(await screen.findByRole('button', { name: 'Create EU visitors entry variant' }));
      await editorOpened();
      for (const label of ['Tags', 'FAQs', 'Sections']) await user.click(screen.getByLabelText(label));
      await user.click(screen.getByRole('button', { name: 'Start editing' }));

      // A multi-value text field is a list of inputs, not JSON.
      await user.click(screen.getByRole('button', { name: 'Move up: Tags 2' }));
      await user.click(screen.getByRole('button', { name: 'Add value: Tags' }));
      await user.type(screen.getByLabelText('Tags 3'), 'outdoor');
      // Repeatable group: swap the two items, then edit the one now first.
      await user.click(screen.getByRole('button', { name: 'Move down: FAQs 1' }));
      const first = screen.getByRole('group', { name: 'FAQs 1' });
      expect(within(first).getByLabelText<HTMLInputElement>('Question').value).toBe('Shipping?');
      await user.type(within(first).getByLabelText('Question'), ' Free over €50');
      await user.click(screen.getByRole('button', { name: 'Add item: FAQs' }));
      await user.type(within(screen.getByRole('group', { name: 'FAQs 3' })).getByLabelText('Question'), 'Gift wrap?');
      // Modular blocks: add a quote after the hero.
      await user.selectOptions(screen.getByLabelText('New block in Sections'), 'quote');
      await user.click(screen.getByRole('button', { name: 'Add block: Sections' }));
      await user.type(screen.getByLabelText('Quote text'), 'Best jacket ever');

      await user.click(screen.getByRole('button', { name: 'Save entry variant' }));
      expect(await screen.findByText('Entry variant created successfully.')).toBeTruthy();
      const stored = cma.variants.get('v_eu');
      // Added, removed or reordered items change the whole field, as the CMA records it.
      expect(stored?._variant._change_set).toEqual(['faqs', 'sections', 'tags']);
      expect(stored?.tags).toEqual(['sale', 'spring', 'outdoor']);
      const faqs = stored?.faqs as { question: string; _metadata: { uid: string } }[];
      expect(faqs.map((f) => f.question)).toEqual(['Shipping? Free over €50', 'Returns?', 'Gift wrap?']);
      expect(faqs[0]?._metadata.uid).toBe('cs_faq2');
      expect(faqs[1]?._metadata.uid).toBe('cs_faq1');
      expect(faqs[2]?._metadata.uid).toMatch(/^cs[0-9a-f]{16}$/);
      const sections = stored?.sections as Record<string, { _metadata: { uid: string }; text?: string }>[];
      expect(sections[0]).toEqual({ hero: { heading: 'Big hero', _metadata: { uid: 'cs_sec1' } } });
      expect(sections[1]?.quote?.text).toBe('Best jacket ever');
      expect(sections[1]?.quote?._metadata.uid).toMatch(/^cs[0-9a-f]{16}$/);
    },
  );

  it('names an edit inside a group item by its instance uid, and a removal as the whole field', async () => {
    const { view, cma, user } = setup();
    view();
    await user.click(await screen.findByRole('button', { name: 'Create EU visitors entry variant' }));
    await editorOpened();
    await user.click(screen.getByLabelText('FAQs'));
    await user.click(screen.getByRole('button', { name: 'Start editing' }));
    await user.type(within(screen.getByRole('group', { name: 'FAQs 2' })).getByLabelText('Question'), ' Always free');
    expect(screen.getByLabelText('variant value of faqs.cs_faq2.question').textContent).toBe('"Shipping? Always free"');
    await user.click(screen.getByRole('button', { name: 'Remove: FAQs 1' }));
    expect(screen.getByLabelText('variant value of faqs')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save entry variant' }));
    expect(await screen.findByText('Entry variant created successfully.')).toBeTruthy();
    expect(cma.variants.get('v_eu')?._variant._change_set).toEqual(['faqs']);
  });

  it("shows the CMA's reason when a save is refused", async () => {
    const { view, cma, user } = setup();
    view();
    await user.click(await screen.findByRole('button', { name: 'Create EU visitors entry variant' }));
    await editorOpened();
    await user.click(screen.getByLabelText('Title'));
    await user.click(screen.getByRole('button', { name: 'Start editing' }));
    await user.type(screen.getByLabelText('Title'), '!');
    cma.failNext = {
      method: 'putEntryVariant',
      reason: "The Variant 'v_eu' does not belong to the Content Type 'promo'.",
    };
    await user.click(screen.getByRole('button', { name: 'Save entry variant' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "Not saved: The Variant 'v_eu' does not belong to the Content Type 'promo'.",
    );
    expect(cma.variants.has('v_eu')).toBe(false);
  });

  it('opens an existing entry variant with its overridden fields, deletes it after confirmation', async () => {
    const { view, cma, user } = setup();
    seedVariant(cma, 'v_us', { title: 'Howdy' }, ['title']);
    view();
    const us = (await screen.findByText('US visitors')).closest('li');
    expect(us && within(us).getByText('Entry variant (1 field)')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Edit US visitors' }));
    // The editor's code arrives on demand, with a calm hint meanwhile; then focus follows the author into the
    // editor instead of falling to the document body.
    const heading = await editorOpened();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect((await screen.findByLabelText<HTMLInputElement>('Title')).value).toBe('Howdy');
    expect(screen.queryByLabelText('Priority')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete entry variant' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(cma.variants.has('v_us')).toBe(false));
    expect(await screen.findByRole('button', { name: 'Create US visitors entry variant' })).toBeTruthy();
  });

  it('publishes the variant to the chosen environments', async () => {
    const { view, cma, user } = setup();
    seedVariant(cma, 'v_b', { title: 'B' }, ['title']);
    view();
    await user.click(await screen.findByRole('button', { name: 'Edit Variant B' }));
    const publish = await screen.findByRole('group', { name: 'Publish this variant' });
    await user.click(await within(publish).findByLabelText('production'));
    await user.click(within(publish).getByRole('button', { name: 'Publish to production' }));
    expect(await within(publish).findByText('The requested action has been performed.')).toBeTruthy();
    expect(cma.published).toEqual([{ environments: ['production'], variants: [{ uid: 'v_b', version: 1 }] }]);
  });

  it('says which overridden fields now differ when the base entry is changed or saved', async () => {
    const { view, cma, sdk } = setup();
    seedVariant(cma, 'v_eu', { title: 'Summer', banner: { heading: 'Hi', subtitle: 'Spring' } }, [
      'banner.heading',
      'title',
    ]);
    view();
    await screen.findByRole('article', { name: 'Summer hero' });

    act(() => sdk.fireChange({ ...baseEntry, summary: 'changed summary only' }));
    expect(screen.queryByText(/which this variant overrides/)).toBeNull();

    act(() => sdk.fireChange({ ...baseEntry, title: 'Spring SALE' }));
    expect(screen.getByText(/Your unsaved base edits changed title, which this variant overrides/)).toBeTruthy();

    act(() => sdk.fireSave({ ...baseEntry, title: 'Spring SALE', banner: { heading: 'Hey', subtitle: 'Spring' } }));
    expect(
      screen.getByText(/The saved base entry changed banner.heading, title, which this variant overrides/),
    ).toBeTruthy();

    // The open editor says it too, and diffs against the new base.
    await userEvent.setup().click(screen.getByRole('button', { name: 'Edit EU visitors' }));
    expect(await screen.findByRole('heading', { name: 'Edit entry variant: EU visitors' })).toBeTruthy();
    expect(screen.getByText(/The saved base entry changed banner.heading, title/)).toBeTruthy();
    expect((await screen.findByLabelText('base value of title')).textContent).toBe('"Spring SALE"');
  });
});
