// One record per stack that installed the app, in Redis: who installed it (installation, organization), its
// Personalize project, its public configuration and — sealed with the secret box — its app tokens and server
// configuration. The store is also the production `InstallationDirectory`: `forStack` hands out an installation
// whose app token has at least the refresh margin left, refreshing it first (under a per-stack lock, because the
// platform rotates refresh tokens: two concurrent refreshes would leave one holder with a dead token).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Installation, InstallationDirectory, StackAuth } from '../installations';
import type { AppTokens, OAuthClient } from './oauth-client';
import type { SecretBox } from './secret-box';

export type InstallationStatus = 'awaiting-authorization' | 'active' | 'authorization-lost';

const jsonObject = z.record(z.string(), z.unknown());

const recordSchema = z.object({
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
type StoredRecord = z.infer<typeof recordSchema>;

const secretsSchema = z.object({
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  serverConfiguration: jsonObject,
});
type Secrets = z.infer<typeof secretsSchema>;

/** What the rest of the server may see of a record: everything but the tokens. */
export type InstallationView = Omit<StoredRecord, 'secrets'> & { serverConfiguration: Record<string, unknown> };

export interface LifecycleFacts {
  installationUid: string;
  stackApiKey: string;
  organizationUid: string;
  appUid?: string;
  configuration?: Record<string, unknown>;
  serverConfiguration?: Record<string, unknown>;
}

/** Finds the Personalize project connected to a stack, with the installation's own credentials. */
export type ProjectResolver = (who: {
  stackApiKey: string;
  organizationUid: string;
  auth: StackAuth;
}) => Promise<string | undefined>;

// The configuration screen's mirror section (app-ui/src/config/config-model.ts). Anything else in it is ignored, and
// a malformed section falls back to the server's settings rather than failing the stack's jobs. Values saved before
// Personalize's own sync was followed (`unlink`, `delete`) read as the nearest policy that writes nothing
// Personalize owns: `unlink` kept the group (now `keep`), `delete` removed it from use (now `unlink-content-types`).
const deletedExperiencePolicy = z
  .enum(['keep', 'unlink-content-types', 'unlink', 'delete'])
  .transform((v) => (v === 'unlink' ? 'keep' : v === 'delete' ? 'unlink-content-types' : v));

const mirrorSection = z.looseObject({
  mirror: z.looseObject({
    deleted_experience: deletedExperiencePolicy.optional(),
    auto_link_content_types: z
      .array(z.string().regex(/^[a-z0-9_]{1,64}$/))
      .max(100)
      .optional(),
  }),
});

export function mirrorSettingsOf(
  configuration: Record<string, unknown>,
): Pick<Installation, 'mirrorPolicy' | 'autoLinkContentTypes'> {
  const parsed = mirrorSection.safeParse(configuration);
  if (!parsed.success) return {};
  const { deleted_experience, auto_link_content_types } = parsed.data.mirror;
  return {
    mirrorPolicy: deleted_experience === undefined ? {} : { deletedExperience: deleted_experience },
    ...(auto_link_content_types === undefined || auto_link_content_types.length === 0
      ? {}
      : { autoLinkContentTypes: [...new Set(auto_link_content_types)].sort() }),
  };
}

export function installationKeys(prefix: string) {
  return {
    index: `${prefix}:installations`,
    record: (stackApiKey: string) => `${prefix}:installation:${stackApiKey}`,
    lock: (stackApiKey: string) => `${prefix}:installation-lock:${stackApiKey}`,
  };
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface InstallationStoreOptions {
  prefix: string;
  box: SecretBox;
  /** Without it (no OAuth app configured) tokens are never refreshed. */
  oauth?: OAuthClient;
  resolveProject?: ProjectResolver;
  refreshMarginMs: number;
  /** How long a holder may keep a stack's lock; longer than a token request can take, or two refreshes could race. */
  lockMs?: number;
  log?: Logger;
  now?: () => number;
}

export class InstallationStore implements InstallationDirectory {
  private readonly k;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: InstallationStoreOptions,
  ) {
    this.k = installationKeys(options.prefix);
    this.now = options.now ?? Date.now;
  }

  /** Whether events of this stack may be accepted: known and not uninstalled (awaiting tokens counts). */
  async status(stackApiKey: string): Promise<InstallationStatus | undefined> {
    return (await this.read(stackApiKey))?.status;
  }

  async view(stackApiKey: string): Promise<InstallationView | undefined> {
    const record = await this.read(stackApiKey);
    if (record === undefined) return undefined;
    const secrets = this.openSecrets(record);
    const { secrets: _sealed, ...rest } = record;
    return { ...rest, serverConfiguration: secrets?.serverConfiguration ?? {} };
  }

  /**
   * The install webhook (or a re-delivery of it). A record of another installation of the same stack is replaced —
   * its uninstall was lost — and returned so the caller can purge its data.
   */
  async recordInstall(facts: LifecycleFacts): Promise<{ replaced?: InstallationView }> {
    return this.locked(facts.stackApiKey, async () => {
      const existing = await this.read(facts.stackApiKey);
      if (existing !== undefined && existing.installationUid === facts.installationUid) {
        await this.writeLifecycle(existing, facts);
        return {};
      }
      const replaced = existing === undefined ? undefined : await this.view(facts.stackApiKey);
      const at = new Date(this.now()).toISOString();
      await this.write(
        {
          installationUid: facts.installationUid,
          stackApiKey: facts.stackApiKey,
          organizationUid: facts.organizationUid,
          ...(facts.appUid === undefined ? {} : { appUid: facts.appUid }),
          status: 'awaiting-authorization',
          configuration: facts.configuration ?? {},
          installedAt: at,
          updatedAt: at,
          secrets: '',
        },
        { serverConfiguration: facts.serverConfiguration ?? {} },
      );
      return replaced === undefined ? {} : { replaced };
    });
  }

  /** `update` / `upgrade`: new configuration for the current installation; false when it is not the current one. */
  async recordUpdate(facts: LifecycleFacts): Promise<boolean> {
    return this.locked(facts.stackApiKey, async () => {
      const existing = await this.read(facts.stackApiKey);
      if (existing === undefined || existing.installationUid !== facts.installationUid) return false;
      await this.writeLifecycle(existing, facts);
      return true;
    });
  }

  /** The OAuth callback: the installation's app tokens (creating the record if the install webhook is still on its way). */
  async recordTokens(
    who: { stackApiKey: string; installationUid: string; organizationUid: string; region?: string },
    tokens: AppTokens,
  ): Promise<InstallationView> {
    await this.locked(who.stackApiKey, async () => {
      const existing = await this.read(who.stackApiKey);
      const at = new Date(this.now()).toISOString();
      const base: StoredRecord =
        existing !== undefined && existing.installationUid === who.installationUid
          ? existing
          : {
              installationUid: who.installationUid,
              stackApiKey: who.stackApiKey,
              organizationUid: who.organizationUid,
              status: 'awaiting-authorization',
              configuration: {},
              installedAt: at,
              updatedAt: at,
              secrets: '',
            };
      const secrets = this.openSecrets(base) ?? { serverConfiguration: {} };
      await this.write(
        {
          ...base,
          status: 'active',
          tokenExpiresAt: tokens.expiresAt,
          updatedAt: at,
          ...(who.region === undefined ? {} : { region: who.region }),
        },
        { ...secrets, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
      );
    });
    await this.ensureProject(who.stackApiKey);
    const view = await this.view(who.stackApiKey);
    if (view === undefined) throw new Error('installation vanished while its tokens were stored');
    return view;
  }

  /** `uninstall`: forgets the record (tokens included) at once; returns it so its data can be purged. */
  async remove(stackApiKey: string, installationUid: string): Promise<InstallationView | undefined> {
    return this.locked(stackApiKey, async () => {
      const view = await this.view(stackApiKey);
      if (view === undefined || view.installationUid !== installationUid) return undefined;
      await this.redis.multi().del(this.k.record(stackApiKey)).srem(this.k.index, stackApiKey).exec();
      return view;
    });
  }

  // --- InstallationDirectory: the active installations with a project, with fresh tokens ---

  async list(): Promise<Installation[]> {
    const stacks = await this.redis.smembers(this.k.index);
    const found = await Promise.all(stacks.map((s) => this.forStack(s)));
    return found.filter((i): i is Installation => i !== undefined);
  }

  async forStack(stackApiKey: string): Promise<Installation | undefined> {
    let record = await this.read(stackApiKey);
    if (record?.status !== 'active') return undefined;
    if ((record.tokenExpiresAt ?? 0) - this.now() < this.options.refreshMarginMs) {
      record = await this.refresh(stackApiKey);
      if (record?.status !== 'active') return undefined;
    }
    if (record.projectUid === undefined) {
      record = await this.ensureProject(stackApiKey);
      if (record?.projectUid === undefined) return undefined;
    }
    const secrets = this.openSecrets(record);
    if (secrets?.accessToken === undefined) return undefined;
    return {
      stackApiKey: record.stackApiKey,
      organizationUid: record.organizationUid,
      projectUid: record.projectUid,
      installationUid: record.installationUid,
      auth: { kind: 'app-token', accessToken: secrets.accessToken },
      ...mirrorSettingsOf(record.configuration),
    };
  }

  // --- internals ---

  private async refresh(stackApiKey: string): Promise<StoredRecord | undefined> {
    const { oauth } = this.options;
    return this.locked(stackApiKey, async () => {
      const record = await this.read(stackApiKey);
      // Another holder of the lock may have refreshed already.
      if (record?.status !== 'active' || (record.tokenExpiresAt ?? 0) - this.now() >= this.options.refreshMarginMs)
        return record;
      const secrets = this.openSecrets(record);
      if (oauth === undefined || secrets?.refreshToken === undefined) return record;
      const answer = await oauth.refresh(secrets.refreshToken);
      const at = new Date(this.now()).toISOString();
      if (!answer.ok) {
        // The platform no longer honours this installation's grant (revoked, uninstalled, client changed): stop
        // using it; the next install or authorization makes the stack active again.
        this.options.log?.warn({ stackApiKey, reason: answer.reason }, 'app token refresh refused');
        const lost: StoredRecord = { ...record, status: 'authorization-lost', updatedAt: at };
        await this.write(lost, { serverConfiguration: secrets.serverConfiguration });
        return lost;
      }
      const next: StoredRecord = { ...record, tokenExpiresAt: answer.tokens.expiresAt, updatedAt: at };
      await this.write(next, {
        ...secrets,
        accessToken: answer.tokens.accessToken,
        refreshToken: answer.tokens.refreshToken,
      });
      this.options.log?.info({ stackApiKey }, 'app token refreshed');
      return this.read(stackApiKey);
    });
  }

  private async ensureProject(stackApiKey: string): Promise<StoredRecord | undefined> {
    const record = await this.read(stackApiKey);
    const resolve = this.options.resolveProject;
    if (record === undefined || record.projectUid !== undefined || resolve === undefined) return record;
    const secrets = this.openSecrets(record);
    if (secrets?.accessToken === undefined) return record;
    const projectUid = await resolve({
      stackApiKey,
      organizationUid: record.organizationUid,
      auth: { kind: 'app-token', accessToken: secrets.accessToken },
    });
    if (projectUid === undefined) return record;
    return this.locked(stackApiKey, async () => {
      const current = await this.read(stackApiKey);
      if (current === undefined || current.installationUid !== record.installationUid) return current;
      const next = { ...current, projectUid };
      await this.redis.set(this.k.record(stackApiKey), JSON.stringify(next));
      return next;
    });
  }

  private async writeLifecycle(existing: StoredRecord, facts: LifecycleFacts): Promise<void> {
    const secrets = this.openSecrets(existing) ?? { serverConfiguration: {} };
    await this.write(
      {
        ...existing,
        configuration: facts.configuration ?? existing.configuration,
        ...(facts.appUid === undefined ? {} : { appUid: facts.appUid }),
        updatedAt: new Date(this.now()).toISOString(),
      },
      { ...secrets, serverConfiguration: facts.serverConfiguration ?? secrets.serverConfiguration },
    );
  }

  private async write(record: StoredRecord, secrets: Secrets): Promise<void> {
    const sealed = this.options.box.seal(JSON.stringify(secrets), record.stackApiKey);
    await this.redis
      .multi()
      .set(this.k.record(record.stackApiKey), JSON.stringify({ ...record, secrets: sealed }))
      .sadd(this.k.index, record.stackApiKey)
      .exec();
  }

  private async read(stackApiKey: string): Promise<StoredRecord | undefined> {
    const raw = await this.redis.get(this.k.record(stackApiKey));
    if (raw === null) return undefined;
    const parsed = recordSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      this.options.log?.error({ stackApiKey }, 'installation record unreadable');
      return undefined;
    }
    return parsed.data;
  }

  private openSecrets(record: StoredRecord): Secrets | undefined {
    if (record.secrets === '') return undefined;
    const opened = this.options.box.open(record.secrets, record.stackApiKey);
    if (opened === null) {
      this.options.log?.error(
        { stackApiKey: record.stackApiKey },
        'installation secrets do not open: INSTALLATION_SECRET_KEY changed without INSTALLATION_SECRET_KEY_PREVIOUS?',
      );
      return undefined;
    }
    const parsed = secretsSchema.safeParse(JSON.parse(opened));
    return parsed.success ? parsed.data : undefined;
  }

  private async locked<T>(stackApiKey: string, work: () => Promise<T>): Promise<T> {
    const key = this.k.lock(stackApiKey);
    const token = randomBytes(8).toString('hex');
    // Work under the lock is a few Redis calls plus at most one token request; the expiry bounds a holder that died.
    const lockMs = this.options.lockMs ?? 45_000;
    for (let waited = 0; ; waited += 25) {
      if ((await this.redis.set(key, token, 'PX', lockMs, 'NX')) === 'OK') break;
      if (waited > lockMs) throw new Error(`installation ${stackApiKey} stayed locked`);
      await sleep(25);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }
}
