// Verifies the signed-location app token a UI location receives (`?app-token=<JWT>`): RS256 over the region's
// public key set (the sandbox's in development), unexpired, with the five claims Contentstack puts in it. A token
// that matches no cached key triggers one (rate-limited) refresh of the key set, so a key rotation is picked up.
import type { KeyObject } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { PublicKeySource } from '../webhooks/public-keys';

export const appTokenClaimsSchema = z.object({
  organization_uid: z.string().min(1),
  installation_uid: z.string().min(1),
  app_uid: z.string().min(1),
  stack_api_key: z.string().min(1),
  user_uid: z.string().min(1),
});
export type AppTokenClaims = z.infer<typeof appTokenClaimsSchema>;

export type AppTokenFailure =
  | 'app-token-malformed'
  | 'app-token-expired'
  | 'app-token-signature-invalid'
  | 'app-token-claims-invalid'
  | 'app-token-keys-unavailable';

export type AppTokenResult = { ok: true; claims: AppTokenClaims } | { ok: false; reason: AppTokenFailure };

export interface AppTokenVerifier {
  verify(token: string): Promise<AppTokenResult>;
}

export interface AppTokenVerifierOptions {
  keys: PublicKeySource;
  /** Skew allowed between Contentstack's clock and ours. */
  clockToleranceSeconds?: number;
  /** Tokens are minted for minutes; anything claiming a longer life is refused. */
  maxLifetimeSeconds?: number;
  now?: () => number;
}

type Attempt = { ok: true; payload: unknown } | { ok: false; reason: AppTokenFailure; wrongKey: boolean };

async function tryKeys(token: string, keys: readonly KeyObject[], options: AppTokenVerifierOptions): Promise<Attempt> {
  let last: Attempt = { ok: false, reason: 'app-token-signature-invalid', wrongKey: true };
  for (const key of keys) {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['RS256'],
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'iat'],
        ...(options.now === undefined ? {} : { currentDate: new Date(options.now()) }),
      });
      return { ok: true, payload };
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'app-token-expired', wrongKey: false };
      if (error instanceof errors.JWTClaimValidationFailed)
        return { ok: false, reason: 'app-token-claims-invalid', wrongKey: false };
      if (
        error instanceof errors.JOSEAlgNotAllowed ||
        error instanceof errors.JWSInvalid ||
        error instanceof errors.JWTInvalid
      )
        return { ok: false, reason: 'app-token-malformed', wrongKey: false };
      last = { ok: false, reason: 'app-token-signature-invalid', wrongKey: true };
    }
  }
  return last;
}

export function createAppTokenVerifier(options: AppTokenVerifierOptions): AppTokenVerifier {
  const now = options.now ?? Date.now;
  const maxLifetime = options.maxLifetimeSeconds ?? 3600;
  return {
    async verify(token) {
      if (token.split('.').length !== 3) return { ok: false, reason: 'app-token-malformed' };
      let attempt: Attempt;
      try {
        attempt = await tryKeys(token, await options.keys.current(), options);
        if (!attempt.ok && attempt.wrongKey && (await options.keys.refresh()))
          attempt = await tryKeys(token, await options.keys.current(), options);
      } catch {
        return { ok: false, reason: 'app-token-keys-unavailable' };
      }
      if (!attempt.ok) return { ok: false, reason: attempt.reason };
      const claims = appTokenClaimsSchema.safeParse(attempt.payload);
      if (!claims.success) return { ok: false, reason: 'app-token-claims-invalid' };
      const { iat, exp } = attempt.payload as { iat: number; exp: number };
      // iat in the future (beyond tolerance) or a lifetime nobody issues: not a token Contentstack minted.
      const tolerance = options.clockToleranceSeconds ?? 30;
      if (iat > now() / 1000 + tolerance || exp - iat > maxLifetime)
        return { ok: false, reason: 'app-token-claims-invalid' };
      return { ok: true, claims: claims.data };
    },
  };
}
