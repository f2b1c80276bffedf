/**
 * Signed UI locations: the first load of a location carries `?app-token=<JWT>`, RS256 with the sandbox key,
 * payload `{organization_uid, installation_uid, app_uid, stack_api_key, user_uid, iat, exp}`, valid 5 minutes.
 */
import { SignJWT } from 'jose';
import type { SigningKeys } from './keys';

export const LOCATION_TOKEN_TTL_SEC = 300;

export interface LocationTokenClaims {
  organization_uid: string;
  installation_uid: string;
  app_uid: string;
  stack_api_key: string;
  user_uid: string;
}

export async function signLocationToken(
  keys: SigningKeys,
  claims: LocationTokenClaims,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const key = keys.current();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + LOCATION_TOKEN_TTL_SEC;
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}
