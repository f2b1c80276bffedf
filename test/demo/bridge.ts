// Calls to our server the demo makes besides the edge SDK's: health, the raw edge manifest (to time when the edge
// starts serving an experience), and the experiences page and results the app UI shows, reached the way the UI
// reaches them (a signed-location app token from the CMS, exchanged for a session).
import { z } from 'zod';
import { callJson, requestJson } from './http';

export async function serverIsHealthy(serverUrl: string): Promise<boolean> {
  try {
    const { status } = await callJson('GET', `${serverUrl}/healthz`, { timeoutMs: 3000 });
    return status === 200;
  } catch {
    return false;
  }
}

const manifestSchema = z.object({
  experiences: z.array(z.object({ shortUid: z.string(), activeVariantShortUid: z.string().nullable() })),
});

/**
 * The variant a new visitor with these request headers and live attributes gets now, per experience short uid (null:
 * none), straight from `GET /edge/manifest` (what the edge SDK asks for on every page view).
 */
export async function manifestVariants(
  serverUrl: string,
  projectUid: string,
  visitor: { userAgent: string; liveAttributes: Record<string, string | number | boolean> },
): Promise<Map<string, string | null>> {
  const manifest = await requestJson(manifestSchema, 'GET', `${serverUrl}/edge/manifest`, {
    headers: {
      'x-project-uid': projectUid,
      'user-agent': visitor.userAgent,
      'x-live-attributes': JSON.stringify(visitor.liveAttributes),
    },
    timeoutMs: 5000,
  });
  return new Map(manifest.experiences.map((e) => [e.shortUid, e.activeVariantShortUid]));
}

const experiencesPageSchema = z.object({
  experiences: z.array(
    z.looseObject({
      uid: z.string(),
      variantGroupUid: z.string().optional(),
      contentTypes: z.array(z.string()),
      mirror: z.looseObject({ state: z.string(), reason: z.string().optional() }),
    }),
  ),
});
/** The part of `GET /api/ui/experiences` (the experiences page) the demo reads. */
export type ExperiencesPage = z.infer<typeof experiencesPageSchema>;

export function experiencesPage(serverUrl: string, session: string): Promise<ExperiencesPage> {
  return requestJson(experiencesPageSchema, 'GET', `${serverUrl}/api/ui/experiences`, {
    headers: { authorization: `Bearer ${session}` },
  });
}

/** An app UI session for `apiKey`, as the full-page location gets one. */
export async function uiSession(serverUrl: string, sandboxUrl: string, apiKey: string): Promise<string> {
  const { app_token } = await requestJson(
    z.object({ app_token: z.string().min(1) }),
    'POST',
    `${sandboxUrl}/_sandbox/app-token`,
    { body: { location: 'cs.cm.stack.full_page', api_key: apiKey, user_uid: 'demo' } },
  );
  const { session_token } = await requestJson(
    z.object({ session_token: z.string().min(1) }),
    'POST',
    `${serverUrl}/api/ui/session`,
    { body: { app_token } },
  );
  return session_token;
}

const failed = z.object({ ok: z.literal(false), reason: z.string() });
const variantResult = z.object({
  variantShortUid: z.string(),
  isControl: z.boolean(),
  visitors: z.number(),
  conversions: z.number(),
  conversionRate: z.number().nullable(),
  uplift: z
    .union([
      z.object({
        ok: z.literal(true),
        value: z.object({ relative: z.number(), interval: z.tuple([z.number(), z.number()]) }),
      }),
      failed,
    ])
    .nullable(),
  chanceToBeatControl: z.number().nullable(),
  probabilityToBeBest: z.number(),
});
const sampleRatio = z.union([
  z.object({ ok: z.literal(true), value: z.object({ pValue: z.number(), mismatch: z.boolean() }) }),
  failed,
]);
const metricResults = z.object({
  eventKey: z.string().nullable(),
  name: z.string(),
  primary: z.boolean(),
  results: z.union([
    z.object({
      ok: z.literal(true),
      value: z.object({ variants: z.array(variantResult), sampleRatio, warnings: z.array(z.string()) }),
    }),
    failed,
  ]),
});
export const resultsSchema = z.object({
  experienceUid: z.string(),
  shortUid: z.string(),
  versionUid: z.string(),
  type: z.enum(['SEGMENTED', 'AB_TEST']),
  controlShortUid: z.string(),
  variants: z.array(
    z.object({
      shortUid: z.string(),
      visitors: z.number(),
      impressions: z.number(),
      trafficShare: z.number().optional(),
    }),
  ),
  metrics: z.array(metricResults),
});
/** The part of `GET /api/experiences/:uid/results` (server/src/results) the demo prints. */
export type ExperienceResults = z.infer<typeof resultsSchema>;

export function experienceResults(
  serverUrl: string,
  session: string,
  experienceUid: string,
): Promise<ExperienceResults> {
  return requestJson(resultsSchema, 'GET', `${serverUrl}/api/experiences/${experienceUid}/results`, {
    headers: { authorization: `Bearer ${session}` },
  });
}
