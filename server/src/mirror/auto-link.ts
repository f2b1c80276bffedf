// The configuration screen's auto-link list, applied where the mirror and the sweep both read experiences: every
// experience of the stack then lists those content types, so the planner links each group to them (links are only
// ever added) and the sweep's fingerprints agree with the mirror's — no endless re-mirroring.
import type { ExperienceRecord, PersonalizePort } from './ports';

export function withAutoLinkedContentTypes(port: PersonalizePort, contentTypes: readonly string[]): PersonalizePort {
  if (contentTypes.length === 0) return port;
  const add = (record: ExperienceRecord): ExperienceRecord => ({
    ...record,
    contentTypes: [...new Set([...record.contentTypes, ...contentTypes])],
  });
  return {
    listExperiences: async () => (await port.listExperiences()).map(add),
    getExperience: async (uid) => {
      const record = await port.getExperience(uid);
      return record === null ? null : add(record);
    },
    listVersions: (uid) => port.listVersions(uid),
    writeCmsLink: (uid, link) => port.writeCmsLink(uid, link),
  };
}
