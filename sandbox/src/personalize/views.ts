/** What the API answers for each record: camelCase, internal bookkeeping left out. */
import type { Attribute, Audience, Experience, PersonalizeEvent, Project, Version } from './model';

export function projectView(p: Project): Record<string, unknown> {
  return {
    uid: p.uid,
    name: p.name,
    description: p.description,
    connectedStackApiKey: p.connectedStackApiKey,
    organizationUid: p.organizationUid,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function attributeView(a: Attribute): Record<string, unknown> {
  return {
    uid: a.uid,
    key: a.key,
    name: a.name,
    description: a.description,
    __type: a.__type,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function eventView(e: PersonalizeEvent): Record<string, unknown> {
  return { uid: e.uid, key: e.key, description: e.description, createdAt: e.createdAt, updatedAt: e.updatedAt };
}

export function audienceView(a: Audience): Record<string, unknown> {
  return {
    uid: a.uid,
    name: a.name,
    description: a.description,
    definition: a.definition,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function versionView(v: Version): Record<string, unknown> {
  return {
    uid: v.uid,
    experience: v.experienceUid,
    status: v.status,
    variants: v.variants,
    ...(v.targeting !== undefined ? { targeting: v.targeting } : {}),
    metrics: v.metrics,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

/**
 * An experience summarises its versions: `status` is the live version's (ACTIVE or PAUSED) or DRAFT,
 * `latestVersion` the newest version's uid, and targeting/metrics/referred audiences come from the live
 * version when there is one (the real GET returns summaries, not the variant array).
 */
export function experienceView(e: Experience, versionsInCreationOrder: Version[]): Record<string, unknown> {
  const newestFirst = [...versionsInCreationOrder].reverse();
  const live = newestFirst.find((v) => v.status === 'ACTIVE' || v.status === 'PAUSED');
  const latest = newestFirst[0];
  const shown = live ?? latest;
  const referred = new Set<string>();
  for (const variant of shown?.variants ?? []) {
    if (variant.__type === 'SegmentedVariant') variant.audiences.forEach((a) => referred.add(a));
  }
  shown?.targeting?.audience?.audiences.forEach((a) => referred.add(a));
  return {
    uid: e.uid,
    name: e.name,
    description: e.description,
    __type: e.__type,
    shortUid: e.shortUid,
    status: live?.status ?? 'DRAFT',
    latestVersion: latest?.uid ?? null,
    activeVersion: live?.status === 'ACTIVE' ? live.uid : null,
    targeting: shown?.targeting ?? {},
    metrics: shown?.metrics ?? [],
    referredAudiences: [...referred],
    ...(e._cms ? { _cms: e._cms } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
