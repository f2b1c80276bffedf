// The poll: Personalize sends no webhooks, so every POLL_INTERVAL_S each installed project's experiences are listed
// (one budgeted call per project) and compared with what the poll saw last time. Only what changed is guarded: an
// experience whose listing differs (a rename, an activation, a pause, Personalize's sync filling `_cms`), one that
// left the listing (deleted), and one still waiting for the sync once its deadline has passed (so "sync overdue"
// shows within the deadline plus one poll). The guard runs decide the rest, including recomputes on activation.
import { ExternalCallError, type MirrorJob } from '@pb/shared';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../installations';
import type { MirrorPortsFactory } from './ports';
import type { MirrorState } from './mirror-state';

export interface PollDeps {
  installations: InstallationDirectory;
  ports: MirrorPortsFactory;
  state: MirrorState;
  enqueueMirror: (job: MirrorJob) => Promise<void>;
  syncDeadlineMs: number;
  now: () => Date;
  log: Logger;
}

export interface PollOutcome {
  projects: number;
  queued: number;
  /** Projects whose listing could not be read this round (tried again at the next poll). */
  skipped: { projectUid: string; reason: string }[];
}

export async function poll(deps: PollDeps): Promise<PollOutcome> {
  const outcome: PollOutcome = { projects: 0, queued: 0, skipped: [] };
  for (const installation of await deps.installations.list()) {
    const { projectUid } = installation;
    try {
      const listed = await deps.ports(installation).listing();
      const before = await deps.state.polled(projectUid);
      const records = await deps.state.syncRecords(projectUid);
      const now = deps.now().getTime();
      const due = new Set<string>();
      for (const experience of listed) if (before.get(experience.uid) !== experience.listing) due.add(experience.uid);
      const alive = new Set(listed.map((e) => e.uid));
      for (const uid of before.keys()) if (!alive.has(uid)) due.add(uid);
      for (const [uid, record] of records) {
        const since = record.waitingSince === undefined ? NaN : Date.parse(record.waitingSince);
        if (record.state === 'waiting' && now - since >= deps.syncDeadlineMs) due.add(uid);
      }
      for (const experienceUid of due) {
        await deps.enqueueMirror({ stackApiKey: installation.stackApiKey, projectUid, experienceUid, trigger: 'poll' });
      }
      // Recorded after the jobs are queued: a crash in between re-queues them at the next poll, never loses them.
      await deps.state.recordPolled(projectUid, new Map(listed.map((e) => [e.uid, e.listing])));
      outcome.projects += 1;
      outcome.queued += due.size;
    } catch (error) {
      // One project that cannot be read this round (rate-limited, authorization lost, Personalize down) must not
      // stop the others; it is polled again at the next round.
      if (!(error instanceof ExternalCallError)) throw error;
      outcome.skipped.push({ projectUid, reason: error.message });
      deps.log.warn({ projectUid, kind: error.kind, status: error.status }, 'poll: project skipped this round');
    }
  }
  deps.log.debug(
    { projects: outcome.projects, queued: outcome.queued, skipped: outcome.skipped.length },
    'poll finished',
  );
  return outcome;
}
