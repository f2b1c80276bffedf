import type { BridgePort, ConnectionReport, ExperienceSummary, PersonalizeProject } from '../bridge/bridge-port';
import { fail, ok } from '../cma/result';
import { later } from './later';

export function fakeBridge(options: {
  experiences?: ExperienceSummary[] | { reason: string };
  projects?: PersonalizeProject[] | { reason: string };
  connection?: ConnectionReport;
}): BridgePort & { projectRequests: { serverUrl: string; region: string }[] } {
  const projectRequests: { serverUrl: string; region: string }[] = [];
  return {
    projectRequests,
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
  };
}
