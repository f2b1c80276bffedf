import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BridgePort } from '../bridge/bridge-port';
import type { InstallationData } from '../sdk/app-sdk';
import { fakeBridge } from '../test-support/fake-bridge';
import { fakeCma } from '../test-support/fake-cma';
import { fakeSdk } from '../test-support/fake-sdk';
import { renderLocation } from '../test-support/render';
import ConfigLocation from './config-screen';

const SECRET = 'x'.repeat(40);

/** Picks an option in venus' Select as an author does: open it, click the option. */
async function choose(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(screen.getByRole('textbox', { name: label }));
  await user.click(await screen.findByText(option));
}

function setup(options: { installation?: InstallationData; bridge?: BridgePort } = {}) {
  const sdk = fakeSdk({ location: 'config', ...(options.installation ? { installation: options.installation } : {}) });
  const cma = fakeCma({
    groups: [],
    base: {},
    contentTypes: [
      { uid: 'promo', title: 'Promo' },
      { uid: 'page', title: 'Page' },
    ],
  });
  const bridge = options.bridge ?? fakeBridge({});
  renderLocation(<ConfigLocation />, { sdk, cma, bridge });
  return { sdk, cma, user: userEvent.setup() };
}

describe('app configuration', () => {
  it('renders the venus components it imports and reports an empty installation as invalid', async () => {
    const { sdk } = setup();
    expect(await screen.findByRole('heading', { name: 'Personalize Bridge configuration' })).toBeTruthy();
    expect(screen.getByText(/Connects this stack to a Personalize project/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Server URL' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeTruthy();
    await waitFor(() =>
      expect(sdk.validity.at(-1)).toEqual({ isValid: false, message: 'Pick a Personalize project.' }),
    );
    expect(sdk.saved).toEqual([]);
  });

  it('saves a valid configuration with the HMAC secret only in serverConfiguration', async () => {
    const { sdk, user } = setup();
    await user.type(await screen.findByLabelText(/Server URL/), 'http://127.0.0.1:4000');
    await user.type(screen.getByLabelText('Personalize project'), 'proj_1');
    await choose(user, 'Region', 'EU');
    expect(screen.queryByText('When a variant is removed from its experience')).toBeNull();
    expect(screen.getByText('Keep its variant group and report it')).toBeTruthy();
    await choose(user, 'When an experience is deleted', 'Also unlink its content types');
    await user.click(await screen.findByRole('checkbox', { name: 'Promo' }));
    await user.type(screen.getByLabelText(/HMAC secret/), SECRET);

    await waitFor(() => expect(sdk.validity.at(-1)).toEqual({ isValid: true, message: undefined }));
    expect(sdk.saved.at(-1)).toEqual({
      configuration: {
        personalize_project_uid: 'proj_1',
        region: 'EU',
        server_url: 'http://127.0.0.1:4000',
        mirror: { deleted_experience: 'unlink-content-types', auto_link_content_types: ['promo'] },
      },
      serverConfiguration: { webhook_hmac_secret: SECRET },
    });
    expect(JSON.stringify(sdk.saved.map((s) => s.configuration))).not.toContain(SECRET);
    // Typing ~90 characters through venus' inputs, each one a round of validation, outlasts the default 5 s here.
  }, 20_000);

  it.each([
    ['unlink', 'keep', 'Keep its variant group and report it'],
    ['delete', 'unlink-content-types', 'Also unlink its content types'],
  ])(
    'reads an older saved policy “%s” as “%s” and saves the new shape without removed_variants',
    async (old, now, label) => {
      const { sdk, user } = setup({
        installation: {
          configuration: {
            personalize_project_uid: 'p',
            region: 'NA',
            server_url: 'http://s',
            mirror: { removed_variants: 'delete-unused', deleted_experience: old, auto_link_content_types: ['promo'] },
          },
          serverConfiguration: {},
        },
      });
      await screen.findByRole('textbox', { name: 'When an experience is deleted' });
      expect(screen.getByText(label)).toBeTruthy();
      await waitFor(() => expect(sdk.validity.at(-1)?.isValid).toBe(true));
      await user.click(await screen.findByRole('checkbox', { name: 'Promo' }));
      await waitFor(() =>
        expect(sdk.saved.at(-1)?.configuration.mirror).toEqual({
          deleted_experience: now,
          auto_link_content_types: [],
        }),
      );
    },
  );

  it('names the failing field: a short secret or a bad URL makes the configuration invalid', async () => {
    const { sdk, user } = setup({
      installation: {
        configuration: { personalize_project_uid: 'p', region: 'NA', server_url: 'http://s' },
        serverConfiguration: {},
      },
    });
    await waitFor(() => expect(sdk.validity.at(-1)?.isValid).toBe(true));
    await user.type(screen.getByLabelText(/HMAC secret/), 'short');
    await waitFor(() =>
      expect(sdk.validity.at(-1)).toEqual({
        isValid: false,
        message: 'The HMAC secret needs at least 32 characters (or leave it empty).',
      }),
    );
    const url = screen.getByLabelText(/Server URL/);
    await user.clear(url);
    await user.type(url, 'ftp://nope');
    expect(await screen.findByText('The server URL must start with http:// or https://.')).toBeTruthy();
  });

  it('loads the saved configuration and picks the project from the list the API returns', async () => {
    const bridge = fakeBridge({
      projects: [
        { uid: 'proj_a', name: 'Main site' },
        { uid: 'proj_b', name: 'Shop' },
      ],
    });
    const { sdk, user } = setup({
      installation: {
        configuration: {
          personalize_project_uid: '',
          region: 'AU',
          server_url: 'http://srv',
          mirror: { auto_link_content_types: ['page'] },
        },
        serverConfiguration: { webhook_hmac_secret: SECRET },
      },
      bridge,
    });
    await screen.findByRole('textbox', { name: 'Region' });
    expect(screen.getByText('AU')).toBeTruthy();
    expect((await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Page' })).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Load projects' }));
    await waitFor(() => expect(screen.getByText('Choose a project…')).toBeTruthy());
    await choose(user, 'Personalize project', 'Shop (proj_b)');
    await waitFor(() => expect(sdk.saved.at(-1)?.configuration.personalize_project_uid).toBe('proj_b'));
    expect(bridge.projectRequests).toEqual([{ serverUrl: 'http://srv', region: 'AU' }]);
  });

  it("shows the server's reason when projects cannot be listed, and the test-connection result", async () => {
    const { user } = setup({
      installation: { configuration: { server_url: 'http://srv' }, serverConfiguration: {} },
      bridge: fakeBridge({
        projects: { reason: 'Personalize refused the token (401).' },
        connection: {
          serverReachable: true,
          sessionOk: false,
          message: 'Server reachable, but no session: app token expired.',
        },
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Load projects' }));
    expect(await screen.findByText('Personalize refused the token (401).')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Server reachable, but no session: app token expired.')).toBeTruthy();
  });
});
