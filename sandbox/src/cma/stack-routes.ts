/**
 * The stack itself, its environments and its languages. Environments and languages can be added (`POST`) and
 * changed (`PUT`), as `csdx cm:stacks:import` does; what was added lives in the `stack-settings` state part
 * and is laid over the seeded stack records, so the rest of the sandbox (publishing, delivery tokens) sees it.
 * Uids derive from the stack and the name/code, so a name keeps its uid across restarts: renaming an
 * environment or changing a locale's code is therefore refused (publish records name environments).
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { StackRecord, StatePart } from '../core/contracts';
import { apiErrors } from '../core/errors';
import { handle, queryFlag, validate } from '../core/http';
import { callerOf } from './deps';
import type { CmsDeps } from './deps';

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

interface EnvironmentSettings {
  urls: { locale: string; url: string }[];
  created_at: string;
  updated_at: string;
}
interface LocaleSettings {
  name: string;
  fallback_locale: string | null;
  created_at: string;
  updated_at: string;
}
/** Per stack: environments and locales added or changed through the CMA (seeded ones appear once changed). */
interface StackSettings {
  environments: Record<string, EnvironmentSettings>;
  locales: Record<string, LocaleSettings>;
}
type SettingsState = Record<string, StackSettings>;

const settingsSchema = z.record(
  z.string(),
  z.object({
    environments: z.record(
      z.string(),
      z.object({
        urls: z.array(z.object({ locale: z.string(), url: z.string() })),
        created_at: z.string(),
        updated_at: z.string(),
      }),
    ),
    locales: z.record(
      z.string(),
      z.object({
        name: z.string(),
        fallback_locale: z.string().nullable(),
        created_at: z.string(),
        updated_at: z.string(),
      }),
    ),
  }),
);

const environmentBody = z.object({
  environment: z.object({
    name: z.string().trim().min(1),
    urls: z.array(z.object({ locale: z.string().min(1), url: z.string() })).optional(),
  }),
});
const environmentUpdateBody = z.object({
  environment: z.object({
    name: z.string().trim().min(1).optional(),
    urls: z.array(z.object({ locale: z.string().min(1), url: z.string() })).optional(),
  }),
});
const localeBody = z.object({
  locale: z.object({
    code: z.string().trim().min(1),
    name: z.string().optional(),
    fallback_locale: z.string().nullable().optional(),
  }),
});
const localeUpdateBody = z.object({
  locale: z.object({
    code: z.string().optional(),
    name: z.string().optional(),
    fallback_locale: z.string().nullable().optional(),
  }),
});

const presentEnvironment = (stack: StackRecord, name: string, own?: EnvironmentSettings) => ({
  uid: stableUid(`${stack.apiKey}/env/${name}`),
  name,
  urls: own?.urls ?? stack.locales.map((locale) => ({ locale, url: `https://${name}.example.test/` })),
  created_at: own?.created_at ?? SEEDED_AT,
  updated_at: own?.updated_at ?? SEEDED_AT,
});

const presentLocale = (stack: StackRecord, code: string, own?: LocaleSettings) => ({
  uid: stableUid(`${stack.apiKey}/locale/${code}`),
  code,
  name: own?.name ?? LOCALE_NAMES[code] ?? code,
  fallback_locale: own !== undefined ? own.fallback_locale : code === stack.masterLocale ? null : stack.masterLocale,
  created_at: own?.created_at ?? SEEDED_AT,
  updated_at: own?.updated_at ?? SEEDED_AT,
});

export const stackRouter = (deps: CmsDeps): Router => {
  const router = Router();
  // The seeded lists, so a reset or a restore can put each stack record back before laying settings over it.
  const seeded = new Map(
    deps.ctx.stacks.all().map((st) => [st.apiKey, { environments: [...st.environments], locales: [...st.locales] }]),
  );
  let state: SettingsState = {};
  const apply = (): void => {
    for (const stack of deps.ctx.stacks.all()) {
      // A stack added after start (an imported one) keeps the lists it came with as its base.
      let base = seeded.get(stack.apiKey);
      if (base === undefined) {
        base = { environments: [...stack.environments], locales: [...stack.locales] };
        seeded.set(stack.apiKey, base);
      }
      const own = state[stack.apiKey];
      stack.environments.splice(
        0,
        Infinity,
        ...new Set([...base.environments, ...Object.keys(own?.environments ?? {})]),
      );
      stack.locales.splice(0, Infinity, ...new Set([...base.locales, ...Object.keys(own?.locales ?? {})]));
    }
  };
  const part: StatePart = {
    name: 'stack-settings',
    snapshot: () => structuredClone(state),
    restore: (data) => {
      state = settingsSchema.parse(data);
      apply();
    },
    reset: () => {
      state = {};
      apply();
    },
  };
  deps.ctx.registerState(part);
  const settingsOf = (stack: StackRecord): StackSettings => (state[stack.apiKey] ??= { environments: {}, locales: {} });
  const now = (): string => deps.ctx.clock.now().toISOString();

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
        environments: stack.environments.map((name) =>
          presentEnvironment(stack, name, state[stack.apiKey]?.environments[name]),
        ),
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
      res.json({ environment: presentEnvironment(stack, name, state[stack.apiKey]?.environments[name]) });
    }),
  );

  router.get(
    '/locales',
    handle((req, res) => {
      const { stack } = callerOf(res);
      res.json({
        locales: stack.locales.map((code) => presentLocale(stack, code, state[stack.apiKey]?.locales[code])),
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
      res.json({ locale: presentLocale(stack, code, state[stack.apiKey]?.locales[code]) });
    }),
  );

  router.post(
    '/environments',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const body = validate(environmentBody, req.body, 'Environment creation failed. Please try again.');
      const name = body.environment.name;
      if (stack.environments.includes(name)) {
        throw apiErrors.validation('Environment creation failed. Please try again.', { name: ['is not unique.'] });
      }
      const at = now();
      const own: EnvironmentSettings = { urls: body.environment.urls ?? [], created_at: at, updated_at: at };
      settingsOf(stack).environments[name] = own;
      apply();
      deps.changed();
      res
        .status(201)
        .json({ notice: 'Environment created successfully.', environment: presentEnvironment(stack, name, own) });
    }),
  );

  router.put(
    '/environments/:name',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const name = String(req.params['name']);
      if (!stack.environments.includes(name)) {
        throw apiErrors.validation('Environment was not found. Please try again.', { name: ['is not valid.'] }, 141);
      }
      const body = validate(environmentUpdateBody, req.body, 'Environment update failed. Please try again.');
      if (body.environment.name !== undefined && body.environment.name !== name) {
        throw apiErrors.validation('Environment update failed. Please try again.', {
          name: ['cannot be changed in the sandbox (publish records name environments).'],
        });
      }
      const previous = presentEnvironment(stack, name, state[stack.apiKey]?.environments[name]);
      const own: EnvironmentSettings = {
        urls: body.environment.urls ?? previous.urls,
        created_at: previous.created_at,
        updated_at: now(),
      };
      settingsOf(stack).environments[name] = own;
      deps.changed();
      res.json({ notice: 'Environment updated successfully.', environment: presentEnvironment(stack, name, own) });
    }),
  );

  router.post(
    '/locales',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const body = validate(localeBody, req.body, 'Language creation failed. Please try again.');
      const code = body.locale.code.toLowerCase();
      if (stack.locales.includes(code)) {
        throw apiErrors.validation('Language creation failed. Please try again.', { code: ['is not unique.'] });
      }
      const fallback = body.locale.fallback_locale ?? stack.masterLocale;
      if (!stack.locales.includes(fallback)) {
        throw apiErrors.validation('Language creation failed. Please try again.', {
          fallback_locale: ['is not valid.'],
        });
      }
      const at = now();
      const own: LocaleSettings = {
        name: body.locale.name ?? LOCALE_NAMES[code] ?? code,
        fallback_locale: fallback,
        created_at: at,
        updated_at: at,
      };
      settingsOf(stack).locales[code] = own;
      apply();
      deps.changed();
      res.status(201).json({ notice: 'Language added successfully.', locale: presentLocale(stack, code, own) });
    }),
  );

  router.put(
    '/locales/:code',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const code = String(req.params['code']);
      if (!stack.locales.includes(code)) {
        throw apiErrors.validation('Language was not found. Please try again.', { code: ['is not valid.'] }, 141);
      }
      const body = validate(localeUpdateBody, req.body, 'Language update failed. Please try again.');
      if (body.locale.code !== undefined && body.locale.code.toLowerCase() !== code) {
        throw apiErrors.validation('Language update failed. Please try again.', { code: ['cannot be changed.'] });
      }
      const previous = presentLocale(stack, code, state[stack.apiKey]?.locales[code]);
      const fallback =
        body.locale.fallback_locale !== undefined ? body.locale.fallback_locale : previous.fallback_locale;
      if (
        code === stack.masterLocale
          ? fallback !== null
          : fallback === null || fallback === code || !stack.locales.includes(fallback)
      ) {
        throw apiErrors.validation('Language update failed. Please try again.', { fallback_locale: ['is not valid.'] });
      }
      const own: LocaleSettings = {
        name: body.locale.name ?? previous.name,
        fallback_locale: fallback,
        created_at: previous.created_at,
        updated_at: now(),
      };
      settingsOf(stack).locales[code] = own;
      deps.changed();
      res.json({ notice: 'Language updated successfully.', locale: presentLocale(stack, code, own) });
    }),
  );

  return router;
};
