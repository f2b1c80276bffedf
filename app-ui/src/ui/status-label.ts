/**
 * Personalize's version status (ACTIVE, DRAFT, PAUSED…) as every location writes it: lower case, like the sync
 * states beside it, so the same status never reads "ACTIVE" in one place and "active" in another.
 */
export function statusLabel(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}
