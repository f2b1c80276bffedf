// Redis keys of the assignments engine, all under the deployment's prefix and the project's hash tag: the table's
// compare-and-set script touches the pointer and two revisions in one slot of a cluster, and removing a project
// (uninstall) is one SCAN over `<prefix>:{prj:<project>}:asg:*`.
import { projectTag } from '../redis-tags';

export function assignmentKeys(prefix: string) {
  const project = (projectUid: string) => `${prefix}:${projectTag(projectUid)}:asg`;
  return {
    /** The current table's revision: the one value readers poll. */
    pointer: (projectUid: string) => `${project(projectUid)}:current`,
    /** An immutable table revision. */
    table: (projectUid: string, revision: number) => `${project(projectUid)}:table:${revision}`,
    /** Every key of the project's tables (uninstall). */
    projectPattern: (projectUid: string) => `${project(projectUid)}:*`,
  };
}
export type AssignmentKeys = ReturnType<typeof assignmentKeys>;
