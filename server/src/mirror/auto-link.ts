// The configuration screen's auto-link list, applied where the guard and the sweep both read experiences: every
// experience of the stack then lists those content types, so the guard links each group Personalize made to them
// (links are only ever added) and the sweep's fingerprints agree with the guard's: no endless re-guarding. Only
// content types the stack still has are added (asked once per port, i.e. once per job), so a deleted one cannot
// fail every run.
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
  };
}
