// The mirror use case with in-memory ports: whatever fails half-way (including writes that commit and then time out),
// repeating the job converges to one exact group, and a run on a mirrored experience applies nothing.
import { describe, expect, it } from 'vitest';
import { ExternalCallError, type GroupSnapshot } from '@pb/shared';
import { mirrorExperience } from './mirror-experience';
import type { ExperienceRecord, PersonalizePort, VariantGroupPort, VersionRecord } from './ports';

const timeout = () => new ExternalCallError('504 after commit', { kind: 'transient', service: 'cma', status: 504 });

function fakeCma(failWrite: () => boolean): VariantGroupPort & { groups: GroupSnapshot[] } {
  const groups: GroupSnapshot[] = [];
  let n = 0;
  // Every write commits first, then may "time out": the caller cannot tell whether it happened.
  const commitThen = <T>(value: T): T => {
    if (failWrite()) throw timeout();
    return value;
  };
  const group = (uid: string) => {
    const found = groups.find((g) => g.uid === uid);
    if (found === undefined) throw new ExternalCallError('404', { kind: 'permanent', service: 'cma', status: 404 });
    return found;
  };
  return {
    groups,
    listGroups: () => Promise.resolve(JSON.parse(JSON.stringify(groups)) as GroupSnapshot[]),
    createGroup: (g) => {
      const uid = `g${++n}`;
      groups.push({
        uid,
        name: g.name,
        description: g.description,
        content_types: [],
        personalize_metadata: g.personalizeMetadata,
        variants: [],
      });
      return Promise.resolve(commitThen(uid));
    },
    updateGroup: (uid, changes) => {
      Object.assign(group(uid), { name: changes.name, description: changes.description });
      return Promise.resolve(commitThen(undefined));
    },
    linkContentTypes: (uid, _name, cts) => {
      group(uid).content_types.push(...cts.map((c) => ({ uid: c, status: 'linked' as const })));
      return Promise.resolve(commitThen(undefined));
    },
    createVariant: (uid, v) => {
      const variantUid = `v${++n}`;
      (group(uid).variants ??= []).push({
        uid: variantUid,
        name: v.name,
        alias: v.alias,
        personalize_metadata: v.personalizeMetadata,
      });
      return Promise.resolve(commitThen(variantUid));
    },
    renameVariant: (uid, variantUid, name) => {
      const variant = group(uid).variants?.find((v) => v.uid === variantUid);
      if (variant !== undefined) variant.name = name;
      return Promise.resolve(commitThen(undefined));
    },
    deleteVariant: (uid, variantUid) => {
      const g = group(uid);
      g.variants = (g.variants ?? []).filter((v) => v.uid !== variantUid);
      return Promise.resolve(commitThen(undefined));
    },
    deleteGroup: (uid) => {
      groups.splice(
        groups.findIndex((g) => g.uid === uid),
        1,
      );
      return Promise.resolve(commitThen(undefined));
    },
    variantsInUse: () => Promise.resolve([]),
  };
}

function fakePersonalize(experience: ExperienceRecord, version: VersionRecord): PersonalizePort {
  return {
    listExperiences: () => Promise.resolve([experience]),
    getExperience: () => Promise.resolve(experience),
    listVersions: () => Promise.resolve([version]),
    writeCmsLink: (_uid, link) => {
      experience.cmsLink = link;
      return Promise.resolve({ written: true });
    },
  };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('mirrorExperience', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('converges through commit-then-timeout failures (seed %i)', async (seed) => {
    const random = seeded(seed);
    const cma = fakeCma(() => random() < 0.3);
    const experience: ExperienceRecord = {
      uid: 'exp1',
      shortUid: '4',
      name: 'Hero',
      description: '',
      latestVersion: 'ver1',
      cmsLink: null,
      contentTypes: ['hero'],
    };
    const version: VersionRecord = {
      uid: 'ver1',
      status: 'ACTIVE',
      variants: [
        { shortUid: '0', name: 'A' },
        { shortUid: '1', name: 'B' },
        { shortUid: '2', name: 'C' },
      ],
    };
    const deps = {
      cma,
      personalize: fakePersonalize(experience, version),
      policy: { removedVariants: 'delete-unused', deletedExperience: 'unlink' } as const,
    };
    const target = { projectUid: 'p', experienceUid: 'exp1' };
    let done = false;
    for (let attempt = 0; attempt < 50 && !done; attempt++) {
      try {
        await mirrorExperience(deps, target);
        done = true;
      } catch (error) {
        expect(error).toBeInstanceOf(ExternalCallError);
      }
    }
    expect(done).toBe(true);
    expect(cma.groups).toHaveLength(1);
    expect(cma.groups[0]?.variants?.map((v) => [v.alias, v.name])).toEqual([
      ['cs_personalize_4_0', 'A'],
      ['cs_personalize_4_1', 'B'],
      ['cs_personalize_4_2', 'C'],
    ]);
    expect(cma.groups[0]?.content_types).toEqual([{ uid: 'hero', status: 'linked' }]);
    expect(experience.cmsLink?.variantGroup).toBe(cma.groups[0]?.uid);

    // A mirrored experience: the plan is empty, so nothing is written (and nothing can fail).
    const rerun = await mirrorExperience(deps, target);
    expect(rerun.applied).toEqual([]);
  });
});
