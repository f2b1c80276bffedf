import type {
  BridgePort,
  ConnectionReport,
  ExperienceResultsView,
  ExperienceSummary,
  ExperiencesOverview,
  MoveReport,
  PersonalizeProject,
  QueueHealth,
} from '../bridge/bridge-port';
import { fail, ok } from '../core/result';
import { later } from './later';

type Answer<T> = T | { reason: string };
const answer = <T extends object>(x: Answer<T>) =>
  'reason' in x && typeof x.reason === 'string' ? fail<T>(x.reason) : ok(x as T);

export function fakeBridge(options: {
  experiences?: ExperienceSummary[] | { reason: string };
  projects?: PersonalizeProject[] | { reason: string };
  connection?: ConnectionReport;
  overview?: Answer<ExperiencesOverview>;
  queues?: Answer<QueueHealth>;
  /** The edge key before and after each rotation, in order. */
  edgeKeys?: string[];
  results?: Record<string, Answer<ExperienceResultsView>>;
  mirrorNow?: Answer<{ queued: boolean }>;
  move?: Answer<MoveReport>;
  unlink?: Answer<{ groupUid: string; unlinked: string[] }>;
}): BridgePort & {
  projectRequests: { serverUrl: string; region: string }[];
  mirrorRequests: string[];
  moveRequests: { experienceUid: string; fromVariantUid: string; toVariantUid: string }[];
  unlinkRequests: string[];
  /** The key each rotation handed out. */
  rotations: string[];
} {
  const projectRequests: { serverUrl: string; region: string }[] = [];
  const mirrorRequests: string[] = [];
  const moveRequests: { experienceUid: string; fromVariantUid: string; toVariantUid: string }[] = [];
  const unlinkRequests: string[] = [];
  const edgeKeys = [...(options.edgeKeys ?? [])];
  const rotations: string[] = [];
  return {
    rotations,
    projectRequests,
    mirrorRequests,
    moveRequests,
    unlinkRequests,
    moveEntryVariants: async (experienceUid, remap) => {
      await later();
      moveRequests.push({ experienceUid, ...remap });
      return answer(options.move ?? { moved: [], failed: [] });
    },
    unlinkOrphanedGroup: async (groupUid) => {
      await later();
      unlinkRequests.push(groupUid);
      return answer(options.unlink ?? { groupUid, unlinked: [] });
    },
    experiences: async () => {
      await later();
      const x = options.experiences ?? [];
      return Array.isArray(x) ? ok(x) : fail(x.reason);
    },
    personalizeProjects: async (serverUrl, region) => {
      await later();
      projectRequests.push({ serverUrl, region });
      const p = options.projects ?? [];
      return Array.isArray(p) ? ok(p) : fail(p.reason);
    },
    testConnection: async () => {
      await later();
      return ok(options.connection ?? { serverReachable: false, sessionOk: false, message: 'Server not reachable.' });
    },
    overview: async () => {
      await later();
      return answer(options.overview ?? { experiences: [], orphanedGroups: [] });
    },
    queues: async () => {
      await later();
      return answer(options.queues ?? {});
    },
    edgeKey: async () => {
      await later();
      return ok({ projectUid: 'project-1', edgeKey: edgeKeys[0] ?? 'pbe_fake' });
    },
    rotateEdgeKey: async () => {
      await later();
      edgeKeys.shift();
      rotations.push(edgeKeys[0] ?? 'pbe_fake');
      return ok({ projectUid: 'project-1', edgeKey: edgeKeys[0] ?? 'pbe_fake' });
    },
    results: async (uid) => {
      await later();
      return answer(options.results?.[uid] ?? { reason: 'experience-not-served' });
    },
    mirrorNow: async (uid) => {
      await later();
      mirrorRequests.push(uid);
      return answer(options.mirrorNow ?? { queued: true });
    },
  };
}
