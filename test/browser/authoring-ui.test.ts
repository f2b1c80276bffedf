/**
 * The app's locations inside the dev host, against the sandbox: the real app SDK talks post-robot to the host
 * page, CMA calls travel through the host proxy, and the results are checked in the sandbox directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startStack } from './harness';
import type { Stack } from './harness';

const PROMO = 'promo_banner';
const FREE_SHIPPING = 'blt2f7a4c8e1d6b9053';
const LOYALTY_GROUP = 'Loyalty members';
const MEMBERS_VARIANT = 'cs8a2d5f1c7e4b9036';

let stack: Stack;
let browser: { context: BrowserContext; close(): Promise<void> };
const seenBodies: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // Everything any page receives, to prove no credential ever reaches the browser.
  browser.context.on('response', (response) => {
    void response.text().then(
      (text) => seenBodies.push(text),
      () => undefined,
    );
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openLocation(query: Record<string, string>): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${stack.hostUrl}/?${new URLSearchParams({ ...query, open: '1' }).toString()}`);
  await page.waitForSelector('body[data-ready]');
  const ready = await page.locator('body').getAttribute('data-ready');
  if (ready !== 'true') throw new Error(`dev host did not start: ${await page.locator('#log').innerText()}`);
  return page;
}

describe('authoring UI in the dev host', () => {
  it('writes an entry variant from the sidebar and warns when the base entry is saved under it', async () => {
    const page = await openLocation({ location: 'sidebar', entry: `${PROMO}/${FREE_SHIPPING}/en-us` });
    const app = page.frameLocator('#app-frame');
    await app.getByRole('heading', { name: 'Personalize variants' }).waitFor();
    const group = app.getByRole('article', { name: LOYALTY_GROUP });
    await group.getByText('Made in the CMS').waitFor();

    // The seed already overrides `message` for Members; add `title` to the same entry variant.
    await group.getByText('Entry variant (1 field)').waitFor();
    await group.getByRole('button', { name: 'Edit Members' }).click();
    await expect
      .poll(() => app.getByLabel('Message', { exact: true }).inputValue())
      .toBe('Members: free express shipping on every order');
    await app.getByLabel('Override another field').selectOption({ label: 'Title' });
    await app.getByRole('button', { name: 'Add', exact: true }).click();
    await app.getByLabel('Title', { exact: true }).fill('Members ship free, always');
    await expect.poll(() => app.getByLabel('variant value of title').textContent()).toBe('"Members ship free, always"');
    await app.getByRole('button', { name: 'Save entry variant' }).click();
    await app.getByText('Entry variant updated successfully.').waitFor();

    const stored = await stack.cma(
      `/content_types/${PROMO}/entries/${FREE_SHIPPING}/variants/${MEMBERS_VARIANT}?locale=en-us`,
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      entry: {
        title: 'Members ship free, always',
        message: 'Members: free express shipping on every order',
        _variant: { _change_set: ['message', 'title'] },
      },
    });

    const publish = app.getByRole('group', { name: 'Publish this variant' });
    // venus' Checkbox: its box covers the invisible input; `force` skips the hit check, check() verifies the state.
    await publish.getByLabel('production').check({ force: true });
    await publish.getByRole('button', { name: 'Publish to production' }).click();
    await publish.getByText('The requested action has been performed.').waitFor();

    // The editor saves the base entry with a new title: the variant overrides it, so the sidebar says so.
    await app.getByRole('button', { name: 'Close' }).click();
    const draft = JSON.parse(await page.locator('#draft').inputValue()) as Record<string, unknown>;
    await page.locator('#draft').fill(JSON.stringify({ ...draft, title: 'Free shipping over 50' }));
    await page.getByRole('button', { name: 'Fire entrySave' }).click();
    await app.getByText(/The saved base entry changed title, which this variant overrides/).waitFor();
    await page.close();
  });

  it('saves the configuration through the SDK, with the HMAC secret only in serverConfiguration', async () => {
    const page = await openLocation({ location: 'config' });
    const app = page.frameLocator('#app-frame');
    await app.getByRole('heading', { name: 'Personalize Bridge configuration' }).waitFor();
    await expect.poll(() => app.getByRole('textbox', { name: 'Server URL' }).inputValue()).toBe(stack.serverUrl);

    const secret = 's'.repeat(48);
    await app.getByLabel(/HMAC secret/).fill(secret);
    await expect.poll(() => page.locator('#validity').textContent()).toBe('valid');
    await expect
      .poll(async () => {
        const list = (await (await fetch(`${stack.sandboxUrl}/_sandbox/installations`)).json()) as {
          installations: { uid: string }[];
        };
        const uid = list.installations[0]?.uid ?? '';
        const data = (await (
          await fetch(`${stack.sandboxUrl}/apps-api/installations/${uid}/installationData`, {
            headers: { authtoken: stack.credentials.authtoken },
          })
        ).json()) as {
          data: { configuration: Record<string, unknown>; server_configuration: Record<string, unknown> };
        };
        return data.data;
      })
      .toMatchObject({
        server_configuration: { webhook_hmac_secret: secret },
        configuration: { server_url: stack.serverUrl },
      });

    await app.getByLabel(/HMAC secret/).fill('too short');
    await expect
      .poll(() => page.locator('#validity').textContent())
      .toBe('invalid: The HMAC secret needs at least 32 characters (or leave it empty).');

    await app.getByRole('button', { name: 'Test connection' }).click();
    await app.getByText(/Server not reachable/).waitFor();
    await page.close();
  });

  it('never hands a Contentstack credential to the browser', () => {
    expect(seenBodies.length).toBeGreaterThan(10);
    for (const secret of [stack.credentials.management_token, stack.credentials.authtoken]) {
      expect(seenBodies.filter((body) => body.includes(secret))).toEqual([]);
    }
  });
});
