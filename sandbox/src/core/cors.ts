import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = [
  'content-type',
  'api_key',
  'authorization',
  'authtoken',
  'access_token',
  'branch',
  'api_version',
  'organization_uid',
  'x-cs-variant-uid',
  'x-project-uid',
  'x-cs-personalize-user-uid',
  'x-user-agent',
].join(', ');

const EXPOSED_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'Retry-After', 'X-CS-Personalize-User-Uid'].join(
  ', ',
);

/**
 * The app UI calls the sandbox from the browser as it would call Contentstack (whose APIs allow
 * cross-origin calls); preflights are answered here, before logging and rate limits.
 */
export const cors = (): RequestHandler => (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};
