// Every Redis key the decision side keeps for one project — assignment tables, visitors' attributes, experiment
// events and counters — so that uninstalling a stack can remove its project's data with one call.
import type { Redis } from 'ioredis';

export function projectKeyPatterns(prefix: string, projectUid: string): string[] {
  return [
    `${prefix}:asg:${projectUid}:*`,
    `${prefix}:ua:${projectUid}:*`,
    `${prefix}:evu:${projectUid}:*`,
    `${prefix}:res:${projectUid}:*`,
  ];
}

/** Removes the project's keys with SCAN + UNLINK (non-blocking); returns how many were removed. */
export async function removeProjectData(redis: Redis, prefix: string, projectUid: string): Promise<number> {
  let removed = 0;
  for (const pattern of projectKeyPatterns(prefix, projectUid)) {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) removed += await redis.unlink(...found);
    } while (cursor !== '0');
  }
  return removed;
}
