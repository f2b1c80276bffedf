/**
 * The entry-variant editor's capabilities end to end: in Debian's Chromium through the dev host with the real app
 * SDK, against the sandbox, each checked by re-reading the entry variant through the CMA. A content type made for
 * the test holds what the seed lacks (a repeatable group, modular blocks with two block types, multi-value text and
 * number fields), with an entry in English and French and a variant group linked to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openLocation, startStack } from './harness';
import type { Stack } from './harness';
import { axeFindings, horizontalOverflow } from './page-checks';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const CT = 'catalogue_page';
const GROUP = 'Catalogue launch';
const VARIANT = 'Early birds';

let stack: Stack;
let browser: { context: BrowserContext; close(): Promise<void> };
let entryUid: string;
let variantUid: string;

interface RteNode {
  type?: string;
  text?: string;
  bold?: boolean;
  attrs?: Record<string, unknown>;
  children?: RteNode[];
}

/** Every node of a JSON RTE document, depth first. */
const nodesOf = (node: RteNode): RteNode[] => [node, ...(node.children ?? []).flatMap(nodesOf)];
const textOf = (node: RteNode): string =>
  nodesOf(node)
    .map((n) => n.text ?? '')
    .join('');

interface StoredEntry {
  title: string;
  related?: { uid: string; _content_type_uid: string }[];
  body: RteNode;
  keywords: string[];
  sizes: number[];
  faqs: { question: string; _metadata: { uid: string } }[];
  sections: Record<string, { _metadata: { uid: string }; heading?: string; text?: string }>[];
  _variant: { _change_set: string[] };
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const made = await stack.cma('/content_types', 'POST', {
    content_type: {
      uid: CT,
      title: 'Catalogue page',
      schema: [
        { uid: 'title', data_type: 'text', display_name: 'Title', mandatory: true, unique: true },
        { uid: 'keywords', data_type: 'text', display_name: 'Keywords', multiple: true },
        { uid: 'sizes', data_type: 'number', display_name: 'Sizes', multiple: true },
        {
          uid: 'related',
          data_type: 'reference',
          display_name: 'Related products',
          reference_to: ['product'],
          field_metadata: { ref_multiple: true },
        },
        {
          uid: 'body',
          data_type: 'json',
          display_name: 'Body',
          field_metadata: { allow_json_rte: true, rich_text_type: 'advanced' },
        },
        {
          uid: 'faqs',
          data_type: 'group',
          display_name: 'FAQs',
          multiple: true,
          schema: [{ uid: 'question', data_type: 'text', display_name: 'Question' }],
        },
        {
          uid: 'sections',
          data_type: 'blocks',
          display_name: 'Sections',
          multiple: true,
          blocks: [
            {
              uid: 'feature',
              title: 'Feature',
              schema: [{ uid: 'heading', data_type: 'text', display_name: 'Heading' }],
            },
            { uid: 'quote', title: 'Quote', schema: [{ uid: 'text', data_type: 'text', display_name: 'Quote text' }] },
          ],
        },
      ],
    },
  });
  expect(made.status).toBe(201);
  const entry = await stack.cma(`/content_types/${CT}/entries?locale=en-us`, 'POST', {
    entry: {
      title: 'Autumn catalogue',
      keywords: ['autumn', 'jackets'],
      sizes: [38, 40],
      body: {
        type: 'doc',
        uid: 'docroot0001',
        attrs: {},
        children: [{ type: 'p', uid: 'para0001', attrs: {}, children: [{ text: 'Our autumn range.' }] }],
      },
      faqs: [
        { question: 'Returns?', _metadata: { uid: 'csfaq0000000000001' } },
        { question: 'Shipping?', _metadata: { uid: 'csfaq0000000000002' } },
      ],
      sections: [{ feature: { heading: 'Warm and light', _metadata: { uid: 'cssec0000000000001' } } }],
    },
  });
  expect(entry.status).toBe(201);
  entryUid = (entry.body as { entry: { uid: string } }).entry.uid;
  const french = await stack.cma(`/content_types/${CT}/entries/${entryUid}?locale=fr-fr`, 'PUT', {
    entry: { title: 'Catalogue d’automne' },
  });
  expect(french.status).toBe(200);

  const group = await stack.cma('/variant_groups', 'POST', {
    name: GROUP,
    description: 'Made by the editor test',
    content_types: [{ uid: CT, status: 'linked' }],
  });
  expect(group.status).toBe(201);
  const groupBody = group.body as { uid?: string; variant_group?: { uid: string } };
  const groupUid = groupBody.uid ?? groupBody.variant_group?.uid ?? '';
  const variant = await stack.cma(`/variant_groups/${groupUid}/variants`, 'POST', { name: VARIANT });
  expect(variant.status).toBe(201);
  const v = variant.body as { uid?: string; variant?: { uid: string }; variants?: { uid: string; name: string }[] };
  variantUid = v.uid ?? v.variant?.uid ?? v.variants?.find((x) => x.name === VARIANT)?.uid ?? '';
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function stored(locale: string): Promise<{ status: number; entry: StoredEntry }> {
  const answer = await stack.cma(`/content_types/${CT}/entries/${entryUid}/variants/${variantUid}?locale=${locale}`);
  return { status: answer.status, entry: (answer.body as { entry: StoredEntry }).entry };
}

describe('entry-variant editor', () => {
  it('adds, removes and reorders list values, group items and blocks; the CMA keeps the instance uids', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${CT}/${entryUid}/en-us`,
    });
    await app.getByRole('button', { name: `Create ${VARIANT} entry variant` }).click();
    const editor = app.getByRole('region', { name: `Create entry variant: ${VARIANT}` });
    // venus' Checkbox draws its box over an invisible native input, so a click lands on the box (inside the same
    // label, which toggles the input): `force` skips Playwright's hit check; check() still verifies the state.
    for (const field of ['Keywords', 'Sizes', 'FAQs', 'Sections'])
      await editor.getByLabel(field, { exact: true }).check({ force: true });
    await editor.getByRole('button', { name: 'Start editing' }).click();

    // Multi-value text and number fields are lists.
    await editor.getByRole('button', { name: 'Remove: Keywords 1' }).click();
    await editor.getByRole('button', { name: 'Add value: Keywords' }).click();
    await editor.getByLabel('Keywords 2', { exact: true }).fill('early access');
    await editor.getByRole('button', { name: 'Move up: Sizes 2' }).click();
    await editor.getByRole('button', { name: 'Add value: Sizes' }).click();
    await editor.getByLabel('Sizes 3', { exact: true }).fill('42');
    // A repeatable group: reorder, edit, add.
    await editor.getByRole('button', { name: 'Move down: FAQs 1' }).click();
    await editor.getByRole('group', { name: 'FAQs 1' }).getByLabel('Question').fill('Shipping? Free for early birds');
    await editor.getByRole('button', { name: 'Add item: FAQs' }).click();
    await editor.getByRole('group', { name: 'FAQs 3' }).getByLabel('Question').fill('Pre-order?');
    // Modular blocks: add a quote, move it first.
    await editor.getByLabel('New block in Sections').selectOption({ label: 'Quote' });
    await editor.getByRole('button', { name: 'Add block: Sections' }).click();
    await editor.getByLabel('Quote text').fill('Lighter than it looks');
    await editor.getByRole('button', { name: 'Move up: Quote 2' }).click();
    // The editor with its lists open: accessible, and nothing wider than the sidebar.
    await mkdir(ARTIFACTS, { recursive: true });
    await page.locator('#frame-box').screenshot({ path: `${ARTIFACTS}sidebar-editor-lists.png` });
    expect(await axeFindings(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant created successfully.').waitFor();

    const { status, entry } = await stored('en-us');
    expect(status).toBe(200);
    expect([...entry._variant._change_set].sort()).toEqual(['faqs', 'keywords', 'sections', 'sizes']);
    expect(entry.keywords).toEqual(['jackets', 'early access']);
    expect(entry.sizes).toEqual([40, 38, 42]);
    expect(entry.faqs.map((f) => [f.question, f._metadata.uid])).toEqual([
      ['Shipping? Free for early birds', 'csfaq0000000000002'],
      ['Returns?', 'csfaq0000000000001'],
      ['Pre-order?', expect.stringMatching(/^cs[0-9a-f]{16}$/) as unknown],
    ]);
    expect(entry.sections[0]?.quote?.text).toBe('Lighter than it looks');
    expect(entry.sections[1]).toEqual({
      feature: { heading: 'Warm and light', _metadata: { uid: 'cssec0000000000001' } },
    });
    await page.close();
  });

  it('edits an item of a saved entry variant in place, keeping its instance uid', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${CT}/${entryUid}/en-us`,
    });
    await app.getByRole('button', { name: `Edit ${VARIANT}` }).click();
    const editor = app.getByRole('region', { name: `Edit entry variant: ${VARIANT}` });
    await editor.getByRole('group', { name: 'FAQs 2' }).getByLabel('Question').fill('Returns? 60 days');
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant updated successfully.').waitFor();
    const { entry } = await stored('en-us');
    expect(entry.faqs[1]).toEqual({ question: 'Returns? 60 days', _metadata: { uid: 'csfaq0000000000001' } });
    await page.close();
  });

  it('edits JSON rich text as formatted text and stores a valid JSON RTE document', async () => {
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${CT}/${entryUid}/en-us`,
    });
    await app.getByRole('button', { name: `Edit ${VARIANT}` }).click();
    const editor = app.getByRole('region', { name: `Edit entry variant: ${VARIANT}` });
    await editor.getByLabel('Override another field').selectOption({ label: 'Body' });
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    const text = editor.getByRole('textbox', { name: 'Body' });
    await expect.poll(() => text.textContent()).toBe('Our autumn range.');
    const toolbar = editor.getByRole('toolbar', { name: 'Formatting: Body' });

    await text.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Autumn preview');
    await toolbar.getByRole('button', { name: 'Heading' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Paragraph' }).click();
    await page.keyboard.type('free shipping for early birds');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'free shipping'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await toolbar.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Bulleted list' }).click();
    await page.keyboard.type('Warm');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Light');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Details');
    await page.keyboard.press('Shift+Home');
    await toolbar.getByRole('button', { name: 'Link' }).click();
    await editor.getByLabel('Link URL').fill('https://example.com/autumn');
    await editor.getByRole('button', { name: 'Apply link' }).click();
    await text.scrollIntoViewIfNeeded();
    await page.locator('#frame-box').screenshot({ path: `${ARTIFACTS}sidebar-editor-rich-text.png` });
    expect(await axeFindings(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant updated successfully.').waitFor();

    const { entry } = await stored('en-us');
    expect(entry._variant._change_set).toContain('body');
    expect(entry.body).toMatchObject({ type: 'doc', attrs: {} });
    expect(typeof (entry.body as { uid?: unknown }).uid).toBe('string');
    const nodes = nodesOf(entry.body);
    expect(nodes.filter((n) => n.type === 'h2').map(textOf)).toEqual(['Autumn preview']);
    expect(nodes.filter((n) => n.bold === true).map((n) => n.text)).toEqual(['free shipping']);
    expect(nodes.filter((n) => n.type === 'ul').map((n) => (n.children ?? []).map(textOf))).toEqual([
      ['Warm', 'Light'],
    ]);
    const link = nodes.find((n) => n.type === 'a');
    expect(link?.attrs?.['url']).toBe('https://example.com/autumn');
    expect(link && textOf(link)).toBe('Details');
    await page.close();
  });

  it('chooses references from the entries of the referenced content type', async () => {
    const products = (await stack.cma('/content_types/product/entries?locale=en-us')).body as {
      entries: { uid: string; title: string }[];
    };
    const [first, second] = products.entries;
    if (!first || !second) throw new Error('the seed has fewer than two products');
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${CT}/${entryUid}/en-us`,
    });
    await app.getByRole('button', { name: `Edit ${VARIANT}` }).click();
    const editor = app.getByRole('region', { name: `Edit entry variant: ${VARIANT}` });
    await editor.getByLabel('Override another field').selectOption({ label: 'Related products' });
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    const picker = editor.getByRole('group', { name: 'Related products' });
    await picker.getByLabel(second.title, { exact: true }).check();
    await picker.getByLabel(first.title, { exact: true }).check();
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant updated successfully.').waitFor();
    const { entry } = await stored('en-us');
    expect(entry._variant._change_set).toContain('related');
    // In the order the author picked them.
    expect(entry.related).toEqual([
      { uid: second.uid, _content_type_uid: 'product' },
      { uid: first.uid, _content_type_uid: 'product' },
    ]);
    await page.close();
  });

  it("writes a French entry's variant for fr-fr, leaving the English one as it was", async () => {
    const before = await stored('en-us');
    const { page, app } = await openLocation(browser.context, stack.hostUrl, {
      location: 'sidebar',
      entry: `${CT}/${entryUid}/fr-fr`,
    });
    await app.getByRole('button', { name: `Create ${VARIANT} entry variant` }).click();
    const editor = app.getByRole('region', { name: `Create entry variant: ${VARIANT}` });
    await editor.getByLabel('Title', { exact: true }).check({ force: true }); // venus' Checkbox, see above
    await editor.getByRole('button', { name: 'Start editing' }).click();
    await expect.poll(() => editor.getByLabel('Title', { exact: true }).inputValue()).toBe('Catalogue d’automne');
    await editor.getByLabel('Title', { exact: true }).fill('Catalogue d’automne — en avant-première');
    await editor.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant created successfully.').waitFor();

    const french = await stored('fr-fr');
    expect(french.status).toBe(200);
    expect(french.entry.title).toBe('Catalogue d’automne — en avant-première');
    expect(french.entry._variant._change_set).toEqual(['title']);
    const english = await stored('en-us');
    expect(english.entry.title).toBe('Autumn catalogue');
    expect(english.entry._variant._change_set).toEqual(before.entry._variant._change_set);
    await page.close();
  });
});
