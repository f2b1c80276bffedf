// The ingest's view of which stacks are admitted, kept in this process so that a delivery of an installed stack
// costs no Redis read before its enqueue (the one round trip of ingest.ts). An admission is served from memory while
// it is younger than `freshMs`; until `maxAgeMs` it is still served while a background read refreshes it; older, the
// delivery waits for the read. Only admissions are kept: a stack that is not (yet) installed is read every time, so
// an installation is effective at once. A lifecycle event applied here drops the stack's entry; one applied by
// another server reaches this one within `maxAgeMs` (an uninstalled stack's events can be queued that long; the
// workers find no installation for them and drop them).
import type { StackAdmission, StackGate } from './ingest';

interface Entry {
  at: number;
  admission: StackAdmission;
  refreshing: boolean;
}

export interface AdmissionCacheOptions {
  freshMs?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export const ADMISSION_FRESH_MS = 1000;
export const ADMISSION_MAX_AGE_MS = 5000;

export function cachedStackGate(gate: StackGate, options: AdmissionCacheOptions = {}): StackGate {
  const freshMs = options.freshMs ?? ADMISSION_FRESH_MS;
  const maxAgeMs = options.maxAgeMs ?? ADMISSION_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  async function read(stackApiKey: string): Promise<StackAdmission> {
    const at = now();
    const admission = await gate.admission(stackApiKey);
    if (admission.accepted) entries.set(stackApiKey, { at, admission, refreshing: false });
    else entries.delete(stackApiKey);
    return admission;
  }

  return {
    admission(stackApiKey) {
      const entry = entries.get(stackApiKey);
      const age = entry === undefined ? Infinity : now() - entry.at;
      if (entry === undefined || age >= maxAgeMs) return read(stackApiKey);
      if (age >= freshMs && !entry.refreshing) {
        entry.refreshing = true;
        // A failed refresh keeps the entry until it is too old; the next delivery tries again.
        read(stackApiKey).catch(() => (entry.refreshing = false));
      }
      return Promise.resolve(entry.admission);
    },
    async applyLifecycle(envelope) {
      try {
        return await gate.applyLifecycle(envelope);
      } finally {
        entries.delete(envelope.api_key);
        entries.delete(envelope.data.app_installation.target.uid);
      }
    },
  };
}
