import { describe, expect, it } from 'vitest';
import { unlinkOrphanedGroup } from './unlink-orphan';
import type { ExperienceView, GroupView } from './ports';

// Only the group of a deleted experience of the installation's project is unlinked, with the name the CMA has now.
const groupOf = (uid: string, change: Partial<GroupView> = {}): GroupView => ({
  uid,
  name: `${uid} (1)`,
  contentTypes: ['hero', 'promo'],
  metadata: { projectUid: 'proj', experienceUid: `exp_${uid}`, status: 'linked' },
  variants: [],
  ...change,
});
const live: ExperienceView = {
  uid: 'exp_live',
  shortUid: '0',
  name: 'Live',
  description: '',
  type: 'AB_TEST',
  latestVersion: null,
  cmsLink: null,
  contentTypes: [],
};

function setup(groups: GroupView[]) {
  const writes: { groupUid: string; name: string; contentTypes: string[] }[] = [];
  const deps = {
    personalize: { listExperiences: () => Promise.resolve([live]) },
    stack: { listGroups: () => Promise.resolve(groups) },
    editor: {
      unlinkContentTypes: (groupUid: string, name: string, contentTypes: string[]) => {
        writes.push({ groupUid, name, contentTypes });
        return Promise.resolve();
      },
    },
  };
  return { writes, run: (uid: string) => unlinkOrphanedGroup(deps, { projectUid: 'proj' }, uid) };
}

describe('unlinking an orphaned group’s content types', () => {
  it('unlinks every linked content type of a deleted experience’s group, sending its current name', async () => {
    const { writes, run } = setup([groupOf('gone')]);
    expect(await run('gone')).toEqual({
      ok: true,
      groupUid: 'gone',
      experienceUid: 'exp_gone',
      unlinked: ['hero', 'promo'],
    });
    expect(writes).toEqual([{ groupUid: 'gone', name: 'gone (1)', contentTypes: ['hero', 'promo'] }]);
  });

  it('writes nothing for an orphan with no linked content type', async () => {
    const { writes, run } = setup([groupOf('gone', { contentTypes: [] })]);
    expect(await run('gone')).toMatchObject({ ok: true, unlinked: [] });
    expect(writes).toEqual([]);
  });

  it.each([
    ['a group that does not exist', [] as GroupView[], 'nope', 404, 'group-not-found'],
    [
      'a group made in the CMS',
      [groupOf('hand', { metadata: null })],
      'hand',
      404,
      'group-not-an-orphan-of-this-project',
    ],
    [
      'another project’s group',
      [groupOf('theirs', { metadata: { projectUid: 'other', experienceUid: 'exp_x', status: 'linked' } })],
      'theirs',
      404,
      'group-not-an-orphan-of-this-project',
    ],
    [
      'the group of an experience that still exists',
      [groupOf('live', { metadata: { projectUid: 'proj', experienceUid: 'exp_live', status: 'linked' } })],
      'live',
      409,
      'experience-still-exists',
    ],
  ])('refuses %s', async (_name, groups, uid, status, reason) => {
    const { writes, run } = setup(groups);
    expect(await run(uid)).toEqual({ ok: false, status, reason });
    expect(writes).toEqual([]);
  });
});
