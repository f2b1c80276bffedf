// The sandbox's request log (`GET /_sandbox/requests`): what the app really sent, for budget and ownership checks.
import type { MarketerRequest } from './personalize-helper';

export interface SandboxRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  org?: string;
  kind?: 'read' | 'write' | 'personalize';
}

export async function sandboxRequests(base: string, since: number): Promise<SandboxRequest[]> {
  const answer = (await (await fetch(`${base}/_sandbox/requests?since=${since}`)).json()) as {
    requests: SandboxRequest[];
  };
  return answer.requests;
}

/** The sandbox's log less the marketer's own requests (matched by method, path and time in flight): the app's. */
export function appRequests(requests: SandboxRequest[], marketer: readonly MarketerRequest[]): SandboxRequest[] {
  const left = [...marketer];
  return requests.filter((r) => {
    const i = left.findIndex(
      (m) => m.method === r.method && m.path === r.path && r.at >= m.from - 5 && r.at <= m.to + 5,
    );
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** The most calls of one kind the sandbox saw in any one-second window. */
export function maxPerSecond(requests: SandboxRequest[], kind: SandboxRequest['kind']): number {
  const times = requests
    .filter((r) => r.kind === kind)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
