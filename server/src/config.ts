import { randomBytes } from 'node:crypto';
import { deletedExperiencePolicySchema, parseWith } from '@pb/shared';
import { z } from 'zod';

/** Contentstack regions and their API hosts (docs/deploy.md says which one to choose). */
export const REGIONS = {
  na: {
    cma: 'https://api.contentstack.io/v3',
    personalize: 'https://personalize-api.contentstack.com',
    app: 'https://app.contentstack.com',
  },
  eu: {
    cma: 'https://eu-api.contentstack.com/v3',
    personalize: 'https://eu-personalize-api.contentstack.com',
    app: 'https://eu-app.contentstack.com',
  },
  au: {
    cma: 'https://au-api.contentstack.com/v3',
    personalize: 'https://au-personalize-api.contentstack.com',
    app: 'https://au-app.contentstack.com',
  },
  'azure-na': {
    cma: 'https://azure-na-api.contentstack.com/v3',
    personalize: 'https://azure-na-personalize-api.contentstack.com',
    app: 'https://azure-na-app.contentstack.com',
  },
  'azure-eu': {
    cma: 'https://azure-eu-api.contentstack.com/v3',
    personalize: 'https://azure-eu-personalize-api.contentstack.com',
    app: 'https://azure-eu-app.contentstack.com',
  },
  'gcp-na': {
    cma: 'https://gcp-na-api.contentstack.com/v3',
    personalize: 'https://gcp-na-personalize-api.contentstack.com',
    app: 'https://gcp-na-app.contentstack.com',
  },
  'gcp-eu': {
    cma: 'https://gcp-eu-api.contentstack.com/v3',
    personalize: 'https://gcp-eu-personalize-api.contentstack.com',
    app: 'https://gcp-eu-app.contentstack.com',
  },
} as const;
export type Region = keyof typeof REGIONS;

/**
 * Whether a region as Contentstack names it to apps (`NA`, `AZURE_NA`: the app SDK's and the OAuth redirect's
 * `location`) is the server's configured one (`na`, `azure-na`).
 */
export function sameRegion(platformName: string, serverRegion: string): boolean {
  return platformName.toLowerCase().replace(/_/g, '-') === serverRegion.toLowerCase();
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));
const optionalUrl = z
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));
const isKey = (v: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32;
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A comma-separated list, blanks dropped; unset is the empty list. */
const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );

/**
 * The server's whole configuration, parsed once at boot. Nothing else reads `process.env`:
 * a missing or malformed variable fails start-up with the variable's name.
 */
export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** Interface the HTTP server binds; `0.0.0.0` in a container that receives Contentstack's webhooks. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** A standalone Redis (`rediss://` for TLS). Unset: `redis://127.0.0.1:6379`, unless REDIS_CLUSTER_NODES is set. */
    REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    /**
     * A Redis Cluster instead: its seed nodes, comma-separated, each `host:port` or a `redis://` / `rediss://` URL.
     * Credentials and TLS of the first seed apply to every node (a managed cluster shares them). Setting both this and
     * REDIS_URL is refused: which one the processes use must not depend on a precedence rule someone forgot.
     */
    REDIS_CLUSTER_NODES: commaList.pipe(
      z.array(
        z
          .string()
          .regex(/^(rediss?:\/\/[^\s,]+|[A-Za-z0-9.:[\]_-]+:\d{1,5})$/, 'expected host:port or redis[s]:// URLs'),
      ),
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Prefix of every Redis key and BullMQ queue this deployment owns (tests use a random one). */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('pb'),

    // Where Contentstack is. Explicit URLs (the sandbox's in development) win over the region's.
    CONTENTSTACK_REGION: z.enum(Object.keys(REGIONS) as [Region, ...Region[]]).default('na'),
    CONTENTSTACK_CMA_URL: optionalUrl,
    PERSONALIZE_API_URL: optionalUrl,
    CONTENTSTACK_PUBLIC_KEYS_URL: optionalUrl,

    // The stack the engine mirrors, and the credentials it uses (an authtoken: Personalize refuses management tokens).
    CONTENTSTACK_API_KEY: optionalText,
    CONTENTSTACK_AUTHTOKEN: optionalText,
    CONTENTSTACK_MANAGEMENT_TOKEN: optionalText,
    CONTENTSTACK_ORG_UID: optionalText,
    PERSONALIZE_PROJECT_UID: optionalText,
    /**
     * The operator-configured stack's auto-link list (comma-separated content type uids): what the configuration
     * screen's list is for an installed stack. Every group Personalize makes is linked to these.
     */
    CONTENTSTACK_AUTO_LINK_CONTENT_TYPES: commaList.pipe(
      z.array(z.string().regex(/^[a-z0-9_]{1,64}$/, 'expected content type uids')),
    ),

    // Webhook verification. RSA-PSS signatures are always checked; HMAC and basic auth are added when configured.
    WEBHOOK_HMAC_SECRET: optionalText,
    WEBHOOK_HMAC_TOLERANCE_SECONDS: positiveInt(300),
    WEBHOOK_BASIC_AUTH_USER: optionalText,
    WEBHOOK_BASIC_AUTH_PASSWORD: optionalText,
    /**
     * How old `triggered_at` may be. Contentstack retries at about 5, 25, 125 and 625 s, so its last retry arrives
     * about 13 minutes after the event: 15 minutes admits it, and a replay of an older capture is refused.
     */
    WEBHOOK_FRESHNESS_SECONDS: positiveInt(900),
    WEBHOOK_MAX_BYTES: positiveInt(1024 * 1024),
    /** How long a delivery is remembered to acknowledge its duplicates without queueing them. */
    WEBHOOK_DEDUP_TTL_SECONDS: positiveInt(86_400),
    PUBLIC_KEYS_CACHE_SECONDS: positiveInt(3600),
    /** Least time between two refreshes caused by unknown keys, so unsigned junk cannot make us hammer the key server. */
    PUBLIC_KEYS_MIN_REFRESH_SECONDS: z.coerce.number().min(0).default(5),

    // The request budget per organization (all workers share it through Redis).
    BUDGET_CMA_READS_PER_SECOND: positiveInt(10),
    BUDGET_CMA_WRITES_PER_SECOND: positiveInt(10),
    BUDGET_PERSONALIZE_PER_SECOND: positiveInt(10),
    /**
     * Extra width of the budget window: a call reaches Contentstack some time after it took its token, and that time
     * varies (a busy event loop, a slow socket), so the window the server counts in maps onto a longer window here.
     */
    BUDGET_WINDOW_MARGIN_MS: z.coerce.number().int().min(0).default(250),
    /**
     * Share of each limit left unused, so calls that bunch up in transit (several taken apart, landing together)
     * still stay within Contentstack's count: 20% of 10/s admits 8 per window.
     */
    BUDGET_HEADROOM_PERCENT: z.coerce.number().int().min(0).max(90).default(20),

    // Workers.
    WORKER_CONCURRENCY: positiveInt(4),
    JOB_ATTEMPTS: positiveInt(10),
    BACKOFF_BASE_MS: positiveInt(1000),
    BACKOFF_MAX_MS: positiveInt(60_000),
    /** Lock of an active job; a worker that dies loses it after this long and the job is recovered. */
    JOB_LOCK_MS: positiveInt(30_000),
    STALLED_CHECK_MS: positiveInt(15_000),
    SHUTDOWN_DEADLINE_MS: positiveInt(10_000),
    HTTP_TIMEOUT_MS: positiveInt(30_000),
    SWEEP_INTERVAL_MS: positiveInt(300_000),
    /**
     * Personalize sends no webhooks: every installed project's `GET /experiences` (one call lists them all) is
     * polled this often, and only experiences whose listing changed are guarded. 10 s is 1% of a 10/s budget.
     */
    POLL_INTERVAL_S: positiveInt(10),
    /** How long Personalize's CMS sync may take to make an experience's group before it is reported overdue. */
    SYNC_DEADLINE_S: positiveInt(120),

    // Guard policy: what happens to the group of a deleted experience (Personalize leaves it behind, still linked).
    MIRROR_DELETED_EXPERIENCE: deletedExperiencePolicySchema.default('keep'),

    // The marketplace app (Developer Hub → the app → OAuth). The install redirect lands on APP_REDIRECT_URI, whose
    // code the server exchanges at APPS_API_URL/token for the installation's app tokens.
    APP_CLIENT_ID: optionalText,
    APP_CLIENT_SECRET: optionalText,
    APP_REDIRECT_URI: optionalUrl,
    APPS_API_URL: optionalUrl,
    /** Refresh an app token when it has less than this left (tokens live an hour). */
    APP_TOKEN_REFRESH_MARGIN_SECONDS: positiveInt(600),
    /**
     * Key of the installation secrets at rest (app tokens, server configuration): base64 of 32 bytes, AES-256-GCM.
     * INSTALLATION_SECRET_KEY_PREVIOUS still decrypts during a rotation; new writes use the current key.
     */
    INSTALLATION_SECRET_KEY: optionalText.refine((v) => v === undefined || isKey(v), 'must be base64 of 32 bytes'),
    INSTALLATION_SECRET_KEY_PREVIOUS: optionalText.refine(
      (v) => v === undefined || isKey(v),
      'must be base64 of 32 bytes',
    ),

    // Operator credential for the queue dashboard (/admin/queues). Without it the dashboard is not mounted.
    ADMIN_USER: optionalText,
    ADMIN_PASSWORD: optionalText,
    /** Bearer token Prometheus must send to read /metrics. Without it /metrics is open: keep it on a private network. */
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'needs at least 16 characters'),

    // App UI API (/api/ui/*): `production` refuses to start without SESSION_SECRET.
    /** Any value is accepted (tools set their own); only `production` changes behaviour. */
    NODE_ENV: z.string().default('development'),
    /** HS256 key of the UI sessions the server issues after verifying a signed-location app token. */
    SESSION_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'needs at least 32 characters'),
    UI_SESSION_TTL_SECONDS: positiveInt(900),
    /** Where the app's signed-location tokens are verified; defaults to the region's public-keys document. */
    APP_TOKEN_KEYS_URL: optionalUrl,
    /**
     * Origins allowed to call /api/ui/* (comma-separated): the app UI's own. Unset: `*` outside production (bearer
     * tokens, no cookies), no cross-origin caller at all in production (http/security.ts).
     */
    UI_ALLOWED_ORIGINS: optionalText,

    /**
     * The marketplace app's uid (Developer Hub). When set, app tokens of any other app are refused at the session
     * exchange: Contentstack signs every app's location tokens with the same key.
     */
    APP_UID: optionalText,

    // HTTP hardening (http/security.ts, http/rate-limit.ts).
    /** Reverse proxies in front of the server whose X-Forwarded-For is believed (the client is the address before them). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * Requests per client (IP address; IPv6 per /56) per window, counted in Redis so every HTTP server shares them;
     * 0 turns a limit off. Sized for real traffic: the edge API is called by CDN workers that carry many visitors
     * behind one address, an office shares one address between its editors, and Contentstack sends bulk publishes.
     */
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
    /** /edge/* (the edge SDK's decision API). */
    RATE_LIMIT_EDGE: z.coerce.number().int().min(0).default(60_000),
    /** /api/* and /admin/* (app UI, results, dashboard). */
    RATE_LIMIT_API: z.coerce.number().int().min(0).default(3_000),
    /** POST /api/ui/session and /oauth/* (token exchanges: each one verifies a signature or calls Contentstack). */
    RATE_LIMIT_AUTH: z.coerce.number().int().min(0).default(300),
    /** POST /webhooks/contentstack: only against floods (each delivery costs a signature check); bulk publishes burst. */
    RATE_LIMIT_WEBHOOKS: z.coerce.number().int().min(0).default(60_000),
  })
  .transform((c, ctx) => {
    const region = REGIONS[c.CONTENTSTACK_REGION];
    if (c.REDIS_URL !== undefined && c.REDIS_CLUSTER_NODES.length > 0) {
      ctx.issues.push({
        code: 'custom',
        path: ['REDIS_CLUSTER_NODES'],
        message: 'set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a cluster), not both',
        input: undefined,
      });
    }
    if (c.NODE_ENV === 'production' && c.INSTALLATION_SECRET_KEY === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['INSTALLATION_SECRET_KEY'],
        message: 'required when NODE_ENV=production',
        input: undefined,
      });
    }
    if (c.NODE_ENV === 'production' && c.SESSION_SECRET === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'required when NODE_ENV=production',
        input: undefined,
      });
    }
    return {
      ...c,
      redis: redisTarget(c.REDIS_URL, c.REDIS_CLUSTER_NODES),
      // Outside production a random secret per boot: sessions die with the process, and no shared default exists.
      sessionSecret: c.SESSION_SECRET ?? randomBytes(32).toString('hex'),
      // Outside production a random key per boot works for one process; `npm start` passes one key to all of them.
      installationSecretKeys: [
        c.INSTALLATION_SECRET_KEY ?? randomBytes(32).toString('base64'),
        c.INSTALLATION_SECRET_KEY_PREVIOUS,
      ]
        .filter((k): k is string => k !== undefined)
        .map((k) => Buffer.from(k, 'base64')),
      appsApiUrl: c.APPS_API_URL ?? `${region.app}/apps-api`,
      appTokenKeysUrl:
        c.APP_TOKEN_KEYS_URL ?? c.CONTENTSTACK_PUBLIC_KEYS_URL ?? `${region.app}/.well-known/public-keys.json`,
      cmaUrl: c.CONTENTSTACK_CMA_URL ?? region.cma,
      personalizeUrl: c.PERSONALIZE_API_URL ?? region.personalize,
      publicKeysUrl: c.CONTENTSTACK_PUBLIC_KEYS_URL ?? `${region.app}/.well-known/public-keys.json`,
    };
  });

export type Config = z.infer<typeof configSchema>;

/** Where the deployment's Redis is: one server, or a cluster's seed nodes (redis.ts connects to either). */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | {
      kind: 'cluster';
      seeds: { host: string; port: number }[];
      /** Applied to every node: a managed cluster's nodes share one credential and TLS setting. */
      auth: { username?: string; password?: string; tls: boolean };
    };

function redisTarget(url: string | undefined, clusterNodes: readonly string[]): RedisTarget {
  if (clusterNodes.length === 0) return { kind: 'standalone', url: url ?? 'redis://127.0.0.1:6379' };
  const parsed = clusterNodes.map((node) => new URL(/^rediss?:\/\//.test(node) ? node : `redis://${node}`));
  const first = parsed[0];
  const decoded = (v: string | undefined) => (v === undefined || v === '' ? undefined : decodeURIComponent(v));
  const username = decoded(first?.username);
  const password = decoded(first?.password);
  return {
    kind: 'cluster',
    seeds: parsed.map((u) => ({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379) })),
    auth: {
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      tls: first?.protocol === 'rediss:',
    },
  };
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = parseWith(configSchema, env);
  if (!parsed.ok) throw new Error(`invalid configuration: ${parsed.detail}`);
  return parsed.value;
}
