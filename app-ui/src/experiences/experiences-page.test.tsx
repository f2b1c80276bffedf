import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ExperienceOverview, ExperienceResultsView, ExperiencesOverview } from '../bridge/bridge-port';
import { fakeBridge } from '../test-support/fake-bridge';
import { fakeCma } from '../test-support/fake-cma';
import { fakeSdk } from '../test-support/fake-sdk';
import { renderLocation } from '../test-support/render';
import ExperiencesPage from './experiences-page';
import { metricCells } from './metric-cells';
import { bodyCellTexts } from '../test-support/table-cells';

const hero: ExperienceOverview = {
  uid: 'exp_hero',
  shortUid: '0',
  name: 'Homepage hero by segment',
  type: 'SEGMENTED',
  status: 'ACTIVE',
  variantGroupUid: 'g_hero',
  contentTypes: ['promo'],
  mirror: { state: 'in-sync', lastMirroredAt: new Date(Date.now() - 120_000).toISOString() },
  variants: [
    {
      shortUid: '0',
      name: 'EU visitors',
      cmsVariantUid: 'v_eu',
      audienceNames: ['Europe'],
      coverage: [{ contentTypeUid: 'promo', entries: 3, missing: [{ uid: 'e3', title: 'Winter boots' }] }],
    },
    {
      shortUid: '1',
      name: 'Gold members',
      cmsVariantUid: 'v_gold',
      audienceNames: ['Gold'],
      coverage: [{ contentTypeUid: 'promo', entries: 3, missing: [] }],
    },
  ],
};
const checkout: ExperienceOverview = {
  uid: 'exp_checkout',
  shortUid: '1',
  name: 'Checkout button test',
  type: 'AB_TEST',
  status: 'ACTIVE',
  contentTypes: [],
  mirror: { state: 'error', reason: 'cma PUT /variant_groups: HTTP 422' },
  variants: [
    { shortUid: '0', name: 'Control', trafficDistribution: 50 },
    { shortUid: '1', name: 'Green button', trafficDistribution: 50 },
  ],
};
const overview: ExperiencesOverview = {
  experiences: [hero, checkout],
  orphanedGroups: [
    { groupUid: 'g_old', name: 'Old promo', experienceUid: 'exp_gone', contentTypes: ['promo', 'hero'] },
  ],
};
const results: ExperienceResultsView = {
  experienceUid: 'exp_checkout',
  versionUid: 'ver_1',
  controlShortUid: '0',
  variants: [
    { shortUid: '0', visitors: 1000, impressions: 1200, trafficShare: 50 },
    { shortUid: '1', visitors: 990, impressions: 1150, trafficShare: 50 },
  ],
  metrics: [
    {
      eventUid: 'ev_buy',
      eventKey: 'purchase',
      name: 'Purchases',
      primary: true,
      results: {
        ok: true,
        value: {
          warnings: ['insufficient-data'],
          variants: [
            {
              variantShortUid: '0',
              isControl: true,
              visitors: 1000,
              conversions: 100,
              conversionRate: 0.1,
              uplift: null,
              chanceToBeatControl: null,
              probabilityToBeBest: 0.2,
              lowData: true,
            },
            {
              variantShortUid: '1',
              isControl: false,
              visitors: 990,
              conversions: 120,
              conversionRate: 120 / 990,
              uplift: { ok: true, value: { relative: 0.212, interval: [-0.04, 0.46] } },
              chanceToBeatControl: 0.8,
              probabilityToBeBest: 0.8,
              lowData: true,
            },
          ],
        },
      },
    },
  ],
};

function setup(bridgeOptions: Parameters<typeof fakeBridge>[0]) {
  const sdk = fakeSdk({ location: 'full_page' });
  const cma = fakeCma({ groups: [], base: {} });
  const bridge = fakeBridge(bridgeOptions);
  renderLocation(<ExperiencesPage />, { sdk, cma, bridge });
  return { bridge, user: userEvent.setup() };
}

const row = (name: string) => {
  const cell = screen.getByRole('rowheader', { name: new RegExp(name) });
  const tr = cell.closest('tr');
  if (!tr) throw new Error('no row');
  return tr;
};

/** venus' toast whose title is `title`: an ARIA alert, announced without moving focus. */
async function toast(title: string): Promise<HTMLElement> {
  const alert = (await screen.findByText(title)).closest<HTMLElement>('[role="alert"]');
  if (alert === null) throw new Error(`"${title}" is not inside an alert`);
  return alert;
}

describe('experiences page', () => {
  it('lists every experience with its mirror state, reason, last mirror and coverage summary', async () => {
    setup({ overview, queues: { mirror: { waiting: 2, active: 1, delayed: 0, failed: 3 } } });
    expect(screen.getByRole('status').textContent).toBe('Loading experiences…');
    await screen.findByText('Homepage hero by segment');
    const heroRow = row('Homepage hero');
    expect(within(heroRow).getByText('in sync')).toBeTruthy();
    expect(within(heroRow).getByText('2 minutes ago')).toBeTruthy();
    expect(within(heroRow).getByText('1 of 2 variants complete · 1 missing entry variant')).toBeTruthy();
    const checkoutRow = row('Checkout button test');
    expect(within(checkoutRow).getByText('error')).toBeTruthy();
    expect(within(checkoutRow).getByText('cma PUT /variant_groups: HTTP 422')).toBeTruthy();
    expect(within(checkoutRow).getByText('No content type linked')).toBeTruthy();
    expect(screen.getByText('Old promo')).toBeTruthy();
    const queues = screen.getByRole('region', { name: 'Queue health' });
    expect(within(queues).getByRole('row', { name: 'Mirror 2 1 0 3' })).toBeTruthy();
  });

  it('shows the sync’s states calmly: waiting with its age, overdue with what to do, not personalized, unknown as is', async () => {
    const state = (uid: string, name: string, mirror: ExperienceOverview['mirror']): ExperienceOverview => ({
      ...checkout,
      uid,
      name,
      mirror,
    });
    setup({
      overview: {
        orphanedGroups: [],
        experiences: [
          state('e1', 'Fresh', {
            state: 'waiting-for-sync',
            waitingSeconds: 12,
            reason: 'Waiting for Contentstack’s sync to make the variant group (12 s)',
          }),
          state('e2', 'Late', {
            state: 'sync-overdue',
            waitingSeconds: 300,
            reason: 'No variant group 300 s after the version got variants',
            notes: ['another variant group also claims this experience'],
          }),
          state('e3', 'Lytics', { state: 'not-personalized', reason: 'variant ‘EU’ targets Lytics audiences' }),
          state('e4', 'Future', { state: 'quantum-entangled' }),
          state('e5', 'Gone', { state: 'orphaned' }),
          state('e6', 'Told', {
            state: 'sync-overdue',
            waitingSeconds: 30,
            reason: 'No variant group yet. Check the project connection, then press Mirror now to check again.',
          }),
        ],
      },
    });
    await screen.findByText('Fresh');
    const fresh = row('Fresh');
    // venus' outline tag, in a tone: calm for waiting, red for overdue, neutral for a state this build does not know.
    expect(within(fresh).getByText('waiting for Contentstack’s sync · 12 s').className).toBe(
      'OutlineTag pb-tag pb-tag-neutral',
    );
    const late = row('Late');
    expect(within(late).getByText('sync overdue · 5 min').className).toBe('OutlineTag pb-tag pb-tag-error');
    expect(within(late).getByText('No variant group 300 s after the version got variants')).toBeTruthy();
    expect(within(late).getByText(/connected to the project in Personalize, then press Mirror now/)).toBeTruthy();
    expect(within(late).getByRole('listitem').textContent).toBe('another variant group also claims this experience');
    expect(within(row('Lytics')).getByText('variant ‘EU’ targets Lytics audiences')).toBeTruthy();
    expect(within(row('Lytics')).getByText('not personalized')).toBeTruthy();
    expect(within(row('Future')).getByText('quantum-entangled').className).toBe('OutlineTag pb-tag pb-tag-neutral');
    expect(
      within(row('Gone')).getByText(/experience was deleted in Personalize; its variant group stays/),
    ).toBeTruthy();
    // The server's reason already says what to do: the badge does not say it a second time.
    expect(within(row('Told')).queryByText(/connected to the project in Personalize/)).toBeNull();
  });

  it('moves a remapped variant’s entry variants after a confirmation and reports what failed', async () => {
    const remapped: ExperienceOverview = {
      ...hero,
      mirror: {
        state: 'in-sync',
        remaps: [
          { shortUid: '0', fromVariantUid: 'v_eu_old', toVariantUid: 'v_eu', entryVariants: 3 },
          { shortUid: '1', fromVariantUid: 'v_gold_old', toVariantUid: 'v_gold', entryVariants: 0 },
        ],
      },
    };
    const { bridge, user } = setup({
      overview: { experiences: [remapped], orphanedGroups: [] },
      move: {
        moved: [
          { contentTypeUid: 'promo', entryUid: 'e1', locale: 'en-us' },
          { contentTypeUid: 'promo', entryUid: 'e2', locale: 'en-us' },
        ],
        failed: [
          {
            contentTypeUid: 'promo',
            entryUid: 'e3',
            locale: 'fr-fr',
            reason: 'writing the new entry variant: HTTP 422',
          },
        ],
      },
    });
    await screen.findByText('Homepage hero by segment');
    // A remap with nothing left to move offers nothing.
    expect(screen.getAllByRole('button', { name: /^Move / })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Move 3 entry variants to the new variant' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Move 3 entry variants of “EU visitors”?' });
    expect(bridge.moveRequests).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect((await toast('Moved 2 entry variants.')).textContent).toContain(
      '1 could not be moved; their old entry variants were kept.',
    );
    // What was not moved stays on the page, for the author to move by hand.
    expect(screen.getByText('promo / e3 (fr-fr): writing the new entry variant: HTTP 422')).toBeTruthy();
    expect(bridge.moveRequests).toEqual([
      { experienceUid: 'exp_hero', fromVariantUid: 'v_eu_old', toVariantUid: 'v_eu' },
    ]);
  });

  it('offers a move when the server could not count the entry variants, and Cancel sends nothing', async () => {
    const remapped: ExperienceOverview = {
      ...hero,
      mirror: {
        state: 'in-sync',
        remaps: [{ shortUid: '0', fromVariantUid: 'a', toVariantUid: 'b', entryVariants: null }],
      },
    };
    const { bridge, user } = setup({ overview: { experiences: [remapped], orphanedGroups: [] } });
    await user.click(await screen.findByRole('button', { name: 'Move the entry variants to the new variant' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(bridge.moveRequests).toEqual([]);
  });

  it('lists orphaned groups with their content types and unlinks them after a confirmation', async () => {
    const { bridge, user } = setup({ overview, unlink: { groupUid: 'g_old', unlinked: ['promo', 'hero'] } });
    const orphan = await screen.findByRole('listitem', { name: 'Old promo' });
    expect(within(orphan).getByText('Linked content types: promo, hero')).toBeTruthy();
    await user.click(within(orphan).getByRole('button', { name: 'Unlink content types of Old promo' }));
    expect(bridge.unlinkRequests).toEqual([]);
    await user.click(
      within(await screen.findByRole('alertdialog', { name: 'Unlink promo, hero from Old promo?' })).getByRole(
        'button',
        {
          name: 'Unlink',
        },
      ),
    );
    await waitFor(() => expect(bridge.unlinkRequests).toEqual(['g_old']));
    expect(await toast('Unlinked promo, hero from Old promo')).toBeTruthy();
  });

  it('gives the server’s reason when an orphan cannot be unlinked', async () => {
    const { user } = setup({ overview, unlink: { reason: 'experience-still-exists' } });
    const orphan = await screen.findByRole('listitem', { name: 'Old promo' });
    await user.click(within(orphan).getByRole('button', { name: 'Unlink content types of Old promo' }));
    await user.click(screen.getByRole('button', { name: 'Unlink' }));
    expect((await toast('Not unlinked: Old promo')).textContent).toContain('experience-still-exists');
  });

  it('shows which entries still lack a variant when details are opened from the keyboard', async () => {
    const { user } = setup({ overview });
    await screen.findByText('Homepage hero by segment');
    const details = screen.getByRole('button', { name: 'Details: Homepage hero by segment' });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    details.focus();
    await user.keyboard('{Enter}');
    expect(details.getAttribute('aria-expanded')).toBe('true');
    const table = screen.getByRole('table', { name: 'Variants and entry coverage' });
    const eu = within(table).getByRole('row', { name: /EU visitors/ });
    expect(within(eu).getByText('2 of 3 (67%)')).toBeTruthy();
    await user.click(within(eu).getByText('1 entry'));
    expect(within(eu).getByText('Winter boots')).toBeTruthy();
    const gold = within(table).getByRole('row', { name: /Gold members/ });
    expect(within(gold).getByText('None — every entry has content')).toBeTruthy();
  });

  it('queues a mirror and says so', async () => {
    const { bridge, user } = setup({ overview });
    await screen.findByText('Homepage hero by segment');
    await user.click(screen.getByRole('button', { name: 'Mirror now: Homepage hero by segment' }));
    expect(await toast('Mirror queued: Homepage hero by segment')).toBeTruthy();
    expect(bridge.mirrorRequests).toEqual(['exp_hero']);
  });

  it('gives the server’s reason when a mirror cannot be queued', async () => {
    const { user } = setup({ overview, mirrorNow: { reason: 'the queue is not reachable; try again shortly' } });
    await screen.findByText('Checkout button test');
    await user.click(screen.getByRole('button', { name: 'Mirror now: Checkout button test' }));
    expect((await toast('Not queued: Checkout button test')).textContent).toContain(
      'the queue is not reachable; try again shortly',
    );
  });

  it('charts and tabulates A/B results with their caveats', async () => {
    const { user } = setup({ overview, results: { exp_checkout: results } });
    await screen.findByText('Checkout button test');
    await user.click(screen.getByRole('button', { name: 'Details: Checkout button test' }));
    await screen.findByRole('img', { name: 'Visitors per variant' });
    expect(screen.getByRole('img', { name: 'Conversion rate · Purchases' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Probability to be best' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Uplift vs control (95% credible interval)' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Purchases (primary metric)' });
    expect(within(table).getByRole('row', { name: /Green button/ }).textContent).toContain('+21.2% (−4.0% to +46.0%)');
    expect(within(table).getByRole('row', { name: /Control/ }).textContent).toContain('10.0%');
    // Two variants: one question, one column, and its help says it is also the probability to be best.
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([
      'Variant',
      'Visitors',
      'Conversions',
      'Conversion rate',
      'Uplift (95% credible interval)',
      'Chance to beat control',
    ]);
    expect(within(table).getByRole('row', { name: /Green button/ }).textContent).toContain('80%');
    // The rendered cells are the ones metric-cells.ts gives (the demo's printed table is compared with those).
    const metric = results.metrics[0];
    if (metric === undefined || !metric.results.ok) throw new Error('the fixture has results');
    const names: Record<string, string> = { '0': 'Control', '1': 'Green button' };
    const expected = metricCells(metric.results.value.variants, (s) => names[s] ?? s).slice(1);
    const shown = bodyCellTexts(table);
    expect(shown.map((cells) => cells.slice(1))).toEqual(expected.map((cells) => cells.slice(1)));
    expect(shown.map((cells) => cells[0])).toEqual(['Controlcontrollow data', 'Green buttonlow data']);
    expect(screen.getByText(/with two variants, also its probability to be best/)).toBeTruthy();
    expect(screen.getByText(/few conversions/)).toBeTruthy();
    expect(screen.getByText('Trends over time appear from the second day of results.')).toBeTruthy();
  });

  it('draws trends over time when the server sends a series', async () => {
    // The server's shape: one cumulative point per UTC day, every variant in every point.
    const series = [
      {
        at: '2026-11-01T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 10, conversions: 1 },
          { shortUid: '1', visitors: 12, conversions: 0 },
        ],
      },
      {
        at: '2026-11-02T00:00:00Z',
        variants: [
          { shortUid: '0', visitors: 30, conversions: 4 },
          { shortUid: '1', visitors: 12, conversions: 3 },
        ],
      },
    ];
    const { user } = setup({ overview, results: { exp_checkout: { ...results, series } } });
    await screen.findByText('Checkout button test');
    await user.click(screen.getByRole('button', { name: 'Details: Checkout button test' }));
    const visitors = await screen.findByRole('img', { name: 'Visitors over time' });
    const rates = screen.getByRole('img', { name: 'Conversion rate over time' });
    const heights = (chart: HTMLElement) =>
      [...chart.querySelectorAll('polyline')].map((line) => ({
        label: line.querySelector('title')?.textContent,
        ys: (line.getAttribute('points') ?? '').split(' ').map((point) => Number(point.split(',')[1])),
      }));
    // SVG y grows downwards: the control's visitors rise, the green button's stay flat; its rate rises from 0.
    const [controlVisitors, greenVisitors] = heights(visitors);
    expect(controlVisitors?.label).toBe('Control');
    expect((controlVisitors?.ys[1] ?? 0) < (controlVisitors?.ys[0] ?? 0)).toBe(true);
    expect(greenVisitors?.ys[1]).toBe(greenVisitors?.ys[0]);
    const [, greenRate] = heights(rates);
    expect(greenRate?.label).toBe('Green button');
    expect((greenRate?.ys[1] ?? 0) < (greenRate?.ys[0] ?? 0)).toBe(true);
    expect(screen.queryByText('Trends over time appear from the second day of results.')).toBeNull();
  });

  it('waits for a second day before drawing a trend', async () => {
    const series = [{ at: '2026-11-01T00:00:00Z', variants: [{ shortUid: '0', visitors: 10, conversions: 1 }] }];
    const { user } = setup({ overview, results: { exp_checkout: { ...results, series } } });
    await screen.findByText('Checkout button test');
    await user.click(screen.getByRole('button', { name: 'Details: Checkout button test' }));
    await screen.findByText('Trends over time appear from the second day of results.');
    expect(screen.queryByRole('img', { name: 'Visitors over time' })).toBeNull();
  });

  it('explains an A/B test without results yet', async () => {
    const { user } = setup({ overview });
    await screen.findByText('Checkout button test');
    await user.click(screen.getByRole('button', { name: 'Details: Checkout button test' }));
    await screen.findByText(/No results yet/);
  });

  it('shows the server’s reason and retries', async () => {
    setup({ overview: { reason: 'app-token-expired' } });
    // Earlier tests' toasts are alerts too, until they close by themselves.
    const alert = (await screen.findByText('Could not load experiences')).closest<HTMLElement>('[role="alert"]');
    if (alert === null) throw new Error('the failure is not an alert');
    expect(alert.textContent).toContain('app-token-expired');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('says when the project has no experiences', async () => {
    setup({ overview: { experiences: [], orphanedGroups: [] }, queues: { reason: 'down' } });
    await screen.findByText(/No experiences in this Personalize project yet/);
    await waitFor(() => expect(screen.getByText('Queue health unavailable: down')).toBeTruthy());
  });
});
