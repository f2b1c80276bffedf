/**
 * Authoring flows against the sandbox and the real server (UI API + workers in-process): attach a content type to
 * a variant group, write an entry variant of two fields, see a mirrored experience and its coverage on the
 * experiences page. The variant groups the flows need are made through the CMA in setup (the seed stays as is).
 * At the end a screenshot of each location is kept under test/artifacts/ (gitignored) for a human look.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, startStack } from './harness';
import type { Stack } from './harness';

const PROMO = 'promo_banner';
const FREE_SHIPPING = 'blt2f7a4c8e1d6b9053';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

let stack: Stack;
let browser: { context: BrowserContext; close(): Promise<void> };
let unlinkedGroup: { uid: string; name: string };
let linkedGroup: { uid: string; name: string; variantUid: string; variantName: string };

interface GroupBody {
  uid?: string;
  variant_group?: { uid: string };
}
interface VariantBody {
  uid?: string;
  variant?: { uid: string };
  variants?: { uid: string; name: string }[];
}

async function createGroup(name: string, contentTypes: string[]): Promise<string> {
  const made = await stack.cma('/variant_groups', 'POST', {
    name,
    description: 'Made by the browser test',
    content_types: contentTypes.map((uid) => ({ uid, status: 'linked' })),
  });
  expect(made.status).toBe(201);
  const body = made.body as GroupBody;
  return body.uid ?? body.variant_group?.uid ?? '';
}

beforeAll(async () => {
  stack = await startStack({ withServer: true });
  browser = await launchBrowser();
  unlinkedGroup = { name: 'Holiday campaign', uid: await createGroup('Holiday campaign', []) };
  const uid = await createGroup('Returning visitors', [PROMO]);
  const variant = await stack.cma(`/variant_groups/${uid}/variants`, 'POST', { name: 'Welcome back' });
  expect(variant.status).toBe(201);
  const body = variant.body as VariantBody;
  const variantUid = body.uid ?? body.variant?.uid ?? body.variants?.find((v) => v.name === 'Welcome back')?.uid ?? '';
  linkedGroup = { uid, name: 'Returning visitors', variantUid, variantName: 'Welcome back' };
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openLocation(query: Record<string, string>): Promise<{ page: Page; app: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${stack.hostUrl}/?${new URLSearchParams({ ...query, open: '1' }).toString()}`);
  await page.waitForSelector('body[data-ready]');
  const ready = await page.locator('body').getAttribute('data-ready');
  if (ready !== 'true') throw new Error(`dev host did not start: ${await page.locator('#log').innerText()}`);
  return { page, app: page.frameLocator('#app-frame') };
}

const sidebar = () => openLocation({ location: 'sidebar', entry: `${PROMO}/${FREE_SHIPPING}/en-us` });

describe('authoring flows with the server', () => {
  it('attaches a content type to a variant group from the entry sidebar', async () => {
    const { page, app } = await sidebar();
    await app.getByRole('heading', { name: 'Personalize variants' }).waitFor();
    await app.getByRole('button', { name: 'Attach a variant group' }).click();
    const attach = app.getByRole('region', { name: 'Attach a variant group' });
    await attach.getByLabel('Variant group').selectOption({ label: unlinkedGroup.name });
    await attach.getByRole('button', { name: 'Attach', exact: true }).click();
    await app.getByRole('alertdialog').getByRole('button', { name: 'Attach' }).click();
    await app.getByRole('article', { name: unlinkedGroup.name }).waitFor();

    const group = await stack.cma(`/variant_groups/${unlinkedGroup.uid}`);
    expect(JSON.stringify(group.body)).toContain(`"uid":"${PROMO}","status":"linked"`);
    await page.close();
  });

  it('creates an entry variant that overrides two fields', async () => {
    const { page, app } = await sidebar();
    const card = app.getByRole('article', { name: linkedGroup.name });
    await card.getByText('No entry variant').waitFor();
    await card.getByRole('button', { name: `Create ${linkedGroup.variantName} entry variant` }).click();
    const editor = app.getByRole('region', { name: `Create entry variant: ${linkedGroup.variantName}` });
    // venus' Checkbox draws its box over an invisible native input, so a click lands on the box (inside the same
    // label, which toggles the input): `force` skips Playwright's hit check; check() still verifies the state.
    await editor.getByLabel('Title', { exact: true }).check({ force: true });
    await editor.getByLabel('Message', { exact: true }).check({ force: true });
    await editor.getByRole('button', { name: 'Start editing' }).click();
    await editor.getByLabel('Title', { exact: true }).fill('Welcome back!');
    await editor.getByLabel('Message', { exact: true }).fill('Your cart is waiting: free shipping today');
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant created successfully.').waitFor();

    const stored = await stack.cma(
      `/content_types/${PROMO}/entries/${FREE_SHIPPING}/variants/${linkedGroup.variantUid}?locale=en-us`,
    );
    expect(stored.status).toBe(200);
    const entry = (stored.body as { entry: { title: string; message: string; _variant: { _change_set: string[] } } })
      .entry;
    expect(entry.title).toBe('Welcome back!');
    expect(entry.message).toBe('Your cart is waiting: free shipping today');
    expect([...entry._variant._change_set].sort()).toEqual(['message', 'title']);
    await page.close();
  });

  it('shows a mirrored experience with its coverage on the experiences page', async () => {
    const { page, app } = await openLocation({ location: 'experiences' });
    await app.getByRole('heading', { name: 'Experiences' }).waitFor();
    const firstRow = app
      .getByRole('row')
      .filter({ has: app.getByRole('button', { name: /^Mirror now: / }) })
      .first();
    const name = (await firstRow.getByRole('rowheader').locator('.pb-name').textContent()) ?? '';
    expect(name).not.toBe('');
    // The workers' first sweep mirrors every experience at start; "mirror now" runs it again.
    await expect.poll(async () => firstRow.locator('.pb-tag').textContent(), { timeout: 20_000 }).toBe('in sync');
    const before = await firstRow.locator('time').getAttribute('datetime');
    await firstRow.getByRole('button', { name: `Mirror now: ${name}` }).click();
    // The outcome is venus' toast, an alert outside the row.
    await app
      .getByRole('alert')
      .filter({ hasText: `Mirror queued: ${name}` })
      .waitFor();
    // The page refreshes itself once after queueing; the worker mirrors within a second or two.
    await expect
      .poll(async () => firstRow.locator('time').getAttribute('datetime'), { timeout: 20_000 })
      .not.toBe(before);
    expect(await firstRow.locator('.pb-tag').textContent()).toBe('in sync');

    // Link the content type to the mirrored group, write one entry variant, and look at the coverage.
    const listed = await stack.cma('/variant_groups?include_variant_info=true');
    const groups = (listed.body as { variant_groups: { uid: string; name: string; variants: { uid: string }[] }[] })
      .variant_groups;
    const mirrored = groups.find((g) => g.name === name);
    expect(mirrored).toBeDefined();
    const linked = await stack.cma(`/variant_groups/${mirrored?.uid ?? ''}`, 'PUT', {
      name,
      content_types: [{ uid: PROMO, status: 'linked' }],
    });
    expect(linked.status).toBe(200);
    const firstVariant = mirrored?.variants[0]?.uid ?? '';
    const written = await stack.cma(
      `/content_types/${PROMO}/entries/${FREE_SHIPPING}/variants/${firstVariant}?locale=en-us`,
      'PUT',
      { entry: { title: 'Mirrored variant title', _variant: { _change_set: ['title'] } } },
    );
    expect(written.status).toBe(201);

    await app.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(async () => firstRow.locator('td').nth(2).textContent()).toMatch(/variants complete/);
    await firstRow.getByRole('button', { name: `Details: ${name}` }).click();
    const coverage = app.getByRole('table', { name: 'Variants and entry coverage' });
    await coverage.waitFor();
    await expect.poll(() => coverage.getByRole('row').count()).toBeGreaterThan(1);
    const rows = await coverage.locator('tbody tr').allTextContents();
    expect(rows.some((r) => /\d+ of \d+ \(\d+%\)/.test(r))).toBe(true);
    // venus' table has no row headers: the queue's name is its row's first cell.
    await app
      .getByRole('region', { name: 'Queue health' })
      .getByRole('table', { name: 'Jobs per queue' })
      .getByRole('cell', { name: 'Mirror', exact: true })
      .waitFor();
    await page.close();
  });

  it('keeps a screenshot of each location for review', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    const shots: [string, Record<string, string>, (app: FrameLocator) => Promise<void>][] = [
      [
        'sidebar',
        { location: 'sidebar', entry: `${PROMO}/${FREE_SHIPPING}/en-us` },
        async (app) => {
          await app.getByRole('article', { name: linkedGroup.name }).waitFor();
        },
      ],
      [
        'config',
        { location: 'config' },
        async (app) => {
          await app.getByRole('heading', { name: 'Personalize Bridge configuration' }).waitFor();
          await app.getByRole('button', { name: 'Load projects' }).click();
          // venus' Select keeps its input a 1 px dummy: it is there, not "visible".
          await app.getByRole('textbox', { name: 'Personalize project' }).waitFor({ state: 'attached' });
        },
      ],
      [
        'experiences',
        { location: 'experiences' },
        async (app) => {
          // Every experience opened: coverage tables, and the results section of the A/B test.
          const show = app.getByRole('button', { name: /^Details: / });
          await show.first().waitFor();
          // Each click turns its button into "Hide details: …", so the first "Details" is always the next one.
          while ((await show.count()) > 0) await show.first().click();
          await app.getByRole('table', { name: 'Variants and entry coverage' }).first().waitFor();
          await app.getByText(/No results yet/).waitFor();
        },
      ],
    ];
    for (const [name, query, settle] of shots) {
      const { page, app } = await openLocation(query);
      await page.setViewportSize({ width: 1280, height: 1400 });
      await settle(app);
      await page.locator('#frame-box').screenshot({ path: `${ARTIFACTS}${name}.png` });
      await page.close();
    }
  });
});
