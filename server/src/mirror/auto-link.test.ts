import { describe, expect, it } from 'vitest';
import { withAutoLinkedContentTypes } from './auto-link';
import type { ExperienceRecord, PersonalizePort } from './ports';

const record = (uid: string, contentTypes: string[] = []): ExperienceRecord => ({
  uid,
  shortUid: '0',
  name: uid,
  description: '',
  latestVersion: null,
  cmsLink: null,
  contentTypes,
  listing: uid,
});

const port: PersonalizePort = {
  listExperiences: () => Promise.resolve([record('e1', ['hero']), record('e2')]),
  getExperience: (uid) => Promise.resolve(uid === 'gone' ? null : record(uid)),
  listVersions: () => Promise.resolve([]),
};

describe('auto-linked content types', () => {
  it('adds the listed content types the stack still has, once each, asking the stack once', async () => {
    let asked = 0;
    const view = withAutoLinkedContentTypes(port, ['banner', 'retired', 'hero'], () => {
      asked += 1;
      return Promise.resolve(new Set(['hero', 'banner', 'product']));
    });
    expect((await view.listExperiences()).map((e) => e.contentTypes)).toEqual([
      ['hero', 'banner'],
      ['banner', 'hero'],
    ]);
    expect((await view.getExperience('e3'))?.contentTypes).toEqual(['banner', 'hero']);
    expect(await view.getExperience('gone')).toBeNull();
    expect(asked).toBe(1);
  });

  it('is the port itself when nothing is listed (no extra call)', () => {
    expect(withAutoLinkedContentTypes(port, [], () => Promise.reject(new Error('not asked')))).toBe(port);
  });
});
