// What the guard remembers between runs: the fingerprint of each experience as last guarded (the sweep compares
// against it), the listing fingerprints the poll last saw, the sync record of each experience (its state, since when
// it waits, the CMS variants it was last served by), the version whose activation was last handed to the assignments
// engine, and the latest reports.
import { guardReportSchema, syncRecordSchema, type GuardReport, type SyncRecord } from '@pb/shared';
import { z } from 'zod';
import { mirrorKeys, type MirrorKeys } from './keys';
import type { RedisClient } from '../redis';

export class MirrorState {
  private readonly keys: MirrorKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = mirrorKeys(prefix);
  }

  private field(projectUid: string, experienceUid: string): string {
    return `${projectUid}/${experienceUid}`;
  }

  private async projectFields(hash: string, projectUid: string): Promise<Map<string, string>> {
    const all = await this.redis.hgetall(hash);
    const prefix = `${projectUid}/`;
    return new Map(
      Object.entries(all)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  }

  fingerprints(projectUid: string): Promise<Map<string, string>> {
    return this.projectFields(this.keys.fingerprints, projectUid);
  }

  async recordFingerprint(projectUid: string, experienceUid: string, fingerprint: string): Promise<void> {
    await this.redis.hset(this.keys.fingerprints, this.field(projectUid, experienceUid), fingerprint);
  }

  async polled(projectUid: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keys.polled(projectUid))));
  }

  /** Replaces the poll's view of the project in one transaction (experiences gone from the listing are dropped). */
  async recordPolled(projectUid: string, listing: ReadonlyMap<string, string>): Promise<void> {
    const key = this.keys.polled(projectUid);
    const tx = this.redis.multi().del(key);
    if (listing.size > 0) tx.hset(key, Object.fromEntries(listing));
    await tx.exec();
  }

  async syncRecord(projectUid: string, experienceUid: string): Promise<SyncRecord | null> {
    return parseRecord(await this.redis.hget(this.keys.sync(projectUid), experienceUid));
  }

  async syncRecords(projectUid: string): Promise<Map<string, SyncRecord>> {
    const all = await this.redis.hgetall(this.keys.sync(projectUid));
    const out = new Map<string, SyncRecord>();
    for (const [uid, raw] of Object.entries(all)) {
      const record = parseRecord(raw);
      if (record !== null) out.set(uid, record);
    }
    return out;
  }

  /** Stores the record; returns whether the experience just became overdue (for the counter). */
  async recordSync(projectUid: string, experienceUid: string, record: SyncRecord): Promise<boolean> {
    const field = this.field(projectUid, experienceUid);
    const tx = this.redis.multi().hset(this.keys.sync(projectUid), experienceUid, JSON.stringify(record));
    if (record.state === 'overdue') tx.hsetnx(this.keys.overdue, field, record.waitingSince ?? record.checkedAt);
    else tx.hdel(this.keys.overdue, field);
    const answers = await tx.exec();
    return record.state === 'overdue' && answers?.[1]?.[1] === 1;
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
  async reports(projectUid: string): Promise<Map<string, GuardReport[]>> {
    const fields = await this.projectFields(this.keys.reports, projectUid);
    // Reports written by another version that this one cannot read are left out, not guessed at.
    return new Map([...fields].map(([k, v]) => [k, parseReports(v)]));
  }

  async recordReports(projectUid: string, experienceUid: string, reports: readonly GuardReport[]): Promise<void> {
    const field = this.field(projectUid, experienceUid);
    if (reports.length === 0) await this.redis.hdel(this.keys.reports, field);
    else await this.redis.hset(this.keys.reports, field, JSON.stringify(reports));
  }

  /** Removes everything the mirror remembers of the project (an uninstall); returns how many fields and keys went. */
  async forgetProject(projectUid: string): Promise<number> {
    let removed = 0;
    const field = `${projectUid}/`;
    for (const hash of [this.keys.fingerprints, this.keys.activated, this.keys.reports, this.keys.overdue]) {
      const doomed = Object.keys(await this.redis.hgetall(hash)).filter((f) => f.startsWith(field));
      if (doomed.length > 0) removed += await this.redis.hdel(hash, ...doomed);
    }
    return removed + (await this.redis.del(this.keys.sync(projectUid), this.keys.polled(projectUid)));
  }
}

function parseRecord(raw: string | null | undefined): SyncRecord | null {
  if (raw == null) return null;
  try {
    const parsed = syncRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function parseReports(raw: string): GuardReport[] {
  try {
    const list = z.array(z.unknown()).safeParse(JSON.parse(raw));
    return (list.data ?? []).flatMap((item) => {
      const report = guardReportSchema.safeParse(item);
      return report.success ? [report.data] : [];
    });
  } catch {
    return [];
  }
}
