// The seeded project made live for the edge checks: the segmented hero (EU visitors by country, a preset attribute;
// gold members by custom attributes) and the A/B shipping test (targeted at phones), activated in the sandbox's
// Personalize, plus the project's edge key (read the way the experiences page reads it: created on first read).
import { createRedisEdgeKeys } from '@pb/server/edge/edge-keys';
import { createSecretBox } from '@pb/server/install/secret-box';
import { edgeTableDocumentSchema, type EdgeTableDocument } from '@pb/shared';
import type { Engine } from './engine';
import { eventually } from './eventually';

export const HERO = '6650a1c0ffee0000000000c1';
export const SHIPPING = '6650a1c0ffee0000000000c2';

interface VersionBody {
  uid: string;
  status: string;
  variants: Record<string, unknown>[];
  targeting?: unknown;
  metrics?: unknown;
}

async function activate(engine: Engine, experienceUid: string): Promise<void> {
  const versions = await engine.personalize.call<VersionBody[]>('GET', `/experiences/${experienceUid}/versions`);
  const draft = versions.find((v) => v.status === 'DRAFT');
  if (draft === undefined) throw new Error(`no draft version to activate on ${experienceUid}`);
  await engine.personalize.call('PUT', `/experiences/${experienceUid}/versions/${draft.uid}`, {
    status: 'ACTIVE',
    variants: draft.variants,
    ...(draft.targeting === undefined ? {} : { targeting: draft.targeting }),
    ...(draft.metrics === undefined ? {} : { metrics: draft.metrics }),
  });
}

export function edgeKeysOf(engine: Engine) {
  return createRedisEdgeKeys(
    engine.redis,
    engine.config.QUEUE_PREFIX,
    createSecretBox(engine.config.installationSecretKeys),
  );
}

/** Activates both seeded experiences and waits until `GET /edge/table` publishes both; returns the key and table. */
export async function liveEdgeProject(engine: Engine): Promise<{ edgeKey: string; document: EdgeTableDocument }> {
  const projectUid = engine.credentials.personalize_project_uid;
  const edgeKey = await edgeKeysOf(engine).read(projectUid);
  await activate(engine, HERO);
  await activate(engine, SHIPPING);
  const document = await eventually(
    async () => {
      const response = await fetch(`${engine.http.url}/edge/table`, {
        headers: { authorization: `Bearer ${edgeKey}`, 'x-project-uid': projectUid },
      });
      if (!response.ok) throw new Error(`GET /edge/table: HTTP ${response.status} ${await response.text()}`);
      const parsed = edgeTableDocumentSchema.parse(await response.json());
      return parsed.table.experiences.length === 2 ? parsed : undefined;
    },
    60_000,
    'both experiences in the edge table',
  );
  return { edgeKey, document };
}
