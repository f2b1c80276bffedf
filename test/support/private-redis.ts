// A private redis-server for tests that stop and restart Redis (never the shared development one).
import { execFileSync } from 'node:child_process';
import { sleep } from './eventually';
import { freePort } from './ports';

export class PrivateRedis {
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.resume();
    return redis;
  }

  async resume(): Promise<void> {
    execFileSync('redis-server', [
      '--port',
      String(this.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
    ]);
    for (let i = 0; i < 100; i++) {
      try {
        if (
          execFileSync('redis-cli', ['-p', String(this.port), 'ping'])
            .toString()
            .trim() === 'PONG'
        )
          return;
      } catch {
        // not up yet
      }
      await sleep(50);
    }
    throw new Error(`redis on ${this.port} did not start`);
  }

  stop(): void {
    try {
      execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']);
    } catch {
      // shutdown closes the connection before answering
    }
  }
}
