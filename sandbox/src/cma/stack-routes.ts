/** The stack itself, its environments and its languages: read-only in the sandbox. */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { StackRecord } from '../core/contracts';
import { apiErrors } from '../core/errors';
import { handle, queryFlag } from '../core/http';
import { callerOf } from './deps';

const SEEDED_AT = '2026-10-01T09:00:00.000Z';

/** Stable uids, so an environment or locale keeps its uid across restarts. */
const stableUid = (seed: string): string => `blt${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;

const LOCALE_NAMES: Record<string, string> = {
  'en-us': 'English - United States',
  'fr-fr': 'French - France',
  'de-de': 'German - Germany',
};

const presentStack = (stack: StackRecord) => ({
  uid: stack.uid,
  api_key: stack.apiKey,
  name: stack.name,
  org_uid: stack.orgUid,
  master_locale: stack.masterLocale,
  created_at: SEEDED_AT,
  updated_at: SEEDED_AT,
});

const presentEnvironment = (stack: StackRecord, name: string) => ({
  uid: stableUid(`${stack.apiKey}/env/${name}`),
  name,
  urls: stack.locales.map((locale) => ({ locale, url: `https://${name}.example.test/` })),
  created_at: SEEDED_AT,
  updated_at: SEEDED_AT,
});

const presentLocale = (stack: StackRecord, code: string) => ({
  uid: stableUid(`${stack.apiKey}/locale/${code}`),
  code,
  name: LOCALE_NAMES[code] ?? code,
  fallback_locale: code === stack.masterLocale ? null : stack.masterLocale,
  created_at: SEEDED_AT,
  updated_at: SEEDED_AT,
});

export const stackRouter = (): Router => {
  const router = Router();

  router.get(
    '/stacks',
    handle((_req, res) => {
      res.json({ stack: presentStack(callerOf(res).stack) });
    }),
  );

  router.get(
    '/environments',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json({
        environments: stack.environments.map((name) => presentEnvironment(stack, name)),
        ...(queryFlag(req, 'include_count') ? { count: stack.environments.length } : {}),
      });
    }),
  );

  router.get(
    '/environments/:name',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const name = String(req.params['name']);
      if (!stack.environments.includes(name)) {
        throw apiErrors.validation('Environment was not found. Please try again.', { name: ['is not valid.'] }, 141);
      }
      res.json({ environment: presentEnvironment(stack, name) });
    }),
  );

  router.get(
    '/locales',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json({
        locales: stack.locales.map((code) => presentLocale(stack, code)),
        ...(queryFlag(req, 'include_count') ? { count: stack.locales.length } : {}),
      });
    }),
  );

  router.get(
    '/locales/:code',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const code = String(req.params['code']);
      if (!stack.locales.includes(code)) {
        throw apiErrors.validation('Language was not found. Please try again.', { code: ['is not valid.'] }, 141);
      }
      res.json({ locale: presentLocale(stack, code) });
    }),
  );

  return router;
};
