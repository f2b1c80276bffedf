// Dead letters: one record per job that failed for good, with the reason, so an operator can see what was lost
// and replay it. A hash keyed by queue and job id keeps the write idempotent (a job retried by a stalled-job
// recovery writes the same record twice, not two records).
import type { RedisClient } from '../redis';
import { SHARED_TAGS } from '../redis-tags';
import { z } from 'zod';

export const deadLetterSchema = z.object({
  queue: z.string(),
  jobId: z.string(),
  name: z.string(),
  data: z.unknown(),
  reason: z.string(),
  kind: z.enum(['permanent', 'attempts-exhausted', 'invalid-payload']),
  attempts: z.number().int(),
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** The hash of a deployment's dead letters: `<queue>/<job id>` → the letter's JSON. */
export const deadLettersKey = (prefix: string): string => `${prefix}:${SHARED_TAGS.ops}:dead-letters`;

export class DeadLetterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
  ) {}

  static forPrefix(redis: RedisClient, prefix: string): DeadLetterStore {
    return new DeadLetterStore(redis, deadLettersKey(prefix));
  }

  async record(letter: DeadLetter): Promise<void> {
    await this.redis.hset(this.key, `${letter.queue}/${letter.jobId}`, JSON.stringify(letter));
  }

  async list(): Promise<DeadLetter[]> {
    const all = await this.redis.hvals(this.key);
    return all.map((raw) => deadLetterSchema.parse(JSON.parse(raw)));
  }

  async get(queue: string, jobId: string): Promise<DeadLetter | undefined> {
    const raw = await this.redis.hget(this.key, `${queue}/${jobId}`);
    return raw === null ? undefined : deadLetterSchema.parse(JSON.parse(raw));
  }

  /** Removes the letters whose job data `belongs` (an uninstall); returns how many went. */
  async forget(belongs: (data: unknown) => boolean): Promise<number> {
    const all = await this.redis.hgetall(this.key);
    const doomed = Object.entries(all)
      .filter(([, raw]) => {
        const letter = deadLetterSchema.safeParse(JSON.parse(raw));
        return letter.success && belongs(letter.data.data);
      })
      .map(([field]) => field);
    return doomed.length === 0 ? 0 : this.redis.hdel(this.key, ...doomed);
  }
}
