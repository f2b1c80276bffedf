// Keeps an installation's app token usable: refreshed under the stack's lock once less than the margin is left.
// A refresh the platform refuses (revoked, uninstalled, client changed) marks the installation `authorization-lost`;
// the next install or authorization makes it active again.
import type { Logger } from 'pino';
import type { InstallationRecords, StoredRecord } from './installation-records';
import type { OAuthClient } from './oauth-client';
import type { StackLock } from './stack-lock';

export class TokenRefresher {
  constructor(
    private readonly deps: {
      records: InstallationRecords;
      lock: StackLock;
      /** Without it (no OAuth app configured) tokens are never refreshed. */
      oauth?: OAuthClient;
      refreshMarginMs: number;
      now: () => number;
      log?: Logger;
    },
  ) {}

  /** Whether the record's token has less than the margin left. */
  due(record: StoredRecord): boolean {
    return (record.tokenExpiresAt ?? 0) - this.deps.now() < this.deps.refreshMarginMs;
  }

  /** The record with a fresh token (or as it is when it cannot be refreshed); writes only when it refreshed. */
  async refresh(stackApiKey: string): Promise<StoredRecord | undefined> {
    const { records, oauth, log } = this.deps;
    return this.deps.lock.run(stackApiKey, async () => {
      const record = await records.read(stackApiKey);
      // Another holder of the lock may have refreshed already.
      if (record?.status !== 'active' || !this.due(record)) return record;
      const secrets = records.openSecrets(record);
      if (oauth === undefined || secrets?.refreshToken === undefined) return record;
      const answer = await oauth.refresh(secrets.refreshToken);
      const at = new Date(this.deps.now()).toISOString();
      if (!answer.ok) {
        log?.warn({ stackApiKey, reason: answer.reason }, 'app token refresh refused');
        const lost: StoredRecord = { ...record, status: 'authorization-lost', updatedAt: at };
        await records.write(lost, { serverConfiguration: secrets.serverConfiguration });
        return lost;
      }
      const next: StoredRecord = { ...record, tokenExpiresAt: answer.tokens.expiresAt, updatedAt: at };
      await records.write(next, {
        ...secrets,
        accessToken: answer.tokens.accessToken,
        refreshToken: answer.tokens.refreshToken,
      });
      log?.info({ stackApiKey }, 'app token refreshed');
      return records.read(stackApiKey);
    });
  }
}
