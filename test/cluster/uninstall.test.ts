// A marketplace installation's whole life on a real 3-master Redis Cluster: the real install flow (signed webhook and
// OAuth callback), the mirror guarding an experience and the assignments engine publishing its table, the edge API
// storing a visitor's attributes and counting an impression — then the uninstall, whose purge job must find every key
// of the stack and its project on whichever master holds it. On the way, the keys this app writes are checked for
// their hash tags, and shown to live on more than one master.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentKeys } from '@pb/server/assignments/keys';
import { QUEUES } from '@pb/server/queue/names';
import { eventually } from '../support/eventually';
import { startInstalledApp, type InstalledApp } from '../support/installed-app';
import { keysUnder } from '../support/redis';
import { allKeys, keysMentioning } from '../support/redis-scan';
import { sandboxJson } from '../support/sandbox-http';

let app: InstalledApp;
let apiKey = '';
let projectUid = '';
let installationUid = '';

beforeAll(async () => {
  app = await startInstalledApp();
  if (!(app.redis instanceof Cluster))
    throw new Error('the cluster suite needs REDIS_CLUSTER_NODES (npm test sets it)');
  apiKey = app.credentials.api_key;
  projectUid = app.credentials.personalize_project_uid;
});
afterAll(async () => {
  await app.stop();
});

/** Every key of the app that names the stack, the project or the installation, in its name or its content. */
const keysMentioningTheInstallation = () =>
  keysMentioning(app.redis, app.prefix, [apiKey, projectUid, installationUid]);

describe('an installation on a Redis Cluster', () => {
  it('installs, mirrors, publishes its table and serves the edge API, with every key hash-tagged', async () => {
    const experience = await app.personalize.createAbTest('Cluster hero');
    await app.personalize.writeVersion(experience.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    const answer = await app.install(apiKey);
    installationUid = answer.installationUid;
    expect(answer.callback.status).toBe(200);
    await app.installWebhookApplied(apiKey, installationUid);
    // The mirror guards the experience, and the recompute worker publishes the project's table with it.
    const pointer = assignmentKeys(app.prefix).pointer(projectUid);
    await eventually(async () => ((await app.redis.get(pointer)) === null ? undefined : true), 30_000, 'a table');
    const manifest = await eventually(
      async () => {
        const response = await fetch(`${app.server.url}/edge/manifest`, {
          headers: { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': 'visitor-1' },
        });
        const body = (await response.json()) as { experiences?: { shortUid: string }[] };
        return body.experiences?.some((e) => e.shortUid === experience.shortUid) === true ? body : undefined;
      },
      30_000,
      'the experience in the manifest',
    );
    expect(manifest.experiences?.length).toBeGreaterThan(0);
    const stored = await fetch(`${app.server.url}/edge/user-attributes`, {
      method: 'PATCH',
      headers: { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': 'visitor-1' },
      body: JSON.stringify({ tier: 'gold' }),
    });
    expect(stored.status).toBeLessThan(300);

    const keys = await allKeys(app.redis, app.prefix);
    const untagged = keys.filter((key) => !/^[^{]*\{[^}]+\}/.test(key));
    expect(untagged).toEqual([]);
    // The cluster spreads them: the keys live on more than one master.
    const cluster = app.redis;
    if (!(cluster instanceof Cluster)) throw new Error('not a cluster');
    const masters = new Set<string>();
    for (const node of cluster.nodes('master')) {
      for await (const found of keysUnder(node, app.prefix))
        if (found.length > 0) masters.add(String(node.options.port));
    }
    expect(masters.size).toBeGreaterThan(1);
  });

  it('purges every key of the stack and its project from every master after the uninstall', async () => {
    expect((await keysMentioningTheInstallation()).length).toBeGreaterThan(0);
    const answer = await sandboxJson(`${app.sandbox.url}/_sandbox/installations/${installationUid}`, {
      method: 'DELETE',
    });
    expect(answer.status).toBe(200);
    await eventually(
      async () => ((await app.server.runtime.installations.store.status(apiKey)) === undefined ? true : undefined),
      10_000,
      'the uninstall webhook',
    );
    await eventually(
      async () => {
        const counts = await app.server.runtime.queues.queue(QUEUES.purge).getJobCounts('waiting', 'active', 'delayed');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      30_000,
      'the purge to finish',
    );
    expect(await keysMentioningTheInstallation()).toEqual([]);
  });
});
