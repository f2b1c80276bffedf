// The stored form of an installation, one Redis record per stack: who installed it (installation, organization), its
// Personalize project, its public configuration and — sealed with the secret box, bound to the stack — its app
// tokens and server configuration. Only reads and writes; the rules of when to write live in the store.
import type { RedisClient } from '../redis';
import { SHARED_TAGS, stackTag } from '../redis-tags';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { SecretBox } from './secret-box';

const jsonObject = z.record(z.string(), z.unknown());

export const storedRecordSchema = z.object({
  installationUid: z.string().min(1),
  stackApiKey: z.string().min(1),
  organizationUid: z.string().min(1),
  appUid: z.string().optional(),
  projectUid: z.string().optional(),
  /** The platform's name of the region the install came from (`NA`, `EU`, …), from the OAuth redirect. */
  region: z.string().optional(),
  status: z.enum(['awaiting-authorization', 'active', 'authorization-lost']),
  configuration: jsonObject,
  installedAt: z.string(),
  updatedAt: z.string(),
  tokenExpiresAt: z.number().optional(),
  /** Sealed JSON of `Secrets`. */
  secrets: z.string(),
});
export type StoredRecord = z.infer<typeof storedRecordSchema>;
export type InstallationStatus = StoredRecord['status'];

const secretsSchema = z.object({
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  serverConfiguration: jsonObject,
});
export type Secrets = z.infer<typeof secretsSchema>;

/**
 * The records and their index share one hash tag (a record and its index entry change in one MULTI, which a cluster
 * runs only within a slot); there is one small record per installed stack. The lock is per stack.
 */
export function installationKeys(prefix: string) {
  const all = `${prefix}:${SHARED_TAGS.installations}`;
  return {
    index: `${all}:index`,
    record: (stackApiKey: string) => `${all}:record:${stackApiKey}`,
    lock: (stackApiKey: string) => `${prefix}:${stackTag(stackApiKey)}:installation-lock`,
  };
}

export class InstallationRecords {
  private readonly k: ReturnType<typeof installationKeys>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly box: SecretBox,
    private readonly log?: Logger,
  ) {
    this.k = installationKeys(prefix);
  }

  stacks(): Promise<string[]> {
    return this.redis.smembers(this.k.index);
  }

  async read(stackApiKey: string): Promise<StoredRecord | undefined> {
    const raw = await this.redis.get(this.k.record(stackApiKey));
    if (raw === null) return undefined;
    const parsed = storedRecordSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      this.log?.error({ stackApiKey }, 'installation record unreadable');
      return undefined;
    }
    return parsed.data;
  }

  /** Writes the record with its secrets sealed again (a fresh nonce each time). */
  async write(record: StoredRecord, secrets: Secrets): Promise<void> {
    const sealed = this.box.seal(JSON.stringify(secrets), record.stackApiKey);
    await this.redis
      .multi()
      .set(this.k.record(record.stackApiKey), JSON.stringify({ ...record, secrets: sealed }))
      .sadd(this.k.index, record.stackApiKey)
      .exec();
  }

  /** Writes fields that are not secret, keeping the sealed secrets as they are. */
  async writePublic(record: StoredRecord): Promise<void> {
    await this.redis.set(this.k.record(record.stackApiKey), JSON.stringify(record));
  }

  async remove(stackApiKey: string): Promise<void> {
    await this.redis.multi().del(this.k.record(stackApiKey)).srem(this.k.index, stackApiKey).exec();
  }

  /** The record's secrets; undefined when it has none yet or they do not open (a key rotated without its predecessor). */
  openSecrets(record: StoredRecord): Secrets | undefined {
    if (record.secrets === '') return undefined;
    const opened = this.box.open(record.secrets, record.stackApiKey);
    if (opened === null) {
      this.log?.error(
        { stackApiKey: record.stackApiKey },
        'installation secrets do not open: INSTALLATION_SECRET_KEY changed without INSTALLATION_SECRET_KEY_PREVIOUS?',
      );
      return undefined;
    }
    const parsed = secretsSchema.safeParse(JSON.parse(opened));
    return parsed.success ? parsed.data : undefined;
  }
}
