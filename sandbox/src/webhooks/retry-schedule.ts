/**
 * Contentstack retries a failed webhook 4 times, about 5, 25, 125 and 625 seconds after each failure.
 * `timeScale` shrinks the schedule so tests can watch every attempt in well under a second.
 */
export const CONTENTSTACK_RETRY_DELAYS_SEC: readonly number[] = [5, 25, 125, 625];

/** Delay before attempt `attemptIndex + 1` (0-based index of the attempt that just failed), or null when done. */
export function retryDelayMs(
  attemptIndex: number,
  timeScale: number,
  delaysSec: readonly number[] = CONTENTSTACK_RETRY_DELAYS_SEC,
): number | null {
  const sec = delaysSec[attemptIndex];
  return sec === undefined ? null : sec * 1000 * timeScale;
}
