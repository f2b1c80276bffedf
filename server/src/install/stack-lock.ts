// One holder at a time per stack, across processes: a Redis key set with NX and an expiry, released only by its
// holder. The installation's writes take it because the platform rotates refresh tokens: two concurrent refreshes
// would leave one holder with a dead token.
import { randomBytes } from 'node:crypto';
import { busy } from '@pb/shared';
import type { RedisClient } from '../redis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const POLL_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class StackLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyOf: (stackApiKey: string) => string,
    /** How long a holder may keep the lock; longer than a token request can take, or two refreshes could race. */
    private readonly lockMs = 45_000,
  ) {}

  async run<T>(stackApiKey: string, work: () => Promise<T>): Promise<T> {
    const key = this.keyOf(stackApiKey);
    const token = randomBytes(8).toString('hex');
    // Work under the lock is a few Redis calls plus at most one token request; the expiry bounds a holder that died.
    for (let waited = 0; ; waited += POLL_MS) {
      if ((await this.redis.set(key, token, 'PX', this.lockMs, 'NX')) === 'OK') break;
      if (waited > this.lockMs) throw busy(`installation ${stackApiKey} stayed locked`);
      await sleep(POLL_MS);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}
