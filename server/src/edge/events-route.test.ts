import { describe, expect, it } from 'vitest';
import { emptyTable, experienceAssignmentSchema, type ExperienceAssignment } from '@pb/shared';
import { serveTable } from '../assignments/table-reader';
import { sortEvents } from './events-route';

const everyone = { audiences: [], combinationType: 'OR' };
const experience = (shortUid: string, extra: { paused?: boolean } = {}): ExperienceAssignment =>
  experienceAssignmentSchema.parse({
    experienceUid: `exp${shortUid}`,
    shortUid,
    versionUid: `ver${shortUid}`,
    targeting: everyone,
    type: 'SEGMENTED',
    variants: [
      { shortUid: '0', audience: everyone, cms: null },
      { shortUid: '1', audience: everyone, cms: null },
    ],
    ...extra,
  });

const table = serveTable({
  ...emptyTable('prj', 'stack'),
  revision: 1,
  compiledAt: new Date(0).toISOString(),
  table: { experiences: [experience('5'), experience('6', { paused: true })], audiences: [] },
});

describe('sortEvents', () => {
  it('counts conversions and impressions of served variants, attributed to the served version', () => {
    const sorted = sortEvents(table, [
      { type: 'IMPRESSION', experienceShortUid: '5', variantShortUid: '1' },
      { type: 'EVENT', eventKey: 'purchase' },
    ]);
    expect(sorted).toEqual({
      impressions: [{ experienceShortUid: '5', versionUid: 'ver5', variantShortUid: '1' }],
      eventKeys: ['purchase'],
      ignored: 0,
    });
  });

  it('ignores impressions of unknown experiences, unknown variants and paused experiences', () => {
    const sorted = sortEvents(table, [
      { type: 'IMPRESSION', experienceShortUid: '7', variantShortUid: '0' },
      { type: 'IMPRESSION', experienceShortUid: '5', variantShortUid: '9' },
      { type: 'IMPRESSION', experienceShortUid: '6', variantShortUid: '0' },
    ]);
    expect(sorted).toEqual({ impressions: [], eventKeys: [], ignored: 3 });
  });

  it('still counts conversions for a project with nothing activated', () => {
    expect(sortEvents(null, [{ type: 'EVENT', eventKey: 'signup' }]).eventKeys).toEqual(['signup']);
  });
});
