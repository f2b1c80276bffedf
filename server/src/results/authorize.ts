// The app API's authorization port: who is calling, for which stack and project. The marketplace work replaces the
// implementation (a session issued after verifying the app's signed location token); the routers only see this port.
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export interface ApiPrincipal {
  stackApiKey: string;
  projectUid: string;
}

export type Authorize = (req: Request) => ApiPrincipal | null | Promise<ApiPrincipal | null>;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * PLACEHOLDER until the marketplace work lands: the operator credential (ADMIN_USER / ADMIN_PASSWORD, HTTP basic
 * auth) grants access to the one configured installation. It is not meant for app users: the app UI gets its own
 * session-based implementation of `Authorize`.
 */
export function adminCredentialAuthorizer(options: {
  user: string;
  password: string;
  principal: ApiPrincipal;
}): Authorize {
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return same(decoded.slice(0, colon), options.user) && same(decoded.slice(colon + 1), options.password)
      ? options.principal
      : null;
  };
}

/** The first authorizer that recognises the caller wins: app sessions for the UI, the operator credential for ops. */
export function firstOf(...authorizers: readonly Authorize[]): Authorize {
  return async (req) => {
    for (const authorize of authorizers) {
      const principal = await authorize(req);
      if (principal !== null) return principal;
    }
    return null;
  };
}
