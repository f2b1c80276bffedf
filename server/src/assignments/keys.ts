// Redis keys of the assignments engine, all under the deployment's prefix and grouped per project so that removing
// a project (uninstall) is one SCAN over `<prefix>:asg:<project>:*`.
export function assignmentKeys(prefix: string) {
  const project = (projectUid: string) => `${prefix}:asg:${projectUid}`;
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
