import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import type { Installation, InstallationDirectory } from '../installations';
import { currentInstallation, sessionAuthorizer } from './require-session';
import { createSessionIssuer } from './session';

const installed: Installation = {
  stackApiKey: 'blt_north',
  organizationUid: 'org_north',
  projectUid: 'proj_north',
  installationUid: 'inst_2',
  auth: { kind: 'app-token', accessToken: 'at' },
};
const operatorStack: Installation = {
  stackApiKey: 'blt_env',
  organizationUid: 'org_env',
  projectUid: 'proj_env',
  auth: { kind: 'authtoken', authtoken: 'tok' },
};
const directory: InstallationDirectory = {
  list: () => Promise.resolve([installed, operatorStack]),
  forStack: (apiKey) => Promise.resolve([installed, operatorStack].find((i) => i.stackApiKey === apiKey)),
};
const claims = { stackApiKey: 'blt_north', organizationUid: 'org_north', installationUid: 'inst_2' };

describe('the session’s installation must be the stack’s current one', () => {
  it.each([
    ['the current installation', claims, { ok: true, installation: installed }],
    [
      'an installation replaced by a reinstall',
      { ...claims, installationUid: 'inst_1' },
      { ok: false, reason: 'installation-not-current' },
    ],
    [
      'a stack that is not installed',
      { ...claims, stackApiKey: 'blt_gone' },
      { ok: false, reason: 'stack-not-installed' },
    ],
    [
      'the stack under another organization',
      { ...claims, organizationUid: 'org_x' },
      { ok: false, reason: 'stack-not-installed' },
    ],
    [
      'the operator-configured stack (no installation owns it)',
      { stackApiKey: 'blt_env', organizationUid: 'org_env', installationUid: 'any' },
      { ok: true, installation: operatorStack },
    ],
  ])('%s', async (_name, given, expected) => {
    expect(await currentInstallation(directory, given)).toEqual(expected);
  });

  it('makes the results API’s caller nobody once the installation was replaced', async () => {
    const sessions = createSessionIssuer({ secret: 'x'.repeat(32), ttlSeconds: 60 });
    const tokenFor = async (installationUid: string) =>
      (
        await sessions.issue({
          stack_api_key: 'blt_north',
          organization_uid: 'org_north',
          installation_uid: installationUid,
          app_uid: 'app',
          user_uid: 'u1',
        })
      ).token;
    const authorize = sessionAuthorizer(sessions, directory);
    const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as Request;
    expect(await authorize(request(await tokenFor('inst_2')))).toEqual({
      stackApiKey: 'blt_north',
      projectUid: 'proj_north',
    });
    expect(await authorize(request(await tokenFor('inst_1')))).toBeNull();
  });
});
