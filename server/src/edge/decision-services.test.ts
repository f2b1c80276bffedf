import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Installation } from '../installations';
import { createDecisionServices } from './decision-services';

// Never connected: the project check reads only the installation directory.
const redis = new Redis({ lazyConnect: true });
afterAll(() => redis.disconnect());

const installation = (projectUid: string): Installation => ({
  stackApiKey: `stack-${projectUid}`,
  organizationUid: 'org',
  projectUid,
  auth: { kind: 'app-token', accessToken: 't' },
});

describe('the edge API’s installed-project check', () => {
  it('lists the installations at most once per few seconds, however many unknown projects are asked for', async () => {
    let listed = 0;
    const services = createDecisionServices(redis, {
      prefix: 'p',
      installations: {
        list: () => {
          listed += 1;
          return Promise.resolve([installation('proj-a')]);
        },
        forStack: () => Promise.resolve(undefined),
      },
    });
    const answers = await Promise.all(
      ['proj-a', 'nope-1', 'nope-2', 'proj-a', 'nope-3'].map((p) => services.edgeDeps.knownProject(p)),
    );
    expect(answers).toEqual([true, false, false, true, false]);
    expect(listed).toBe(1);
  });

  it('asks again after a failed listing instead of keeping the failure', async () => {
    let calls = 0;
    const services = createDecisionServices(redis, {
      prefix: 'p',
      installations: {
        list: () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error('redis down')) : Promise.resolve([installation('proj-b')]);
        },
        forStack: () => Promise.resolve(undefined),
      },
    });
    await expect(services.edgeDeps.knownProject('proj-b')).rejects.toThrow('redis down');
    expect(await services.edgeDeps.knownProject('proj-b')).toBe(true);
  });
});
