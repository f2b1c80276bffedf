/**
 * Every location in every state the sync and the editor can put it in, in Debian's Chromium through the dev host
 * with the real app SDK and the real server: axe-core finds no serious or critical violation, nothing overflows
 * sideways (the sidebar at the CMS's sidebar width, the full-page locations at 1280 px), and a screenshot of each
 * state is kept under test/artifacts/ for a human look. The sync's states are staged the way they happen: a remap on
 * first activation (the sandbox plays it on request), an experience deleted in Personalize (its group is left
 * orphaned), and a paused sync (waiting for Contentstack's sync, then overdue).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema } from '@pb/shared/contracts/ui-api';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, openLocation, startStack } from './harness';
import type { Stack } from './harness';
import { appFrame, axeFindings, horizontalOverflow } from './page-checks';

const PROMO = 'promo_banner';
const FREE_SHIPPING = 'blt2f7a4c8e1d6b9053';
const REPAIR = 'blt9e1b4d7a2c6f3058';
const MEMBERS_VARIANT = 'cs8a2d5f1c7e4b9036';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const RUN = Date.now().toString(36).slice(-4);
/** Long enough to break a layout that does not truncate. */
const LONG_NAME = `Autumn outerwear launch for returning loyalty members in the Nordics and Benelux ${RUN}`;
/** An orphan with a long name: its unlink confirmation's title wraps in venus' modal header. */
const RETIRED_NAME = `Retired winter boots banner for returning loyalty members in the Nordics and Benelux ${RUN}`;

let stack: Stack;
let browser: { context: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack({
    withServer: true,
    sandbox: { timeScale: 0.01, personalizeSyncDelayMs: 100 },
    serverEnv: { POLL_INTERVAL_S: '1', SYNC_DEADLINE_S: '20' },
  });
  browser = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });
  // The dev host installs the app on the sandbox stack on first use, as installing from the marketplace would;
  // the test's own UI API session below needs that installation.
  expect((await fetch(`${stack.hostUrl}/host-api/init?location=experiences`)).status).toBe(200);
});

afterAll(async () => {
  await stack?.admin('/_sandbox/personalize-sync', 'PUT', { paused: false });
  await browser?.close();
  await stack?.close();
});

interface Listed {
  experiences: { uid: string; name: string; mirror: { state: string; remaps?: { entryVariants: number | null }[] } }[];
  orphanedGroups: { groupUid: string }[];
}

/** The UI API's own view, through the same session the pages use: the test waits on it, not on the page. */
async function overview(): Promise<Listed> {
  return (await uiApi('/api/ui/experiences')) as Listed;
}

/** GET on the UI API with a session of the full-page location, as the experiences page makes its calls. */
async function uiApi(path: string): Promise<unknown> {
  const token = await stack.admin('/_sandbox/app-token', 'POST', {
    location: 'cs.cm.stack.full_page',
    api_key: stack.credentials.api_key,
    user_uid: 'a11y',
  });
  const appToken = (token.body as { app_token: string }).app_token;
  const session = await fetch(`${stack.serverUrl}/api/ui/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_token: appToken }),
  });
  const { session_token } = (await session.json()) as { session_token: string };
  const answer = await fetch(`${stack.serverUrl}${path}`, { headers: { authorization: `Bearer ${session_token}` } });
  if (!answer.ok) throw new Error(`${path} answered ${answer.status}`);
  return (await answer.json()) as unknown;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    // Early on the installation may still be settling (the session answers 403): keep looking.
    const value = await check().catch((error: unknown) => {
      last = error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${String(last)})`);
    // Each look costs Personalize reads from the budget the poll shares (see test/ui-api/sync-states.test.ts).
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

async function createExperience(name: string, status: 'DRAFT' | 'ACTIVE'): Promise<string> {
  const created = await stack.personalize('/experiences', 'POST', { name, description: '', __type: 'AB_TEST' });
  expect(created.status).toBe(201);
  const uid = (created.body as { uid: string }).uid;
  const versions = (await stack.personalize(`/experiences/${uid}/versions`)).body as { uid: string }[];
  const written = await stack.personalize(`/experiences/${uid}/versions/${versions[0]?.uid ?? ''}`, 'PUT', {
    status,
    variants: [
      { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 50 },
      { __type: 'ABTestVariant', name: 'Bold headline with a rather long variant name', trafficDistribution: 50 },
    ],
  });
  expect(written.status).toBe(200);
  return uid;
}

/** Checks the open page in its current state and keeps its screenshot. */
async function inspect(page: Page, name: string): Promise<void> {
  await page.locator('#frame-box').screenshot({ path: `${ARTIFACTS}${name}.png` });
  expect({ state: name, axe: await axeFindings(page) }).toEqual({ state: name, axe: [] });
  expect({ state: name, overflow: await horizontalOverflow(page) }).toEqual({ state: name, overflow: [] });
}

async function experiencesPage(): Promise<{ page: Page; app: FrameLocator }> {
  const opened = await openLocation(browser.context, stack.hostUrl, { location: 'experiences' });
  await opened.page.setViewportSize({ width: 1280, height: 1400 });
  await opened.app.getByRole('heading', { level: 1, name: 'Experiences' }).waitFor();
  return opened;
}

/** Every percentage in a cell's text as a fraction: "+21.2% (−4.0% to +46.0%)" → [0.212, −0.04, 0.46]. */
function percentsIn(text: string): number[] {
  return [...text.matchAll(/([+−-]?)(\d+(?:\.\d+)?)%/g)].map(
    (m) => (m[1] === '−' || m[1] === '-' ? -1 : 1) * (Number(m[2]) / 100),
  );
}

/** The shown percentages are the API's fractions, rounded to `digits` decimals of a percent. */
function expectShown(shown: number[], api: number[], digits: number): void {
  const half = 0.5 * 10 ** -(digits + 2) + 1e-9;
  expect({
    shown,
    api,
    within: shown.length === api.length && shown.every((x, i) => Math.abs(x - (api[i] ?? NaN)) <= half),
  }).toEqual({
    shown,
    api,
    within: true,
  });
}

/**
 * Where the open modal's title sits in venus' header: whether it wraps onto more lines, is cut by the header, and
 * keeps at least 8 px from each of the header's edges.
 */
async function modalTitleMargins(page: Page): Promise<{ wraps: boolean; clipped: boolean; clear: boolean }> {
  const frame = await appFrame(page);
  return frame.evaluate(() => {
    const header = document.querySelector('.ReactModal__Content__header');
    const title = header?.querySelector('h3');
    if (!header || !title) throw new Error('no modal header with a title');
    const h = header.getBoundingClientRect();
    const t = title.getBoundingClientRect();
    const lineHeight = parseFloat(getComputedStyle(title).lineHeight);
    return {
      wraps: t.height > lineHeight * 1.5,
      clipped: header.scrollHeight > header.clientHeight + 1 || title.scrollWidth > title.clientWidth + 1,
      clear: t.top - h.top >= 8 && h.bottom - t.bottom >= 8 && t.left - h.left >= 8 && h.right - t.right >= 8,
    };
  });
}

describe('accessibility and layout of every location and state', () => {
  it('entry sidebar: groups, attach, editor, confirmations', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${PROMO}/${FREE_SHIPPING}/en-us`,
    });
    await app.getByRole('heading', { level: 1, name: 'Personalize variants' }).waitFor();
    await app.getByRole('article', { name: 'Loyalty members', exact: true }).getByText('Made in the CMS').waitFor();
    await inspect(page, 'sidebar');

    await app.getByRole('button', { name: 'Attach a variant group' }).click();
    await app.getByRole('region', { name: 'Attach a variant group' }).waitFor();
    await inspect(page, 'sidebar-attach');
    await app.getByRole('button', { name: 'Cancel' }).click();

    // The editor's code (with venus') arrives on demand; cold it takes about a second. Its chunk is held here so
    // the wait the author sees meanwhile is checked too.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let passed: Promise<void> = Promise.resolve();
    const chunk = '**/assets/entry-variant-editor-*.js';
    await page.route(chunk, (route) => {
      passed = held.then(() => route.continue());
      return passed;
    });
    await app.getByRole('button', { name: 'Edit Members' }).click();
    await app.getByRole('status').filter({ hasText: 'Opening the editor…' }).waitFor();
    await inspect(page, 'sidebar-opening-editor');
    release();
    // Only once the held request went on: unrouting earlier would answer it a second time.
    await passed;
    await page.unroute(chunk);
    const editor = app.getByRole('region', { name: /Edit entry variant: Members/ });
    await editor.getByLabel('Message', { exact: true }).waitFor();
    await inspect(page, 'sidebar-editor');

    await editor.getByRole('button', { name: 'Delete entry variant' }).click();
    await app.getByRole('alertdialog', { name: 'Delete this entry variant?' }).waitFor();
    await inspect(page, 'sidebar-editor-confirm-delete');
    await page.keyboard.press('Escape');
    await editor.getByRole('button', { name: 'Close' }).click();

    await app.getByRole('button', { name: 'Detach Loyalty members' }).click();
    await app.getByRole('alertdialog').waitFor();
    await inspect(page, 'sidebar-confirm-detach');
    await page.close();
  });

  it('configuration screen', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, { location: 'config' });
    await page.setViewportSize({ width: 1280, height: 1400 });
    await app.getByRole('heading', { name: 'Personalize Bridge configuration' }).waitFor();
    await app.getByRole('button', { name: 'Load projects' }).click();
    // venus' Select keeps its input a 1 px dummy: it is there, not "visible".
    await app.getByRole('textbox', { name: 'Personalize project' }).waitFor({ state: 'attached' });
    await inspect(page, 'config');
    // venus' Select, open: its menu lists the options.
    await app.getByRole('textbox', { name: 'Region' }).focus();
    await page.keyboard.press('ArrowDown');
    await app.getByText('EU', { exact: true }).waitFor();
    await inspect(page, 'config-select-open');
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('experiences page: in sync, details with coverage and results, a remap and an orphaned group', async () => {
    // A remap on first activation, with an entry variant written for the old CMS variant.
    await stack.admin('/_sandbox/personalize-sync', 'PUT', { remapOnFirstActivation: true });
    const remapUid = await createExperience(LONG_NAME, 'DRAFT');
    const draftSynced = await until('the draft synced', async () => {
      const e = (await overview()).experiences.find((x) => x.uid === remapUid);
      return e?.mirror.state === 'in-sync' ? e : undefined;
    });
    expect(draftSynced.name).toBe(LONG_NAME);
    const groups = (await stack.cma('/variant_groups?include_variant_info=true')).body as {
      variant_groups: { uid: string; name: string; variants: { uid: string }[] }[];
    };
    const group = groups.variant_groups.find((g) => g.name === LONG_NAME);
    const oldVariant = group?.variants[1]?.uid ?? '';
    await stack.cma(`/variant_groups/${group?.uid ?? ''}`, 'PUT', {
      name: LONG_NAME,
      content_types: [{ uid: PROMO, status: 'linked' }],
    });
    const authored = await stack.cma(
      `/content_types/${PROMO}/entries/${FREE_SHIPPING}/variants/${oldVariant}?locale=en-us`,
      'PUT',
      { entry: { title: 'Bold title', _variant: { _change_set: ['title'] } } },
    );
    expect(authored.status).toBe(201);
    const versions = (await stack.personalize(`/experiences/${remapUid}/versions`)).body as {
      uid: string;
      variants: unknown[];
    }[];
    const activated = await stack.personalize(`/experiences/${remapUid}/versions/${versions[0]?.uid ?? ''}`, 'PUT', {
      status: 'ACTIVE',
      variants: versions[0]?.variants ?? [],
    });
    expect(activated.status).toBe(200);

    // An experience deleted in Personalize leaves its group behind, still linked.
    const retiredUid = await createExperience(RETIRED_NAME, 'ACTIVE');
    await until('the retired experience synced', async () => {
      const e = (await overview()).experiences.find((x) => x.uid === retiredUid);
      return e?.mirror.state === 'in-sync' ? e : undefined;
    });
    const retiredGroups = (await stack.cma('/variant_groups')).body as {
      variant_groups: { uid: string; name: string }[];
    };
    const retiredGroup = retiredGroups.variant_groups.find((g) => g.name === RETIRED_NAME);
    await stack.cma(`/variant_groups/${retiredGroup?.uid ?? ''}`, 'PUT', {
      name: RETIRED_NAME,
      content_types: [{ uid: PROMO, status: 'linked' }],
    });
    expect((await stack.personalize(`/experiences/${retiredUid}`, 'DELETE')).status).toBe(204);

    await until('the remap and the orphan reported', async () => {
      const listed = await overview();
      const remap = listed.experiences.find((x) => x.uid === remapUid)?.mirror.remaps?.[0];
      return remap?.entryVariants === 1 && listed.orphanedGroups.length > 0 ? true : undefined;
    });

    const { page, app } = await experiencesPage();
    const remapRow = app.getByRole('row').filter({ hasText: LONG_NAME }).first();
    await remapRow.getByRole('button', { name: /^Move 1 entry variant to the new variant/ }).waitFor();
    await app.getByRole('heading', { name: 'Variant groups without an experience' }).waitFor();
    await inspect(page, 'experiences');

    // Long names are cut with an ellipsis and show their full text in venus' Tooltip on hover.
    const cut = remapRow.locator('.pb-name');
    expect(await cut.getAttribute('data-full-name')).toBe(LONG_NAME);
    await cut.hover();
    const tip = app.locator('.tippy-box').filter({ hasText: LONG_NAME });
    await tip.waitFor();
    // Checked once faded in: axe reads a half-transparent tooltip's colours as low contrast.
    await expect.poll(() => tip.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await inspect(page, 'experiences-name-tooltip');
    await page.mouse.move(0, 0);

    await remapRow.getByRole('button', { name: /^Move 1 entry variant/ }).click();
    await app.getByRole('alertdialog').waitFor();
    await inspect(page, 'experiences-confirm-move');
    await app.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

    await app.getByRole('button', { name: `Unlink content types of ${RETIRED_NAME}` }).click();
    await app.getByRole('alertdialog', { name: `Unlink ${PROMO} from ${RETIRED_NAME}?` }).waitFor();
    // The long title wraps inside venus' header, clear of its edges, instead of running into them.
    expect(await modalTitleMargins(page)).toEqual({ wraps: true, clipped: false, clear: true });
    await inspect(page, 'experiences-confirm-unlink');
    await app.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

    // An action's outcome is venus' toast, announced as an alert.
    await remapRow.getByRole('button', { name: /^Mirror now/ }).click();
    const toast = app.getByRole('alert').filter({ hasText: `Mirror queued: ${LONG_NAME}` });
    await toast.waitFor();
    // Checked once it has bounced in, inside the frame's viewport (axe reads a half-faded toast's colours as low
    // contrast). Its hidden progress bar keeps an animation running until it closes: that one does not count.
    await expect
      .poll(() =>
        toast.evaluate((el) => {
          const box = el.closest('.Toastify__toast');
          if (box === null) return 'no toast';
          const moving = box
            .getAnimations({ subtree: true })
            .filter((a) => !(a instanceof CSSAnimation && a.animationName.includes('trackProgress')));
          const at = box.getBoundingClientRect();
          return moving.length === 0 && at.top >= 0 && at.bottom <= window.innerHeight ? 'shown' : 'moving';
        }),
      )
      .toBe('shown');
    await inspect(page, 'experiences-toast');

    // Every experience's details: variants with coverage, and the A/B tests' results.
    const show = app.getByRole('button', { name: /^Details/, expanded: false });
    while ((await show.count()) > 0) await show.first().click();
    await app.getByRole('table', { name: 'Variants and entry coverage' }).first().waitFor();
    await app
      .getByText(/No results yet/)
      .first()
      .waitFor();
    await inspect(page, 'experiences-details');
    await page.close();

    // The same remap seen from an entry's sidebar: the long name truncates, the card points to the fix.
    const side = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${PROMO}/${FREE_SHIPPING}/en-us`,
    });
    const remapCard = side.app.getByRole('article', { name: LONG_NAME });
    await remapCard.getByText(/move the entry variants on the app’s Experiences page/).waitFor();
    await inspect(side.page, 'sidebar-remap');
    await side.page.close();
  });

  it('experiences page: waiting for Contentstack’s sync, then sync overdue', async () => {
    await stack.admin('/_sandbox/personalize-sync', 'PUT', { paused: true });
    const lateUid = await createExperience(`Late hero ${RUN}`, 'ACTIVE');
    await until('waiting for the sync', async () => {
      const e = (await overview()).experiences.find((x) => x.uid === lateUid);
      return e?.mirror.state === 'waiting-for-sync' ? e : undefined;
    });
    let { page, app } = await experiencesPage();
    const lateRow = () =>
      app
        .getByRole('row')
        .filter({ hasText: `Late hero ${RUN}` })
        .first();
    await lateRow()
      .getByText(/waiting for Contentstack’s sync/)
      .waitFor();
    await inspect(page, 'experiences-waiting-for-sync');
    await page.close();

    await until('overdue', async () => {
      const e = (await overview()).experiences.find((x) => x.uid === lateUid);
      return e?.mirror.state === 'sync-overdue' ? e : undefined;
    });
    ({ page, app } = await experiencesPage());
    await lateRow()
      .getByText(/sync overdue/)
      .waitFor();
    await inspect(page, 'experiences-sync-overdue');
    await page.close();
    await stack.admin('/_sandbox/personalize-sync', 'PUT', { paused: false });
  });
});

describe('experiences page: results in numbers, loading, errors, not personalized', () => {
  it('an A/B test with impressions and conversions: uplift, chance to beat control, probability to be best', async () => {
    const events = (await stack.personalize('/events')).body as { uid: string; key: string }[];
    const addToCart = events.find((e) => e.key === 'add_to_cart');
    expect(addToCart).toBeDefined();
    const name = `Checkout button test ${RUN}`;
    const uid = await activeExperience(name, 'AB_TEST', {
      variants: [
        { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 34 },
        { __type: 'ABTestVariant', name: 'Green button', trafficDistribution: 33 },
        { __type: 'ABTestVariant', name: 'Sticky button', trafficDistribution: 33 },
      ],
      metrics: [{ event: addToCart?.uid ?? '', name: 'Add to cart', __type: 'Primary' }],
    });
    const shortUid = ((await stack.personalize(`/experiences/${uid}`)).body as { shortUid: string }).shortUid;

    // Visitors through the server's edge API, one request each: an impression of their variant, and the
    // conversion event for those who converted.
    const visit = async (user: string, variant: string, converted: boolean) => {
      const response = await fetch(`${stack.serverUrl}/edge/events`, {
        method: 'POST',
        headers: {
          'x-project-uid': stack.credentials.personalize_project_uid,
          'x-cs-personalize-user-uid': user,
        },
        body: JSON.stringify([
          { type: 'IMPRESSION', experienceShortUid: shortUid, variantShortUid: variant },
          ...(converted ? [{ type: 'EVENT', eventKey: 'add_to_cart' }] : []),
        ]),
      });
      expect(response.status).toBe(202);
      return (await response.json()) as { accepted: number; ignored: number };
    };
    // The edge ignores impressions of an experience it does not serve yet: wait until it counts one.
    await until('the edge serves the test', async () =>
      (await visit(`${RUN}-v0-0`, '0', false)).ignored === 0 ? true : undefined,
    );
    const crowd: Record<string, { visitors: number; conversions: number }> = {
      '0': { visitors: 150, conversions: 15 },
      '1': { visitors: 150, conversions: 27 },
      '2': { visitors: 150, conversions: 18 },
    };
    const visits = Object.entries(crowd).flatMap(([variant, c]) =>
      Array.from({ length: c.visitors }, (_, i) => () => visit(`${RUN}-v${variant}-${i}`, variant, i < c.conversions)),
    );
    for (let i = 0; i < visits.length; i += 25) await Promise.all(visits.slice(i, i + 25).map((go) => go()));

    const { page, app } = await experiencesPage();
    const row = app.getByRole('row').filter({ hasText: name }).first();
    await row.getByRole('button', { name: /^Details/ }).click();
    const table = app.getByRole('table', { name: 'Add to cart (primary metric)' });
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(
      expect.arrayContaining(['Uplift (95% credible interval)', 'Chance to beat control', 'Probability to be best']),
    );
    // The numbers shown are the numbers the server's results API gives for this experience, read back from the
    // page's cells, and the counts are the visits sent.
    const answer = resultsSchema.parse(await uiApi(`/api/ui/experiences/${uid}/results`));
    const primary = answer.metrics.find((m) => m.primary)?.results;
    if (primary?.ok !== true) throw new Error('the results API has no results for the primary metric');
    const rows = await table.getByRole('row').all();
    const shown = (await Promise.all(rows.map((r) => r.getByRole('cell').allTextContents()))).filter(
      (cells) => cells.length > 0,
    );
    const names = ['Control', 'Green button', 'Sticky button'];
    expect(shown.map((cells) => names.find((n) => (cells[0] ?? '').startsWith(n)))).toEqual(names);
    const cell = (cells: string[], header: string) => cells[headers.indexOf(header)] ?? '';
    for (const [i, cells] of shown.entries()) {
      const variant = String(i);
      const api = primary.value.variants.find((v) => v.variantShortUid === variant);
      if (api === undefined) throw new Error(`the results API has no variant ${variant}`);
      const sent = crowd[variant];
      expect({ variant, visitors: cell(cells, 'Visitors'), conversions: cell(cells, 'Conversions') }).toEqual({
        variant,
        visitors: String(api.visitors),
        conversions: String(api.conversions),
      });
      expect({ visitors: api.visitors, conversions: api.conversions }).toEqual(sent);
      expectShown(percentsIn(cell(cells, 'Conversion rate')), [api.conversionRate ?? NaN], 1);
      if (api.isControl) {
        expect([cell(cells, 'Uplift (95% credible interval)'), cell(cells, 'Chance to beat control')]).toEqual([
          '—',
          '—',
        ]);
      } else {
        if (api.uplift?.ok !== true) throw new Error(`no uplift for variant ${variant}`);
        const { relative, interval } = api.uplift.value;
        expectShown(percentsIn(cell(cells, 'Uplift (95% credible interval)')), [relative, ...interval], 1);
        expectShown(percentsIn(cell(cells, 'Chance to beat control')), [api.chanceToBeatControl ?? NaN], 0);
      }
      expectShown(percentsIn(cell(cells, 'Probability to be best')), [api.probabilityToBeBest], 0);
    }
    await inspect(page, 'experiences-results');
    await page.close();
  });

  it('while the experiences load, and when the server cannot be reached', async () => {
    const isOverview = (url: URL) => url.pathname === '/api/ui/experiences';
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await browser.context.route(isOverview, async (route) => {
      await held;
      await route.continue();
    });
    let { page, app } = await experiencesPage();
    await app.getByText('Loading experiences…').waitFor();
    await inspect(page, 'experiences-loading');
    release();
    await app.getByRole('table', { name: 'Experiences and their sync state' }).waitFor();
    await page.close();
    await browser.context.unroute(isOverview);

    // The server is down: the browser's request is refused, as when nothing listens.
    await browser.context.route(isOverview, (route) => route.abort('connectionrefused'));
    ({ page, app } = await experiencesPage());
    await app.getByRole('alert').filter({ hasText: 'Could not load experiences' }).waitFor();
    await inspect(page, 'experiences-error');
    await page.close();
    await browser.context.unroute(isOverview);
  });

  it('an experience the app cannot personalize (it targets Lytics audiences)', async () => {
    const name = `Lytics retargeting ${RUN}`;
    const uid = await activeExperience(name, 'SEGMENTED', {
      variants: [
        {
          __type: 'SegmentedVariant',
          name: 'High intent',
          audiences: [],
          audienceCombinationType: 'OR',
          lyticsAudiences: ['lytics_high_intent'],
        },
      ],
    });
    await until('not personalized', async () => {
      const e = (await overview()).experiences.find((x) => x.uid === uid);
      return e?.mirror.state === 'not-personalized' ? e : undefined;
    });
    const { page, app } = await experiencesPage();
    await app
      .getByRole('row')
      .filter({ hasText: name })
      .first()
      .getByText(/not personalized/)
      .waitFor();
    await inspect(page, 'experiences-not-personalized');
    await page.close();
  });
});

/** Creates an experience in Personalize and activates its first version with `version` (variants, metrics). */
async function activeExperience(name: string, type: 'AB_TEST' | 'SEGMENTED', version: object): Promise<string> {
  const created = await stack.personalize('/experiences', 'POST', { name, description: '', __type: type });
  expect(created.status).toBe(201);
  const uid = (created.body as { uid: string }).uid;
  const versions = (await stack.personalize(`/experiences/${uid}/versions`)).body as { uid: string }[];
  const written = await stack.personalize(`/experiences/${uid}/versions/${versions[0]?.uid ?? ''}`, 'PUT', {
    status: 'ACTIVE',
    ...version,
  });
  expect(written.status).toBe(200);
  return uid;
}

/** What has focus inside the app's frame: its role-ish tag, accessible label or text. */
async function focused(page: Page): Promise<string> {
  const frame = await appFrame(page);
  return frame.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return 'body';
    const label =
      el.getAttribute('aria-label') ??
      (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
      // venus' Checkbox names its input by the label wrapped around it.
      el.closest('label')?.textContent ??
      el.textContent ??
      '';
    return `${el.tagName.toLowerCase()}: ${label.trim()}`;
  });
}

/** Presses Tab until focus lands on `target` (at most `limit` presses), as a keyboard user would. */
async function tabTo(page: Page, target: string, limit = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === target) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached "${target}"; focus went through: ${seen.join(' → ')}`);
}

describe('keyboard only', () => {
  it('opens an entry variant, edits it and saves it without a mouse', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${PROMO}/${REPAIR}/en-us`,
    });
    await app.getByRole('article', { name: 'Loyalty members', exact: true }).waitFor();
    // Focus starts in the app's frame, as when the author tabs into the CMS's sidebar.
    await (await appFrame(page)).evaluate(() => window.focus());

    await tabTo(page, 'button: Create Members entry variant');
    await page.keyboard.press('Enter');
    // Focus moves into the editor once its code has arrived (lazily, with a hint meanwhile): its heading, not the
    // document body.
    await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('h2: Create entry variant: Members');
    await tabTo(page, 'input: Message');
    await page.keyboard.press('Space');
    await tabTo(page, 'button: Start editing');
    await page.keyboard.press('Enter');
    await tabTo(page, 'input: Message');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Members: repairs for life, collected from your door');
    await tabTo(page, 'button: Save entry variant');
    await page.keyboard.press('Enter');
    await app.getByText('Entry variant created successfully.').waitFor();

    const stored = await stack.cma(
      `/content_types/${PROMO}/entries/${REPAIR}/variants/${MEMBERS_VARIANT}?locale=en-us`,
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      entry: {
        message: 'Members: repairs for life, collected from your door',
        _variant: { _change_set: ['message'] },
      },
    });
    await page.close();
  });
});
