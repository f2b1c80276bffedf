// The configuration screen's auto-link list, applied where the mirror and the sweep both read experiences: every
// experience of the stack then lists those content types, so the planner links each group to them (links are only
// ever added) and the sweep's fingerprints agree with the mirror's — no endless re-mirroring. Only content types the
// stack still has are added (asked once per port, i.e. once per job), so a deleted one cannot fail every mirror.
import type { ExperienceRecord, PersonalizePort } from './ports';

export function withAutoLinkedContentTypes(
  port: PersonalizePort,
  listed: readonly string[],
  existing: () => Promise<ReadonlySet<string>>,
): PersonalizePort {
  if (listed.length === 0) return port;
  let usable: Promise<string[]> | undefined;
  const add = async (record: ExperienceRecord): Promise<ExperienceRecord> => {
    usable ??= existing().then((have) => listed.filter((uid) => have.has(uid)));
    return { ...record, contentTypes: [...new Set([...record.contentTypes, ...(await usable)])] };
  };
  return {
    listExperiences: async () => Promise.all((await port.listExperiences()).map(add)),
    getExperience: async (uid) => {
      const record = await port.getExperience(uid);
      return record === null ? null : add(record);
    },
    listVersions: (uid) => port.listVersions(uid),
    writeCmsLink: (uid, link) => port.writeCmsLink(uid, link),
  };
}
