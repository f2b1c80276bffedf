// The experiences page's view of what the assignments engine left out: live experiences it cannot evaluate (Lytics
// audiences, an unknown match condition, attribute reference or variant type, an unreadable metric) and why. Read
// from the current assignment table, which stores them beside the rows it serves, so the page and the edge API
// always describe the same revision.
import type { NotServedExperience } from '@pb/shared';
import type { TableStorePort } from './table-store';

/** Experience uid → why it is not served; empty when the project has no table or every live experience is served. */
export async function notServedReasons(
  store: Pick<TableStorePort, 'current'>,
  projectUid: string,
): Promise<Map<string, NotServedExperience>> {
  const table = await store.current(projectUid);
  return new Map((table?.notServed ?? []).map((entry) => [entry.experienceUid, entry]));
}
