/**
 * `/.well-known/public-keys.json` (`{"signing-key": PEM, "signing-key-1": PEM, ...}`, as Contentstack serves it)
 * and `/.well-known/jwks.json` (the same keys as a JWK set with `kid`, for JWT libraries). Paths are absolute:
 * mount this router at the root.
 */
import { Router } from 'express';
import { exportJWK } from 'jose';
import type { SigningKeys } from './keys';

export function createWellKnownRouter(keys: SigningKeys): Router {
  const router = Router();
  router.get('/.well-known/public-keys.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json(keys.publicKeyDocument());
  });
  router.get('/.well-known/jwks.json', async (_req, res) => {
    const jwks = await Promise.all(
      keys.published().map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'RS256', use: 'sig' })),
    );
    res.set('Cache-Control', 'public, max-age=60').json({ keys: jwks });
  });
  return router;
}
