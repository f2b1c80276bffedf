// The installations of the app, one per stack: the lifecycle use cases write them (install, update, tokens,
// uninstall), and the rest of the server reads them as its `InstallationDirectory`. It is composed of the parts that
// do the work: the records (Redis, secrets sealed), the stack lock, the token refresher and the project binding.
// Reading an installation through the directory (`forStack`, `list`) may write, and says so: an installation is
// handed out only with an app token that has the refresh margin left and a bound project, so a token due for renewal
// is refreshed and an unbound project is resolved on the way.
import type { Logger } from 'pino';
import type { Installation, InstallationDirectory } from '../installations';
import { mirrorSettingsOf } from './installation-configuration';
import {
  InstallationRecords,
  installationKeys,
  type InstallationStatus,
  type StoredRecord,
} from './installation-records';
import type { AppTokens, OAuthClient } from './oauth-client';
import { ProjectBinding, type ProjectResolver } from './project-binding';
import type { SecretBox } from './secret-box';
import { StackLock } from './stack-lock';
import { TokenRefresher } from './token-refresher';
import type { RedisClient } from '../redis';

export type { InstallationStatus } from './installation-records';
export type { ProjectResolver } from './project-binding';
export { mirrorSettingsOf } from './installation-configuration';

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
  private readonly records: InstallationRecords;
  private readonly lock: StackLock;
  private readonly tokens: TokenRefresher;
  private readonly projects: ProjectBinding;
  private readonly now: () => number;

  constructor(redis: RedisClient, options: InstallationStoreOptions) {
    this.now = options.now ?? Date.now;
    this.records = new InstallationRecords(redis, options.prefix, options.box, options.log);
    this.lock = new StackLock(redis, installationKeys(options.prefix).lock, options.lockMs);
    this.tokens = new TokenRefresher({
      records: this.records,
      lock: this.lock,
      ...(options.oauth === undefined ? {} : { oauth: options.oauth }),
      refreshMarginMs: options.refreshMarginMs,
      now: this.now,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    this.projects = new ProjectBinding({
      records: this.records,
      lock: this.lock,
      ...(options.resolveProject === undefined ? {} : { resolve: options.resolveProject }),
    });
  }

  /** Whether events of this stack may be accepted: known and not uninstalled (awaiting tokens counts). */
  async status(stackApiKey: string): Promise<InstallationStatus | undefined> {
    return (await this.records.read(stackApiKey))?.status;
  }

  async view(stackApiKey: string): Promise<InstallationView | undefined> {
    const record = await this.records.read(stackApiKey);
    return record === undefined ? undefined : this.viewOf(record);
  }

  /**
   * The install webhook (or a re-delivery of it). A record of another installation of the same stack is replaced —
   * its uninstall was lost — and returned so the caller can purge its data.
   */
  async recordInstall(facts: LifecycleFacts): Promise<{ replaced?: InstallationView }> {
    return this.lock.run(facts.stackApiKey, async () => {
      const existing = await this.records.read(facts.stackApiKey);
      if (existing !== undefined && existing.installationUid === facts.installationUid) {
        await this.writeLifecycle(existing, facts);
        return {};
      }
      const at = new Date(this.now()).toISOString();
      await this.records.write(
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
      return existing === undefined ? {} : { replaced: this.viewOf(existing) };
    });
  }

  /** `update` / `upgrade`: new configuration for the current installation; false when it is not the current one. */
  async recordUpdate(facts: LifecycleFacts): Promise<boolean> {
    return this.lock.run(facts.stackApiKey, async () => {
      const existing = await this.records.read(facts.stackApiKey);
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
    await this.lock.run(who.stackApiKey, async () => {
      const existing = await this.records.read(who.stackApiKey);
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
      const secrets = this.records.openSecrets(base) ?? { serverConfiguration: {} };
      await this.records.write(
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
    await this.projects.ensure(who.stackApiKey);
    const view = await this.view(who.stackApiKey);
    if (view === undefined) throw new Error('installation vanished while its tokens were stored');
    return view;
  }

  /** `uninstall`: forgets the record (tokens included) at once; returns it so its data can be purged. */
  async remove(stackApiKey: string, installationUid: string): Promise<InstallationView | undefined> {
    return this.lock.run(stackApiKey, async () => {
      const record = await this.records.read(stackApiKey);
      if (record === undefined || record.installationUid !== installationUid) return undefined;
      await this.records.remove(stackApiKey);
      return this.viewOf(record);
    });
  }

  // --- InstallationDirectory: the active installations with a project, with fresh tokens ---

  async list(): Promise<Installation[]> {
    const found = await Promise.all((await this.records.stacks()).map((s) => this.forStack(s)));
    return found.filter((i): i is Installation => i !== undefined);
  }

  /** The stack's installation ready to use: refreshes its token when due and binds its project when unbound. */
  async forStack(stackApiKey: string): Promise<Installation | undefined> {
    let record = await this.records.read(stackApiKey);
    if (record?.status !== 'active') return undefined;
    if (this.tokens.due(record)) {
      record = await this.tokens.refresh(stackApiKey);
      if (record?.status !== 'active') return undefined;
    }
    if (record.projectUid === undefined) {
      record = await this.projects.ensure(stackApiKey);
      if (record?.projectUid === undefined) return undefined;
    }
    const secrets = this.records.openSecrets(record);
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

  private viewOf(record: StoredRecord): InstallationView {
    const { secrets: _sealed, ...rest } = record;
    return { ...rest, serverConfiguration: this.records.openSecrets(record)?.serverConfiguration ?? {} };
  }

  private async writeLifecycle(existing: StoredRecord, facts: LifecycleFacts): Promise<void> {
    const secrets = this.records.openSecrets(existing) ?? { serverConfiguration: {} };
    await this.records.write(
      {
        ...existing,
        configuration: facts.configuration ?? existing.configuration,
        ...(facts.appUid === undefined ? {} : { appUid: facts.appUid }),
        updatedAt: new Date(this.now()).toISOString(),
      },
      { ...secrets, serverConfiguration: facts.serverConfiguration ?? secrets.serverConfiguration },
    );
  }
}
