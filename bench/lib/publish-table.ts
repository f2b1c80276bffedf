// Publishes the decisions fixture's table for a project, as the assignments engine would (no CMS variants, no
// coverage): what the edge benches serve.
import type { AssignmentTable } from '@pb/shared';
import type { RedisTableStore } from '@pb/server/assignments/table-store';

export async function publishBenchTable(store: RedisTableStore, projectUid: string, table: AssignmentTable) {
  const published = await store.publish(null, {
    projectUid,
    stackApiKey: 'bench',
    table,
    variantGroups: {},
    contentTypes: {},
    coverage: {},
    metrics: {},
    notServed: [],
  });
  if (!published.ok) throw new Error('could not publish the bench table');
}
