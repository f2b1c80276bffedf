// "Unlink its content types" for the group of a deleted experience. Personalize leaves that group behind, still
// linked, so authors could keep writing entry variants no experience will ever serve. Only such a group is touched:
// its metadata must name an experience of the installation's project that no longer exists.
import type { PersonalizeReader, StackEditor, StackReader } from './ports';

export type UnlinkOutcome =
  | { ok: true; groupUid: string; experienceUid: string; unlinked: string[] }
  | { ok: false; status: 404 | 409; reason: string };

export interface UnlinkDeps {
  personalize: Pick<PersonalizeReader, 'listExperiences'>;
  stack: Pick<StackReader, 'listGroups'>;
  editor: Pick<StackEditor, 'unlinkContentTypes'>;
}

export async function unlinkOrphanedGroup(
  deps: UnlinkDeps,
  scope: { projectUid: string },
  groupUid: string,
): Promise<UnlinkOutcome> {
  // Read now, not from the page: the name sent must be the group's current one (Personalize owns it).
  const [groups, experiences] = await Promise.all([deps.stack.listGroups(), deps.personalize.listExperiences()]);
  const group = groups.find((g) => g.uid === groupUid);
  if (group === undefined) return { ok: false, status: 404, reason: 'group-not-found' };
  const metadata = group.metadata;
  // A group made in the CMS, or another project's, is not an orphan of ours: answered as absent, like a stranger's.
  if (metadata === null || metadata.projectUid !== scope.projectUid)
    return { ok: false, status: 404, reason: 'group-not-an-orphan-of-this-project' };
  if (experiences.some((e) => e.uid === metadata.experienceUid))
    return { ok: false, status: 409, reason: 'experience-still-exists' };
  if (group.contentTypes.length > 0) await deps.editor.unlinkContentTypes(group.uid, group.name, group.contentTypes);
  return { ok: true, groupUid: group.uid, experienceUid: metadata.experienceUid, unlinked: group.contentTypes };
}
