/**
 * Turns a read export (`StackExport`) into sandbox state for a new stack: the StackRecord, its CMS content and the
 * Personalize project connected to it. Pure: no I/O, nothing changes until the caller installs the result.
 *
 * What keeps which identity, and why:
 * - CMS uids (content types, entries, variant groups and variants) are kept: CMS state is per stack, so they cannot
 *   collide, and entry variants, references and `_cms` keep pointing where they pointed.
 * - Personalize uids (project, attributes, audiences, events, experiences, versions) are new: Personalize state is
 *   one pool across stacks, so importing the demo stack's own export would collide. References are rewritten.
 *   Experience and variant short uids are kept (they are per project), so aliases `cs_personalize_<e>_<v>` stay.
 * - The export holds no variant groups (csdx exports none: Personalize's CMS sync makes them). The import plays what
 *   that sync had done: one Personalize-made group per experience with `_cms`, named after it, its variants under
 *   the `_cms` uids, content types linked from `experiences-content-types.json` plus every content type that has
 *   entry variants of it. Entry variants of variants no experience names (hand-made groups) go to one hand-made
 *   group, "Imported variants", so none is lost.
 */
import { randomBytes } from 'node:crypto';
import type { StackRecord } from '../core/contracts';
import { bltUid } from '../core/ids';
import type { EntryRecord, Fields, PublishRecord, SchemaField, StackContent, VariantRecord } from '../cma/model';
import { emptyStackContent, entryVariantKey, publishKey } from '../cma/model';
import { PERSONALIZE_ACTOR_UID } from '../cma/personalize-port';
import { PRESET_ATTRIBUTES, personalizeStateSchema, versionRecord } from '../personalize/model';
import type { Attribute, PersonalizeState } from '../personalize/model';
import type { StackExport } from './export-folder';

type Json = Record<string, unknown>;

/** Keys the CMA adds to an entry that are not fields. */
const SYSTEM_KEYS = new Set([
  'uid',
  'locale',
  '_version',
  'publish_details',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'ACL',
  '_in_progress',
  '_metadata',
  '_branch',
  '_variant',
  '_rules',
  'stackHeaders',
  'content_type_uid',
  'urlPath',
  'published',
]);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const fieldsOf = (item: Json): Fields => Object.fromEntries(Object.entries(item).filter(([k]) => !SYSTEM_KEYS.has(k)));
/** Personalize uids look like Mongo object ids. */
const hex24 = (): string => randomBytes(12).toString('hex');

export interface ImportTarget {
  orgUid: string;
  /** Names of the projects already in the sandbox: project names are unique (DUPLICATE_NAME). */
  takenProjectNames: string[];
  at: string;
  actorUid: string;
}

export interface BuiltImport {
  stack: StackRecord;
  content: StackContent;
  /** The new project and what belongs to it, to append to the Personalize state (undefined: none exported). */
  personalize?: PersonalizeState;
  projectUid?: string;
  report: {
    contentTypes: number;
    entries: number;
    localizations: number;
    entryVariants: number;
    publishes: number;
    variantGroups: number;
    experiences: number;
    /** What was not recreated, with why. */
    skipped: string[];
  };
}

export const buildImport = (exp: StackExport, target: ImportTarget): BuiltImport => {
  const skipped: string[] = [];
  const audit = {
    created_at: target.at,
    updated_at: target.at,
    created_by: target.actorUid,
    updated_by: target.actorUid,
  };
  const masterLocale = str(exp.masterLocale['code']) ?? 'en-us';
  const locales = [masterLocale, ...exp.locales.map((l) => str(l['code'])).filter((c): c is string => c !== undefined)];
  const envNameByUid = new Map<string, string>();
  for (const env of exp.environments) {
    const name = str(env['name']);
    if (name !== undefined) envNameByUid.set(str(env['uid']) ?? name, name);
  }
  const environments = [...new Set(envNameByUid.values())];
  // publish_details name environments by uid (Contentstack) or by name (older exports): accept both.
  const envName = (value: unknown): string | undefined => {
    const s = str(value);
    return s === undefined ? undefined : (envNameByUid.get(s) ?? (environments.includes(s) ? s : undefined));
  };
  const stack: StackRecord = {
    apiKey: bltUid(),
    orgUid: target.orgUid,
    name: exp.name ?? 'Imported stack',
    uid: bltUid(),
    masterLocale,
    locales: [...new Set(locales)],
    environments,
  };

  const content = emptyStackContent();
  for (const ct of exp.contentTypes) {
    const uid = str(ct['uid']);
    if (uid === undefined) continue;
    content.contentTypes[uid] = {
      uid,
      title: str(ct['title']) ?? uid,
      description: str(ct['description']) ?? '',
      schema: arr(ct['schema']) as SchemaField[],
      options: obj(ct['options']) ?? {},
      _version: 1,
      ...audit,
    };
  }

  let localizations = 0;
  const publish = (
    entry: EntryRecord,
    details: unknown,
    apply: (record: PublishRecord, version: number, time: string, user: string) => void,
  ): void => {
    for (const raw of arr(details)) {
      const pd = obj(raw);
      const environment = envName(pd?.['environment']);
      const locale = str(pd?.['locale']);
      if (pd === undefined || environment === undefined || locale === undefined || !stack.locales.includes(locale))
        continue;
      const key = publishKey(entry.uid, environment, locale);
      const record: PublishRecord = content.publishes[key] ?? {
        entry_uid: entry.uid,
        content_type_uid: entry.content_type_uid,
        environment,
        locale,
        variants: {},
      };
      apply(record, num(pd['version']) ?? 1, str(pd['time']) ?? target.at, str(pd['user']) ?? target.actorUid);
      content.publishes[key] = record;
    }
  };
  // Master locale first, so a localization always finds its entry.
  const buckets = [...exp.entries].sort(
    (a, b) => Number(b.locale === masterLocale) - Number(a.locale === masterLocale),
  );
  for (const bucket of buckets) {
    if (content.contentTypes[bucket.contentType] === undefined) {
      skipped.push(`entries of ${bucket.contentType}: no such content type in the export`);
      continue;
    }
    for (const item of bucket.items) {
      const uid = str(item['uid']);
      // A locale folder also lists entries that only fall back to the master locale: those are not localizations.
      if (uid === undefined || (str(item['locale']) ?? bucket.locale) !== bucket.locale) continue;
      if (!stack.locales.includes(bucket.locale)) {
        skipped.push(`entry ${uid} in ${bucket.locale}: the export lists no such locale`);
        continue;
      }
      const entry: EntryRecord = content.entries[uid] ?? { uid, content_type_uid: bucket.contentType, locales: {} };
      const fields = fieldsOf(item);
      entry.locales[bucket.locale] = { fields, _version: num(item['_version']) ?? 1, ...audit };
      content.entries[uid] = entry;
      localizations += 1;
      publish(entry, item['publish_details'], (record, version, time, user) => {
        record.base = { version, fields: structuredClone(fields), published_at: time, user };
      });
    }
  }
  for (const entry of Object.values(content.entries)) {
    if (entry.locales[masterLocale] === undefined) {
      // The store needs the master version of every entry; an export without it gets the first one found.
      const first = Object.values(entry.locales)[0];
      if (first !== undefined) entry.locales[masterLocale] = structuredClone(first);
    }
  }

  // Personalize-made groups, from the experiences' _cms.
  const personalize = exp.personalize;
  const projectUid = personalize === undefined ? undefined : hex24();
  const experienceUid = new Map<string, string>();
  for (const e of personalize?.experiences ?? []) {
    const old = str(e['uid']);
    if (old !== undefined) experienceUid.set(old, hex24());
  }
  const groupOfVariant = new Map<string, string>();
  for (const e of personalize?.experiences ?? []) {
    const cms = obj(e['_cms']);
    const groupUid = str(cms?.['variantGroup']);
    const oldUid = str(e['uid']);
    const shortUid = str(e['shortUid']);
    if (cms === undefined || groupUid === undefined || oldUid === undefined || shortUid === undefined) continue;
    const metadata = {
      project_uid: projectUid,
      experience_uid: experienceUid.get(oldUid),
      experience_short_uid: shortUid,
      status: 'linked',
    };
    const linked = arr(personalize?.contentTypes[oldUid])
      .map((c) => str(c) ?? str(obj(c)?.['uid']))
      .filter((c): c is string => c !== undefined && content.contentTypes[c] !== undefined);
    content.variantGroups[groupUid] = {
      uid: groupUid,
      name: str(e['name']) ?? groupUid,
      description: str(e['description']) ?? '',
      branches: ['main'],
      content_types: [...new Set(linked)].map((uid) => ({ uid, status: 'linked' as const })),
      personalize_metadata: metadata,
      origin: 'personalize',
      ...audit,
      created_by: PERSONALIZE_ACTOR_UID,
      updated_by: PERSONALIZE_ACTOR_UID,
    };
    const versions = personalize?.versions[oldUid] ?? [];
    const nameOf = (short: string): string | undefined => {
      for (const v of versions)
        for (const variant of arr(v['variants'])) {
          const o = obj(variant);
          if (str(o?.['shortUid']) === short) return str(o?.['name']);
        }
      return undefined;
    };
    for (const [variantShortUid, raw] of Object.entries(obj(cms['variants']) ?? {})) {
      const uid = str(raw);
      if (uid === undefined) continue;
      const variant: VariantRecord = {
        uid,
        name: nameOf(variantShortUid) ?? uid,
        variant_group_uid: groupUid,
        alias: `cs_personalize_${shortUid}_${variantShortUid}`,
        personalize_metadata: { ...metadata, variant_short_uid: variantShortUid },
        origin: 'personalize',
        ...audit,
        created_by: PERSONALIZE_ACTOR_UID,
        updated_by: PERSONALIZE_ACTOR_UID,
      };
      content.variants[uid] = variant;
      groupOfVariant.set(uid, groupUid);
    }
  }

  let entryVariants = 0;
  const HAND_MADE = 'cs_imported_variants';
  for (const bucket of exp.entryVariants) {
    const entry = content.entries[bucket.entryUid];
    if (entry === undefined || entry.locales[bucket.locale] === undefined) {
      skipped.push(`entry variants of ${bucket.entryUid} in ${bucket.locale}: the entry is not in the export`);
      continue;
    }
    for (const item of bucket.items) {
      const meta = obj(item['_variant']);
      const variantUid = str(meta?.['_uid']) ?? str(item['variant_uid']);
      if (variantUid === undefined) continue;
      if (content.variants[variantUid] === undefined) {
        content.variantGroups[HAND_MADE] ??= {
          uid: HAND_MADE,
          name: 'Imported variants',
          description: 'Variants of hand-made groups: csdx exports entry variants but not the groups they belong to.',
          branches: ['main'],
          content_types: [],
          ...audit,
        };
        content.variants[variantUid] = {
          uid: variantUid,
          name: variantUid,
          variant_group_uid: HAND_MADE,
          alias: variantUid,
          ...audit,
        };
        groupOfVariant.set(variantUid, HAND_MADE);
      }
      const group = content.variantGroups[groupOfVariant.get(variantUid) ?? ''];
      if (group !== undefined && !group.content_types.some((c) => c.uid === bucket.contentType))
        group.content_types.push({ uid: bucket.contentType, status: 'linked' });
      const fields = fieldsOf(item);
      const changeSet = arr(meta?.['_change_set']).filter((p): p is string => typeof p === 'string');
      const version = num(item['_version']) ?? 1;
      content.entryVariants[entryVariantKey(entry.uid, variantUid, bucket.locale)] = {
        content_type_uid: bucket.contentType,
        entry_uid: entry.uid,
        variant_uid: variantUid,
        locale: bucket.locale,
        fields,
        change_set: changeSet.length > 0 ? changeSet : Object.keys(fields),
        _version: version,
        versions: Array.from({ length: version }, (_, i) => i + 1),
        instance_uid: str(meta?.['_instance_uid']) ?? bltUid(),
        base_entry_version: num(meta?.['_base_entry_version']) ?? 1,
        ...audit,
      };
      entryVariants += 1;
      publish(entry, item['publish_details'], (record, v, time, user) => {
        record.variants[variantUid] = {
          version: v,
          fields: structuredClone(fields),
          change_set: changeSet.length > 0 ? changeSet : Object.keys(fields),
          published_at: time,
          user,
        };
      });
    }
  }

  const report = {
    contentTypes: Object.keys(content.contentTypes).length,
    entries: Object.keys(content.entries).length,
    localizations,
    entryVariants,
    publishes: Object.keys(content.publishes).length,
    variantGroups: Object.keys(content.variantGroups).length,
    experiences: 0,
    skipped,
  };
  if (personalize === undefined || projectUid === undefined) return { stack, content, report };

  const t = { createdAt: target.at, updatedAt: target.at };
  const attributeUid = new Map<string, string>();
  const attributes: Attribute[] = PRESET_ATTRIBUTES.map((key) => ({
    uid: hex24(),
    projectUid,
    key,
    name: str(personalize.attributes.find((a) => a['key'] === key)?.['name']) ?? key,
    description: '',
    __type: 'PRESET' as const,
    ...t,
  }));
  for (const a of personalize.attributes) {
    const uid = str(a['uid']);
    const key = str(a['key']);
    if (uid === undefined || key === undefined || a['__type'] === 'PRESET') continue;
    attributeUid.set(uid, hex24());
    attributes.push({
      uid: attributeUid.get(uid) ?? uid,
      projectUid,
      key,
      name: str(a['name']) ?? key,
      description: str(a['description']) ?? '',
      __type: 'CUSTOM',
      ...t,
    });
  }
  // Rewrites custom attribute references (`{__type:"CustomAttributeReference", ref:<uid>}`) anywhere in a definition.
  const remapRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(remapRefs);
    const o = obj(value);
    if (o === undefined) return value;
    const out = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, remapRefs(v)]));
    if (o['__type'] === 'CustomAttributeReference' && typeof o['ref'] === 'string')
      out['ref'] = attributeUid.get(o['ref']) ?? o['ref'];
    return out;
  };
  const audienceUid = new Map<string, string>();
  const audiences = personalize.audiences.flatMap((a) => {
    const uid = str(a['uid']);
    if (uid === undefined) return [];
    audienceUid.set(uid, hex24());
    return [
      {
        uid: audienceUid.get(uid) ?? uid,
        projectUid,
        name: str(a['name']) ?? uid,
        description: str(a['description']) ?? '',
        definition: remapRefs(a['definition']),
        ...t,
      },
    ];
  });
  const eventUid = new Map<string, string>();
  const events = personalize.events.flatMap((e) => {
    const uid = str(e['uid']);
    const key = str(e['key']);
    if (uid === undefined || key === undefined) return [];
    eventUid.set(uid, hex24());
    return [{ uid: eventUid.get(uid) ?? uid, projectUid, key, description: str(e['description']) ?? '', ...t }];
  });
  const audienceList = (value: unknown): string[] =>
    arr(value).map((a) => (typeof a === 'string' ? (audienceUid.get(a) ?? a) : String(a)));
  const versions: unknown[] = [];
  const experiences = personalize.experiences.flatMap((e) => {
    const old = str(e['uid']);
    const uid = old === undefined ? undefined : experienceUid.get(old);
    const shortUid = str(e['shortUid']);
    if (old === undefined || uid === undefined || shortUid === undefined) return [];
    let nextVariant = 0;
    for (const v of personalize.versions[old] ?? []) {
      const variants = arr(v['variants']).map((raw) => {
        const variant = { ...obj(raw) };
        const short = Number(variant['shortUid']);
        if (Number.isInteger(short)) nextVariant = Math.max(nextVariant, short + 1);
        if (variant['audiences'] !== undefined) variant['audiences'] = audienceList(variant['audiences']);
        return variant;
      });
      const targeting = obj(v['targeting']);
      const audience = obj(targeting?.['audience']);
      const status = v['status'] === 'PAUSE' ? 'PAUSED' : v['status'];
      versions.push(
        versionRecord.parse({
          uid: hex24(),
          experienceUid: uid,
          status,
          variants,
          ...(targeting === undefined
            ? {}
            : {
                targeting:
                  audience === undefined
                    ? {}
                    : { audience: { ...audience, audiences: audienceList(audience['audiences']) } },
              }),
          metrics: arr(v['metrics']).map((m) => {
            const metric = obj(m) ?? {};
            const event = str(metric['event']);
            return {
              event: event === undefined ? '' : (eventUid.get(event) ?? event),
              name: metric['name'],
              __type: metric['__type'],
            };
          }),
          createdAt: str(v['createdAt']) ?? target.at,
          updatedAt: str(v['updatedAt']) ?? target.at,
        }),
      );
    }
    const cms = obj(e['_cms']);
    const group = str(cms?.['variantGroup']);
    return [
      {
        uid,
        projectUid,
        name: str(e['name']) ?? uid,
        description: str(e['description']) ?? '',
        __type: e['__type'],
        shortUid,
        nextVariantShortUid: nextVariant,
        ...(cms === undefined || group === undefined
          ? {}
          : { _cms: { variantGroup: group, variants: obj(cms['variants']) ?? {} } }),
        ...t,
      },
    ];
  });
  const baseName = str(personalize.project?.['name']) ?? stack.name;
  let name = baseName;
  for (let i = 1; target.takenProjectNames.includes(name); i += 1) name = `${baseName} (${i})`;
  const nextExperience = experiences.reduce((n, e) => Math.max(n, Number(e.shortUid) + 1), 0);
  const state = personalizeStateSchema.parse({
    projects: [
      {
        uid: projectUid,
        name,
        description: str(personalize.project?.['description']) ?? '',
        connectedStackApiKey: stack.apiKey,
        organizationUid: target.orgUid,
        nextExperienceShortUid: Number.isFinite(nextExperience) ? nextExperience : 0,
        ...t,
      },
    ],
    attributes,
    events,
    audiences,
    experiences,
    versions,
    priority: { [projectUid]: experiences.map((e) => e.uid) },
  });
  report.experiences = state.experiences.length;
  return { stack, content, personalize: state, projectUid, report };
};
