// The server's own short-lived UI session, issued after an app token was verified (the app token itself is never a
// session). HS256 with the server's secret, bound to the installation, stack, organization and user.
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AppTokenClaims } from './app-token';

export interface UiSession {
  stackApiKey: string;
  installationUid: string;
  organizationUid: string;
  userUid: string;
}

export type SessionFailure = 'session-missing' | 'session-expired' | 'session-invalid';

const AUDIENCE = 'personalize-bridge-ui';
const sessionClaimsSchema = z.object({
  sub: z.string().min(1),
  stk: z.string().min(1),
  ins: z.string().min(1),
  org: z.string().min(1),
});

export interface SessionIssuer {
  issue(claims: AppTokenClaims): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<{ ok: true; session: UiSession } | { ok: false; reason: SessionFailure }>;
}

export function createSessionIssuer(options: {
  secret: string;
  ttlSeconds: number;
  now?: () => number;
}): SessionIssuer {
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? Date.now;
  const seconds = () => Math.floor(now() / 1000);
  return {
    async issue(claims) {
      const iat = seconds();
      const token = await new SignJWT({
        stk: claims.stack_api_key,
        ins: claims.installation_uid,
        org: claims.organization_uid,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.user_uid)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .sign(key);
      return { token, expiresIn: options.ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          audience: AUDIENCE,
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'iat', 'sub'],
        });
        const claims = sessionClaimsSchema.safeParse(payload);
        if (!claims.success) return { ok: false, reason: 'session-invalid' };
        return {
          ok: true,
          session: {
            stackApiKey: claims.data.stk,
            installationUid: claims.data.ins,
            organizationUid: claims.data.org,
            userUid: claims.data.sub,
          },
        };
      } catch (error) {
        return { ok: false, reason: error instanceof errors.JWTExpired ? 'session-expired' : 'session-invalid' };
      }
    },
  };
}
