// The app platform's OAuth token endpoint (`POST <apps API>/token`; the sandbox plays it in
// sandbox/src/apps/apps-api-router.ts): the install redirect's code, and later the
// refresh token, become an app token for one installation. Form-encoded as OAuth 2.0 specifies. Failures keep
// the endpoint's `error` code (e.g. `invalid_grant`), never the body that carried a secret.
import { ExternalCallError, classifyHttpFailure } from '@pb/shared';
import { z } from 'zod';

export const tokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  organization_uid: z.string().min(1),
  authorization_type: z.string().optional(),
  location: z.string().optional(),
  // Contentstack adds these to app tokens; the callback falls back to the installation lookup without them.
  stack_api_key: z.string().min(1).optional(),
  installation_uid: z.string().min(1).optional(),
});

export interface AppTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  organizationUid: string;
  /** The region the platform names (`NA`, `EU`, …), when it says. */
  location?: string;
  stackApiKey?: string;
  installationUid?: string;
}

export type TokenFailure = { ok: false; reason: 'invalid-grant' | 'invalid-client' | 'refused'; detail: string };

export interface OAuthClient {
  exchangeCode(code: string): Promise<{ ok: true; tokens: AppTokens } | TokenFailure>;
  refresh(refreshToken: string): Promise<{ ok: true; tokens: AppTokens } | TokenFailure>;
}

export interface OAuthClientOptions {
  appsApiUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  timeoutMs: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const errorAnswer = z.looseObject({ error: z.string().optional() });

export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const url = `${options.appsApiUrl.replace(/\/+$/, '')}/token`;

  async function grant(form: Record<string, string>): Promise<{ ok: true; tokens: AppTokens } | TokenFailure> {
    const started = now();
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...form, client_id: options.clientId, client_secret: options.clientSecret }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      throw new ExternalCallError('the app platform did not answer the token request', {
        kind: 'transient',
        service: 'apps',
        cause,
      });
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const parsed = tokenAnswerSchema.safeParse(body);
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
        throw new ExternalCallError(`the app platform's token answer is not usable (${field})`, {
          kind: 'permanent',
          service: 'apps',
        });
      }
      const t = parsed.data;
      return {
        ok: true,
        tokens: {
          accessToken: t.access_token,
          refreshToken: t.refresh_token,
          expiresAt: started + t.expires_in * 1000,
          organizationUid: t.organization_uid,
          ...(t.location === undefined ? {} : { location: t.location }),
          ...(t.stack_api_key === undefined ? {} : { stackApiKey: t.stack_api_key }),
          ...(t.installation_uid === undefined ? {} : { installationUid: t.installation_uid }),
        },
      };
    }
    const code = errorAnswer.safeParse(body).data?.error ?? `HTTP ${response.status}`;
    if (response.status === 400 && code === 'invalid_grant')
      return { ok: false, reason: 'invalid-grant', detail: code };
    if (response.status === 401 || code === 'invalid_client')
      return { ok: false, reason: 'invalid-client', detail: code };
    const failure = classifyHttpFailure(response.status, response.headers.get('retry-after'));
    if (failure.kind === 'permanent') return { ok: false, reason: 'refused', detail: code };
    throw new ExternalCallError(`the app platform answered HTTP ${response.status} to the token request`, {
      kind: failure.kind,
      service: 'apps',
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    });
  }

  return {
    exchangeCode: (code) => grant({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri }),
    refresh: (refreshToken) => grant({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}
