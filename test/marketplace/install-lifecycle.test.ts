// The marketplace lifecycle end to end: install through the platform's real flow, work with the app tokens it
// granted, refresh them before they expire, follow configuration updates, uninstall (everything removed, events
// refused) and reinstall (nothing of the first installation visible).
import { Queue } from 'bullmq';
import { createInstallation } from '@pb/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentsSchedulerId } from '@pb/server/assignments/jobs';
import { QUEUES, queuePrefix } from '@pb/server/queue/names';
import { eventually, sleep } from '../support/eventually';
import { allKeys, keysMentioning } from '../support/redis-scan';
import { startInstalledApp, type InstalledApp } from '../support/installed-app';
import { sandboxJson } from '../support/sandbox-http';
import { mirrorKeys } from '@pb/server/mirror/keys';
import { deadLettersKey } from '@pb/server/queue/dead-letters';
import { installationKeys } from '@pb/server/install/installation-records';

let app: InstalledApp;
let offsetMs = 0;
let apiKey: string;
let projectUid: string;
let first: { installationUid: string };

interface Group {
  uid: string;
  name: string;
  variants?: { uid: string; name: string }[];
  content_types: { uid: string; status?: string }[];
}

/** The stack's groups, as a person reads them; the workers share the organization's rate limit, so 429s are waited out. */
async function groups(): Promise<Group[]> {
  for (;;) {
    const answer = await sandboxJson<{ variant_groups?: Group[] }>(
      `${app.sandbox.url}/v3/variant_groups?include_variant_info=true`,
      { headers: { authtoken: app.credentials.authtoken, api_key: apiKey } },
    );
    if (answer.status === 429) {
      await sleep(1100);
      continue;
    }
    if (answer.body.variant_groups === undefined) throw new Error(`GET /variant_groups answered ${answer.status}`);
    return answer.body.variant_groups;
  }
}

async function tokenRequests(since: number): Promise<number> {
  const log = await sandboxJson<{ requests: { method: string; path: string }[] }>(
    `${app.sandbox.url}/_sandbox/requests?since=${since}`,
  );
  return log.body.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/apps-api/token')).length;
}

async function purgeDone(): Promise<void> {
  await eventually(
    async () => {
      const counts = await app.server.runtime.queues.queue(QUEUES.purge).getJobCounts('waiting', 'active', 'delayed');
      return (counts['waiting'] ?? 0) + (counts['active'] ?? 0) + (counts['delayed'] ?? 0) === 0 ? true : undefined;
    },
    30_000,
    'the purge to finish',
  );
}

/** One CMS event of the stack, delivered by the sandbox to every webhook target registered for it. */
async function emitContentTypeUpdate(stackApiKey: string): Promise<void> {
  const emitted = await sandboxJson(`${app.sandbox.url}/_sandbox/webhook-events`, {
    method: 'POST',
    body: JSON.stringify({
      api_key: stackApiKey,
      module: 'content_type',
      event: 'update',
      data: { content_type: { uid: 'promo_banner', title: 'Promo banner' } },
    }),
  });
  expect(emitted.status).toBeLessThan(300);
}

async function queuedEvents(): Promise<number> {
  const counts = await app.server.runtime.queues
    .queue(QUEUES.events)
    .getJobCounts('waiting', 'active', 'delayed', 'completed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  app = await startInstalledApp({ now: () => Date.now() + offsetMs });
  apiKey = app.credentials.api_key;
  projectUid = app.credentials.personalize_project_uid;
});

afterAll(async () => {
  await app.stop();
});

describe('install', () => {
  it('refuses events of the stack before it is installed, and queues nothing', async () => {
    // Running before anyone listens for the stack's webhooks: no delivery of it will ever arrive.
    const quiet = await app.personalize.createAbTest('Already running');
    await app.personalize.writeVersion(quiet.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    const emitted = await sandboxJson(`${app.sandbox.url}/_sandbox/webhook-targets`, {
      method: 'POST',
      body: JSON.stringify({ api_key: apiKey, url: `${app.server.url}/webhooks/contentstack` }),
    });
    expect(emitted.status).toBe(201);
    // Contentstack sends no experience webhooks: a CMS event of the stack is what arrives before the install.
    await emitContentTypeUpdate(apiKey);
    await eventually(
      async () => {
        const deliveries = await sandboxJson<{ deliveries: { module: string; attempts: { status?: number }[] }[] }>(
          `${app.sandbox.url}/_sandbox/webhook-deliveries?api_key=${apiKey}&module=content_type`,
        );
        const statuses = deliveries.body.deliveries.flatMap((d) => d.attempts.map((a) => a.status));
        return statuses.length > 0 ? statuses : undefined;
      },
      10_000,
      'a content-type delivery',
    ).then((statuses) => expect(new Set(statuses)).toEqual(new Set([403])));
    const counts = await app.server.runtime.queues
      .queue(QUEUES.mirror)
      .getJobCounts('waiting', 'active', 'delayed', 'completed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await queuedEvents()).toBe(0);
  });

  it("refuses another app's lifecycle event: a misrouted install webhook creates no installation", async () => {
    const contoso = app.credentials.stacks.find((s) => s.api_key !== apiKey)?.api_key ?? '';
    await sandboxJson(`${app.sandbox.url}/_sandbox/webhook-targets`, {
      method: 'POST',
      body: JSON.stringify({ api_key: contoso, url: `${app.server.url}/webhooks/contentstack` }),
    });
    const app_installation = {
      app_uid: 'app_someone_else',
      installation_uid: 'inst_other_app',
      organization_uid: 'org_other',
      target: { type: 'stack', uid: contoso },
    };
    await sandboxJson(`${app.sandbox.url}/_sandbox/webhook-events`, {
      method: 'POST',
      body: JSON.stringify({
        api_key: contoso,
        module: 'app_installation',
        event: 'install',
        data: { app_installation },
      }),
    });
    const statuses = await eventually(
      async () => {
        const answer = await sandboxJson<{ deliveries: { attempts: { status?: number }[] }[] }>(
          `${app.sandbox.url}/_sandbox/webhook-deliveries?api_key=${contoso}&module=app_installation`,
        );
        const all = answer.body.deliveries.flatMap((d) => d.attempts.map((a) => a.status));
        return all.length > 0 ? all : undefined;
      },
      10_000,
      'the misrouted delivery',
    );
    expect(statuses[0]).toBe(400);
    expect(await app.server.runtime.installations.store.status(contoso)).toBeUndefined();
  });

  it('exchanges the code at the callback, names the stack and its project, and stores no token in the clear', async () => {
    const answer = await app.install(apiKey);
    first = answer;
    expect(answer.callback).toEqual({
      status: 200,
      body: {
        status: 'installed',
        stack_api_key: apiKey,
        installation_uid: answer.installationUid,
        personalize_project_uid: projectUid,
      },
    });
    await app.installWebhookApplied(apiKey, answer.installationUid);
    const view = await app.server.runtime.installations.store.view(apiKey);
    expect(view).toMatchObject({
      status: 'active',
      organizationUid: app.credentials.organization_uid,
      projectUid,
      region: 'NA',
    });
    // The sandbox's app tokens start with cs_at_ / cs_rt_: no key of ours may hold one readably.
    expect(await keysMentioning(app.redis, app.prefix, ['cs_at_', 'cs_rt_'])).toEqual([]);
  });

  it('syncs what already ran before the install: an experience no webhook ever announced is mirrored', async () => {
    const group = await eventually(
      async () => (await groups()).find((g) => g.name === 'Already running' && g.variants?.length === 2),
      30_000,
      'the first sync after the install',
    );
    expect(group.variants?.map((v) => v.name).sort()).toEqual(['A', 'B']);
  });

  it('refuses a replayed code: the browser reloading the callback does not install twice', async () => {
    const { code } = await createInstallation(app.sandbox.url, apiKey);
    const url = `${app.server.url}/oauth/callback?code=${code}&installation_uid=${first.installationUid}`;
    expect((await sandboxJson(url)).status).toBe(200);
    expect(await sandboxJson(url)).toEqual({
      status: 400,
      body: { error: 'authorization-failed', reason: 'invalid-grant' },
    });
    expect((await sandboxJson(`${app.server.url}/oauth/callback?installation_uid=x`)).status).toBe(400);
  });

  it("guards the stack with its app token: the group Personalize's sync makes is found and recorded as synced", async () => {
    const experience = await app.personalize.createAbTest('Installed hero');
    await app.personalize.writeVersion(experience.uid, [{ name: 'Calm' }, { name: 'Bold' }], 'ACTIVE');
    const group = await eventually(
      async () => (await groups()).find((g) => g.name === 'Installed hero' && g.variants?.length === 2),
      30_000,
      'the group Personalize makes',
    );
    expect(group.variants?.map((v) => v.name).sort()).toEqual(['Bold', 'Calm']);
    // The app found it through the Personalize and CMA APIs with the installation's app token.
    const record = await eventually(
      async () => {
        const raw = await app.redis.hget(mirrorKeys(app.prefix).sync(projectUid), experience.uid);
        const parsed = raw === null ? null : (JSON.parse(raw) as { state: string; groupUid?: string });
        return parsed?.state === 'synced' ? parsed : undefined;
      },
      30_000,
      'the sync record',
    );
    expect(record.groupUid).toBe(group.uid);
  });

  it('follows configuration updates from the platform', async () => {
    const updated = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${first.installationUid}`, {
      method: 'PUT',
      body: JSON.stringify({ configuration: { theme: 'dark' }, server_configuration: { note: 'kept sealed' } }),
    });
    expect(updated.status).toBe(200);
    await eventually(
      async () => {
        const view = await app.server.runtime.installations.store.view(apiKey);
        return view?.configuration['theme'] === 'dark' ? view : undefined;
      },
      10_000,
      'the update webhook',
    ).then((view) => expect(view.serverConfiguration).toEqual({ note: 'kept sealed' }));
    expect(await keysMentioning(app.redis, app.prefix, ['kept sealed'])).toEqual([]);
  });

  it("applies the admin's policy: with 'unlink-content-types', a deleted experience's group is kept and unlinked", async () => {
    const configured = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${first.installationUid}`, {
      method: 'PUT',
      body: JSON.stringify({
        configuration: {
          theme: 'dark',
          mirror: { deleted_experience: 'unlink-content-types', auto_link_content_types: ['home_hero'] },
        },
      }),
    });
    expect(configured.status).toBe(200);
    await eventually(
      async () =>
        (await app.server.runtime.installations.directory.forStack(apiKey))?.mirrorPolicy?.deletedExperience ===
        'unlink-content-types'
          ? true
          : undefined,
      10_000,
      'the policy update',
    );
    const experience = await app.personalize.createAbTest('Short-lived');
    await app.personalize.writeVersion(experience.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    // The app links the auto-linked content type with the installation's app token…
    await eventually(
      async () => {
        const group = (await groups()).find((g) => g.name === 'Short-lived');
        return group?.content_types.some((c) => c.uid === 'home_hero' && c.status === 'linked') === true
          ? true
          : undefined;
      },
      30_000,
      'its group linked',
    );
    await app.personalize.call('DELETE', `/experiences/${experience.uid}`);
    // …and unlinks it once the experience is deleted; Personalize leaves the group, and so does the app.
    const kept = await eventually(
      async () => {
        const group = (await groups()).find((g) => g.name === 'Short-lived');
        return group !== undefined && !group.content_types.some((c) => c.status !== 'unlinked') ? group : undefined;
      },
      30_000,
      'the group kept, its content types unlinked',
    );
    // The CMA may list an unlinked content type with `status: "unlinked"` or leave it out: either way, not linked.
    expect(kept.content_types.filter((c) => c.uid === 'home_hero' && c.status === 'linked')).toEqual([]);
  });

  it('links every group to the auto-link content types, and a sweep afterwards finds nothing to redo', async () => {
    const configured = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${first.installationUid}`, {
      method: 'PUT',
      body: JSON.stringify({
        configuration: {
          theme: 'dark',
          mirror: {
            deleted_experience: 'unlink-content-types',
            auto_link_content_types: ['promo_banner', 'retired_type'],
          },
        },
      }),
    });
    expect(configured.status).toBe(200);
    await eventually(
      async () =>
        (await app.server.runtime.installations.directory.forStack(apiKey))?.autoLinkContentTypes?.includes(
          'promo_banner',
        )
          ? true
          : undefined,
      10_000,
      'the auto-link update',
    );
    const experience = await app.personalize.createAbTest('Linked banner');
    await app.personalize.writeVersion(experience.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    const linked = await eventually(
      async () => {
        const group = (await groups()).find((g) => g.name === 'Linked banner');
        return group?.content_types.some((ct) => ct.uid === 'promo_banner') === true ? group : undefined;
      },
      30_000,
      'the group linked to promo_banner',
    );
    expect(linked.content_types.map((ct) => ct.uid)).toContain('promo_banner');
    // The next sweep re-mirrors the stack's other experiences, whose view changed with the list: every group gets
    // linked. A sweep after that finds nothing to redo, because it reads experiences through the same auto-link view
    // as the mirror and their fingerprints agree.
    const mirror = app.server.runtime.queues.queue(QUEUES.mirror);
    const settle = async (what: string) => {
      const sweepQueue = app.server.runtime.queues.queue(QUEUES.sweep);
      const sweepId = await app.server.runtime.queues.enqueueStackSweep(apiKey);
      await eventually(
        async () => {
          // This sweep is done when it has left its queue (removed on completion). While it waits for a retry (the
          // organization's shared rate limit can refuse it) it is delayed, and counts as not done.
          const state = await sweepQueue.getJobState(sweepId);
          if (state === 'failed' || state === 'delayed') {
            // Kept as the last observation, so a timeout says why the sweep did not finish.
            const reason = (await sweepQueue.getJob(sweepId))?.failedReason ?? '';
            throw new Error(`the sweep ${sweepId} is ${state}: ${reason}`);
          }
          const mirrors = await mirror.getJobCounts('waiting', 'active', 'delayed');
          return state === 'unknown' && Object.values(mirrors).every((n) => n === 0) ? true : undefined;
        },
        60_000,
        what,
      );
      return (await mirror.getJobCounts('completed'))['completed'] ?? 0;
    };
    const afterFirst = await settle('the sweep after the configuration change');
    // Every group but the deleted experience's ('Short-lived', whose content types the policy unlinked).
    const unlinked = (await groups()).filter(
      (g) => g.name !== 'Short-lived' && !g.content_types.some((ct) => ct.uid === 'promo_banner'),
    );
    expect(unlinked.map((g) => g.name)).toEqual([]);
    expect(await settle('a second sweep')).toBe(afterFirst);
    // The listed content type the stack does not have was left out instead of failing every mirror.
    expect(await app.redis.hlen(deadLettersKey(app.prefix))).toBe(0);
  });

  it("verifies the stack's webhooks with its organization's HMAC secret once the admin configures it", async () => {
    const secret = 'northwind-org-webhook-hmac-0123456789abcdef';
    const gate = app.server.runtime.installations.gate;
    const sign = (hmac: string | undefined) =>
      sandboxJson(`${app.sandbox.url}/_sandbox/webhook-targets`, {
        method: 'POST',
        body: JSON.stringify({
          api_key: apiKey,
          url: `${app.server.url}/webhooks/contentstack`,
          ...(hmac === undefined ? {} : { hmac_secret: hmac }),
        }),
      });
    const configure = async (serverConfiguration: Record<string, string>, applied: string | undefined) => {
      const updated = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${first.installationUid}`, {
        method: 'PUT',
        body: JSON.stringify({ server_configuration: serverConfiguration }),
      });
      expect(updated.status).toBe(200);
      await eventually(
        async () => {
          const admission = await gate.admission(apiKey);
          return admission.accepted && admission.hmacSecret === applied ? true : undefined;
        },
        10_000,
        'the server configuration update',
      );
    };
    /** The status our server answered to one content-type event of the stack, as the platform recorded it. */
    const answerTo = async () => {
      const deliveries = async () =>
        (
          await sandboxJson<{ deliveries: { attempts: { status?: number }[] }[] }>(
            `${app.sandbox.url}/_sandbox/webhook-deliveries?api_key=${apiKey}&module=content_type`,
          )
        ).body.deliveries;
      const before = (await deliveries()).length;
      await sandboxJson(`${app.sandbox.url}/_sandbox/webhook-events`, {
        method: 'POST',
        body: JSON.stringify({
          api_key: apiKey,
          module: 'content_type',
          event: 'update',
          data: { content_type: { uid: 'promo_banner', title: 'Promo banner' } },
        }),
      });
      return eventually(async () => (await deliveries())[before]?.attempts[0]?.status, 10_000, 'the delivery');
    };

    await configure({ webhook_hmac_secret: secret }, secret);
    // Each Contentstack webhook signs one way, and app webhooks are signed with the certificate: a delivery without
    // the HMAC header is accepted on its RSA signature, so an admin cannot lock their own stack out.
    expect(await answerTo()).toBe(202); // no HMAC header
    await sign('another-organization-secret-0123456789');
    expect(await answerTo()).toBe(401); // signed with the wrong secret
    await sign(secret);
    expect(await answerTo()).toBe(202);
    // A lifecycle update is never refused for the secret it replaces: the admin can always correct a wrong one.
    await sign('another-organization-secret-0123456789');
    await configure({}, undefined);
    await sign(undefined);
    expect(await answerTo()).toBe(202);
  });

  it('records an upgrade of the app for the current installation', async () => {
    const before = await app.server.runtime.installations.store.view(apiKey);
    const upgraded = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${first.installationUid}/upgrade`, {
      method: 'POST',
    });
    expect(upgraded.status).toBe(200);
    const after = await eventually(
      async () => {
        const view = await app.server.runtime.installations.store.view(apiKey);
        return view !== undefined && view.updatedAt !== before?.updatedAt ? view : undefined;
      },
      10_000,
      'the upgrade webhook',
    );
    // An upgrade keeps the installation, its tokens and its configuration.
    expect(after).toMatchObject({ status: 'active', installationUid: first.installationUid, projectUid });
    expect(after.configuration).toEqual(before?.configuration);
  });
});

describe('app tokens', () => {
  it('are refreshed once, before they expire, even when many callers need one at the same time', async () => {
    const store = app.server.runtime.installations.store;
    const before = await store.forStack(apiKey);
    const since = Date.now();
    offsetMs = 55 * 60_000; // 5 minutes left: inside the 10-minute margin
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => store.forStack(apiKey)));
    offsetMs = 0;
    expect(await tokenRequests(since)).toBe(1);
    const tokens = new Set(concurrent.map((i) => (i?.auth.kind === 'app-token' ? i.auth.accessToken : '')));
    expect(tokens.size).toBe(1);
    expect(before?.auth).not.toEqual(concurrent[0]?.auth);
    // The refreshed token works: the CMA accepts it for this stack.
    const token = [...tokens][0] ?? '';
    const listed = await sandboxJson(`${app.sandbox.url}/v3/variant_groups`, {
      headers: {
        authorization: `Bearer ${token}`,
        api_key: apiKey,
        organization_uid: app.credentials.organization_uid,
      },
    });
    expect(listed.status).toBe(200);
    // And no refresh while the token is young.
    const later = Date.now();
    await store.forStack(apiKey);
    expect(await tokenRequests(later)).toBe(0);
  });
});

describe('uninstall and reinstall', () => {
  it('removes the tokens at once, purges every key of the installation and refuses the events of the stack', async () => {
    // Leave visitor data behind through the edge API, besides the mirror state and assignment table of the experience.
    const stored = await fetch(`${app.server.url}/edge/user-attributes`, {
      method: 'PATCH',
      headers: { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': 'visitor-1' },
      body: JSON.stringify({ tier: 'gold' }),
    });
    expect(stored.status).toBeLessThan(300);
    expect((await keysMentioning(app.redis, app.prefix, [projectUid])).length).toBeGreaterThan(0);
    // A sweep of the stack waiting for its retry names the stack too; the purge must take it as well.
    await app.server.runtime.queues.queue(QUEUES.sweep).add('sweep', { stackApiKey: apiKey }, { delay: 3_600_000 });

    await app.uninstall(first.installationUid);
    await eventually(
      async () => ((await app.server.runtime.installations.store.status(apiKey)) === undefined ? true : undefined),
      10_000,
      'the uninstall webhook',
    );
    expect(await app.server.runtime.installations.directory.forStack(apiKey)).toBeUndefined();
    await purgeDone();
    expect(await keysMentioning(app.redis, app.prefix, [apiKey, projectUid, first.installationUid])).toEqual([]);

    // An event of the uninstalled stack is refused and queues nothing.
    const since = Date.now();
    const queuedBefore = await queuedEvents();
    await emitContentTypeUpdate(apiKey);
    const deliveries = await eventually(
      async () => {
        const answer = await sandboxJson<{ deliveries: { triggered_at: string; attempts: { status?: number }[] }[] }>(
          `${app.sandbox.url}/_sandbox/webhook-deliveries?api_key=${apiKey}&module=content_type`,
        );
        const recent = answer.body.deliveries.filter((d) => Date.parse(d.triggered_at) >= since - 1000);
        return recent.length > 0 && recent.every((d) => d.attempts.length > 0) ? recent : undefined;
      },
      10_000,
      'the content-type delivery',
    );
    expect(deliveries.flatMap((d) => d.attempts.map((a) => a.status))).toContain(403);
    expect(await queuedEvents()).toBe(queuedBefore);
  });

  it('reinstalls as a new installation with none of the data of the first one', async () => {
    const second = await app.install(apiKey);
    expect(second.installationUid).not.toBe(first.installationUid);
    expect(second.callback.status).toBe(200);
    await app.installWebhookApplied(apiKey, second.installationUid);
    expect(await keysMentioning(app.redis, app.prefix, [first.installationUid])).toEqual([]);
    const installed = await app.server.runtime.installations.directory.forStack(apiKey);
    expect(installed?.installationUid).toBe(second.installationUid);
    expect(await allKeys(app.redis, app.prefix)).toContain(installationKeys(app.prefix).record(apiKey));
  });

  it("a reinstall that beats the previous installation's purge gets its mirror state and refresh schedule back", async () => {
    const fingerprints = mirrorKeys(app.prefix).fingerprints;
    const recompute = new Queue(QUEUES.recompute, {
      connection: app.redis,
      prefix: queuePrefix(app.prefix, QUEUES.recompute),
    });
    const mirroredState = async () => {
      const fields = Object.keys(await app.redis.hgetall(fingerprints)).filter((f) => f.startsWith(`${projectUid}/`));
      const schedule = await recompute.getJobScheduler(assignmentsSchedulerId(projectUid));
      return { fields, scheduled: schedule !== undefined && schedule !== null };
    };
    const purges = app.server.runtime.queues.queue(QUEUES.purge);
    const previous = (await app.server.runtime.installations.store.view(apiKey))?.installationUid ?? '';
    try {
      await purges.pause();
      await app.uninstall(previous);
      await eventually(
        async () => ((await app.server.runtime.installations.store.status(apiKey)) === undefined ? true : undefined),
        10_000,
        'the uninstall webhook',
      );
      const third = await app.install(apiKey);
      await app.installWebhookApplied(apiKey, third.installationUid);
      // Left by the ended installation: an experience it mirrored that is gone since. The purge must remove it.
      await app.redis.hset(fingerprints, `${projectUid}/exp_of_the_ended_installation`, 'stale');
      expect((await mirroredState()).scheduled).toBe(true);
    } finally {
      await purges.resume();
    }
    await purgeDone();
    // The purge ran (the ended installation's entry is gone), and the new installation is mirrored again: the
    // project's experiences have fingerprints and its assignments refresh is scheduled, although the purge removed
    // both. Without the sweep after the purge they would stay gone until the hourly sweep.
    const rebuilt = await eventually(
      async () => {
        const state = await mirroredState();
        return state.fields.length > 0 && state.scheduled ? state : undefined;
      },
      30_000,
      'the mirror state of the new installation',
    );
    expect(rebuilt.fields).not.toContain(`${projectUid}/exp_of_the_ended_installation`);
    expect(await keysMentioning(app.redis, app.prefix, [previous])).toEqual([]);
    await recompute.close();
  });
});
