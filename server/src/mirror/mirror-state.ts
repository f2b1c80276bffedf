// What the engine remembers between runs: the fingerprint of each experience as last mirrored (the sweep compares
// against it), the version whose activation was last handed to the assignments engine, and the latest reports.
import type { Redis } from 'ioredis';
import type { MirrorReport } from '@pb/shared';

export class MirrorState {
  constructor(
    private readonly redis: Redis,
    private readonly keys: { fingerprints: string; activated: string; reports: string },
  ) {}

  private field(projectUid: string, experienceUid: string): string {
    return `${projectUid}/${experienceUid}`;
  }

  async fingerprints(projectUid: string): Promise<Map<string, string>> {
    const all = await this.redis.hgetall(this.keys.fingerprints);
    const prefix = `${projectUid}/`;
    return new Map(
      Object.entries(all)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  }

  async recordFingerprint(projectUid: string, experienceUid: string, fingerprint: string): Promise<void> {
    await this.redis.hset(this.keys.fingerprints, this.field(projectUid, experienceUid), fingerprint);
  }

  async activatedVersion(projectUid: string, experienceUid: string): Promise<string | null> {
    return this.redis.hget(this.keys.activated, this.field(projectUid, experienceUid));
  }

  async recordActivated(projectUid: string, experienceUid: string, versionUid: string): Promise<void> {
    await this.redis.hset(this.keys.activated, this.field(projectUid, experienceUid), versionUid);
  }

  /** Paused or deleted: nothing of this experience is served, so a later (re)activation is handed over again. */
  async clearActivated(projectUid: string, experienceUid: string): Promise<void> {
    await this.redis.hdel(this.keys.activated, this.field(projectUid, experienceUid));
  }

  /** The latest reports of every experience of the project (read by the UI's experiences page). */
  async reports(projectUid: string): Promise<Map<string, unknown>> {
    const all = await this.redis.hgetall(this.keys.reports);
    const prefix = `${projectUid}/`;
    return new Map(
      Object.entries(all)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), JSON.parse(v) as unknown]),
    );
  }

  async recordReports(projectUid: string, experienceUid: string, reports: readonly MirrorReport[]): Promise<void> {
    const field = this.field(projectUid, experienceUid);
    if (reports.length === 0) await this.redis.hdel(this.keys.reports, field);
    else await this.redis.hset(this.keys.reports, field, JSON.stringify(reports));
  }
}
