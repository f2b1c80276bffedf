/**
 * The app platform's state and use cases: install / update / uninstall an installation, issue an
 * authorization code (the install redirect), and exchange codes and refresh tokens for app tokens.
 * Every access token is registered with the credential registry so the CMA and Personalize accept it.
 */
import { z } from 'zod';
import type { AppPrincipal, SandboxContext, StatePart } from '../core/contracts';
import { defaultAppDefinition, opaqueToken } from './app-definition';
import type { AppDefinition } from './app-definition';
import { installationSchema, lifecyclePayload, newInstallationUid } from './installations';
import type { Installation } from './installations';

export const AUTHORIZATION_CODE_TTL_MS = 60_000;
export const ACCESS_TOKEN_TTL_SEC = 3600;

/** Lets an installation register the app's webhook receiver for its stack. */
export interface WebhookTargetPort {
  register(input: { apiKey: string; url: string; hmacSecret?: string | undefined }, now: Date): unknown;
}

interface AuthorizationCode {
  installationUid: string;
  expiresAt: number;
}

interface IssuedToken {
  token: string;
  installationUid: string;
  expiresAt: string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  location: 'NA';
  organization_uid: string;
  authorization_type: 'app';
  stack_api_key: string;
  installation_uid: string;
  scope: string;
}

export type OAuthFailure = { ok: false; status: 400 | 401; error: string; description: string };
export type TokenResult = { ok: true; body: TokenResponse } | OAuthFailure;

const stateSchema = z.object({
  installations: z.array(installationSchema),
  refreshTokens: z.array(z.object({ token: z.string(), installationUid: z.string(), expiresAt: z.string() })),
  accessTokens: z.array(z.object({ token: z.string(), installationUid: z.string(), expiresAt: z.string() })),
});

export class AppPlatformState {
  app: AppDefinition;
  private installations = new Map<string, Installation>();
  private codes = new Map<string, AuthorizationCode>();
  private refreshTokens = new Map<string, IssuedToken>();
  private accessTokens = new Map<string, IssuedToken>();

  constructor(
    private readonly ctx: SandboxContext,
    private readonly initialApp: AppDefinition,
    private readonly webhookTargets: WebhookTargetPort | undefined,
  ) {
    this.app = initialApp;
  }

  statePart(): StatePart {
    return {
      name: 'app-platform',
      snapshot: () => ({
        installations: [...this.installations.values()],
        refreshTokens: [...this.refreshTokens.values()],
        accessTokens: [...this.accessTokens.values()],
      }),
      restore: (data) => {
        const parsed = stateSchema.safeParse(data);
        if (!parsed.success) return;
        this.clear();
        for (const inst of parsed.data.installations) this.installations.set(inst.uid, inst);
        for (const t of parsed.data.refreshTokens) this.refreshTokens.set(t.token, t);
        for (const t of parsed.data.accessTokens) {
          const inst = this.installations.get(t.installationUid);
          if (inst === undefined || Date.parse(t.expiresAt) <= this.ctx.clock.now().getTime()) continue;
          this.accessTokens.set(t.token, t);
          this.ctx.credentials.registerAppToken(t.token, this.principal(inst), new Date(t.expiresAt));
        }
      },
      reset: () => {
        this.clear();
        this.app = this.initialApp;
      },
    };
  }

  installationsList(): Installation[] {
    return [...this.installations.values()];
  }

  installation(uid: string): Installation | undefined {
    return this.installations.get(uid);
  }

  installationForStack(apiKey: string): Installation | undefined {
    return [...this.installations.values()].find((i) => i.stackApiKey === apiKey);
  }

  /**
   * Installs the app on a stack (or re-authorizes an existing installation) and returns the code the
   * install redirect would carry. A new installation registers the app's webhook receiver before the
   * `install` webhook is emitted, so the receiver sees its own installation.
   */
  install(input: {
    apiKey: string;
    configuration?: Record<string, unknown> | undefined;
    serverConfiguration?: Record<string, unknown> | undefined;
  }):
    { ok: true; installation: Installation; code: string; created: boolean } | { ok: false; reason: 'unknown-stack' } {
    const stack = this.ctx.stacks.get(input.apiKey);
    if (stack === undefined) return { ok: false, reason: 'unknown-stack' };
    const existing = this.installationForStack(input.apiKey);
    if (existing !== undefined)
      return { ok: true, installation: existing, code: this.issueCode(existing), created: false };

    const now = this.ctx.clock.now().toISOString();
    const inst: Installation = {
      uid: newInstallationUid(),
      appUid: this.app.appUid,
      organizationUid: stack.orgUid,
      stackApiKey: stack.apiKey,
      configuration: input.configuration ?? {},
      serverConfiguration: input.serverConfiguration ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.installations.set(inst.uid, inst);
    if (this.app.webhookUrl !== undefined && this.webhookTargets !== undefined) {
      this.webhookTargets.register(
        { apiKey: inst.stackApiKey, url: this.app.webhookUrl, hmacSecret: this.app.webhookHmacSecret },
        this.ctx.clock.now(),
      );
    }
    this.emitLifecycle(inst, 'install');
    return { ok: true, installation: inst, code: this.issueCode(inst), created: true };
  }

  update(
    uid: string,
    patch: {
      configuration?: Record<string, unknown> | undefined;
      serverConfiguration?: Record<string, unknown> | undefined;
    },
  ): Installation | undefined {
    const inst = this.installations.get(uid);
    if (inst === undefined) return undefined;
    if (patch.configuration !== undefined) inst.configuration = patch.configuration;
    if (patch.serverConfiguration !== undefined) inst.serverConfiguration = patch.serverConfiguration;
    inst.updatedAt = this.ctx.clock.now().toISOString();
    this.emitLifecycle(inst, 'update');
    return inst;
  }

  /** A new version of the app was rolled out to this installation (Developer Hub → upgrade): emits `upgrade`. */
  upgrade(uid: string): Installation | undefined {
    const inst = this.installations.get(uid);
    if (inst === undefined) return undefined;
    inst.updatedAt = this.ctx.clock.now().toISOString();
    this.emitLifecycle(inst, 'upgrade');
    return inst;
  }

  uninstall(uid: string): boolean {
    const inst = this.installations.get(uid);
    if (inst === undefined) return false;
    this.forgetTokens(uid);
    this.installations.delete(uid);
    this.emitLifecycle(inst, 'uninstall');
    return true;
  }

  issueCode(inst: Installation): string {
    const code = opaqueToken('code_');
    this.codes.set(code, {
      installationUid: inst.uid,
      expiresAt: this.ctx.clock.now().getTime() + AUTHORIZATION_CODE_TTL_MS,
    });
    return code;
  }

  /** `grant_type=authorization_code`: one use, 60 s, redirect_uri must match the app's. */
  exchangeCode(input: { clientId: string; clientSecret: string; redirectUri: string; code: string }): TokenResult {
    const client = this.checkClient(input.clientId, input.clientSecret);
    if (client !== null) return client;
    if (input.redirectUri !== this.app.redirectUri) {
      return fail(400, 'invalid_grant', 'redirect_uri does not match the redirect URI registered for the app.');
    }
    const code = this.codes.get(input.code);
    // Codes are single-use: delete before any further check so a replay never succeeds.
    this.codes.delete(input.code);
    if (code === undefined) return fail(400, 'invalid_grant', 'The authorization code is invalid or was already used.');
    if (code.expiresAt <= this.ctx.clock.now().getTime()) {
      return fail(400, 'invalid_grant', 'The authorization code has expired.');
    }
    const inst = this.installations.get(code.installationUid);
    if (inst === undefined) return fail(400, 'invalid_grant', 'The installation no longer exists.');
    return { ok: true, body: this.issueTokens(inst) };
  }

  /** `grant_type=refresh_token`: rotates the refresh token. */
  refresh(input: { clientId: string; clientSecret: string; refreshToken: string }): TokenResult {
    const client = this.checkClient(input.clientId, input.clientSecret);
    if (client !== null) return client;
    const issued = this.refreshTokens.get(input.refreshToken);
    if (issued === undefined) return fail(400, 'invalid_grant', 'The refresh token is invalid or was already used.');
    this.refreshTokens.delete(input.refreshToken);
    if (Date.parse(issued.expiresAt) <= this.ctx.clock.now().getTime()) {
      return fail(400, 'invalid_grant', 'The refresh token has expired.');
    }
    const inst = this.installations.get(issued.installationUid);
    if (inst === undefined) return fail(400, 'invalid_grant', 'The installation no longer exists.');
    return { ok: true, body: this.issueTokens(inst) };
  }

  principal(inst: Installation): AppPrincipal {
    return {
      kind: 'app',
      installationUid: inst.uid,
      appUid: inst.appUid,
      orgUid: inst.organizationUid,
      stackApiKey: inst.stackApiKey,
      scopes: [...this.app.scopes],
    };
  }

  private issueTokens(inst: Installation): TokenResponse {
    const now = this.ctx.clock.now();
    const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_TTL_SEC * 1000);
    const access = opaqueToken('cs_at_');
    const refresh = opaqueToken('cs_rt_');
    this.accessTokens.set(access, { token: access, installationUid: inst.uid, expiresAt: expiresAt.toISOString() });
    this.refreshTokens.set(refresh, {
      token: refresh,
      installationUid: inst.uid,
      // Refresh tokens outlive access tokens; the real lifetime is not published.
      expiresAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
    });
    this.ctx.credentials.registerAppToken(access, this.principal(inst), expiresAt);
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SEC,
      location: 'NA',
      organization_uid: inst.organizationUid,
      authorization_type: 'app',
      stack_api_key: inst.stackApiKey,
      installation_uid: inst.uid,
      scope: this.app.scopes.join(' '),
    };
  }

  private checkClient(clientId: string, clientSecret: string): OAuthFailure | null {
    if (clientId !== this.app.clientId || clientSecret !== this.app.clientSecret) {
      return fail(401, 'invalid_client', 'Client authentication failed.');
    }
    return null;
  }

  private emitLifecycle(inst: Installation, event: 'install' | 'update' | 'upgrade' | 'uninstall'): void {
    this.ctx.webhooks.emit({
      stackApiKey: inst.stackApiKey,
      module: 'app_installation',
      event,
      data: lifecyclePayload(inst),
    });
  }

  private forgetTokens(installationUid: string): void {
    this.ctx.credentials.revokeAppTokens(installationUid);
    for (const [k, v] of this.accessTokens) if (v.installationUid === installationUid) this.accessTokens.delete(k);
    for (const [k, v] of this.refreshTokens) if (v.installationUid === installationUid) this.refreshTokens.delete(k);
    for (const [k, v] of this.codes) if (v.installationUid === installationUid) this.codes.delete(k);
  }

  private clear(): void {
    for (const uid of this.installations.keys()) this.ctx.credentials.revokeAppTokens(uid);
    this.installations.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }
}

function fail(status: 400 | 401, error: string, description: string): OAuthFailure {
  return { ok: false, status, error, description };
}

export function createPlatformState(
  ctx: SandboxContext,
  app: Partial<AppDefinition> | undefined,
  webhookTargets: WebhookTargetPort | undefined,
): AppPlatformState {
  return new AppPlatformState(ctx, defaultAppDefinition(app), webhookTargets);
}
