/**
 * The CMA's front door: the stack comes from the `api_key` header (412 when missing or unknown), the
 * caller from `authtoken` / `authorization` (401 when missing, unknown, expired or for another stack);
 * an app token must also carry the route's OAuth scope (403).
 */
import type { RequestHandler } from 'express';
import { principalCanUseStack } from '../core/credentials';
import { apiErrors } from '../core/errors';
import { header } from '../core/http';
import { requiredScope } from './app-scopes';
import type { CmsDeps } from './deps';

export const stackGuard =
  (deps: CmsDeps): RequestHandler =>
  (req, res, next) => {
    const apiKey = header(req, 'api_key');
    if (apiKey === undefined || apiKey === '') throw apiErrors.apiKeyMissing();
    const stack = deps.ctx.stacks.get(apiKey);
    if (stack === undefined) throw apiErrors.apiKeyInvalid();
    const principal = deps.credentials.resolve({
      authtoken: header(req, 'authtoken'),
      authorization: header(req, 'authorization'),
    });
    if (principal === undefined || !principalCanUseStack(principal, stack)) throw apiErrors.notLoggedIn();
    if (principal.kind === 'app') {
      const scope = requiredScope(req.method, req.path);
      if (!principal.scopes.includes(scope)) throw apiErrors.missingScope(scope);
    }
    res.locals['caller'] = { stack, principal };
    next();
  };
