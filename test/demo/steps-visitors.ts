// Steps 6–8, the website's side: sample visitors get their decisions from our edge API through the official edge
// SDK, their personalized entries from the Delivery API through the official delivery SDK (`.variants(aliases)`),
// and a simulated crowd sends impressions and conversions.
import Personalize from '@contentstack/personalize-edge-sdk';
import { deliverEntry } from './contentstack';
import { DemoError } from './http';
import {
  experiences,
  LOCALE,
  need,
  ourAliases,
  quote,
  seconds,
  variantByKey,
  variantName,
  type StepOutcome,
  type StoryContext,
} from './story-context';
import { AB_TEST, SEGMENTED } from './story-content';
import type { StoryExperience, TrafficTally, VisitorFacts } from './story-facts';
import {
  conversions,
  SAMPLE_VISITORS,
  simulatedVisitors,
  USER_AGENTS,
  type Device,
  type SimulatedVisitor,
  type VisitorAttributes,
} from './visitors';

const DEFAULT_CROWD = 300;
const CONCURRENT_VISITORS = 8;

export async function edgeManifests(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  const { serverUrl } = ctx.target;
  Personalize.setEdgeApiUrl(`${serverUrl}/edge`);
  // The probe the activation step started: when the first manifest with a variant of each experience arrived.
  const failed = await need(ctx.edgeProbe, 'the edge probe of the activation step');
  if (failed !== null) throw new DemoError(failed);
  const served = [segmented, ab].map((e) => {
    const fact = need(
      ctx.facts.edge.find((f) => f.experienceUid === e.uid),
      `when the edge served ${quote(e.name)}`,
    );
    return `${quote(e.name)} ${seconds(fact.servedMs)}`;
  });
  const details: string[] = [];
  for (const visitor of SAMPLE_VISITORS) {
    const userId = `demo-${ctx.runId}-${visitor.name}`;
    let sdk = await visit(ctx.projectUid, visitor.device, userId);
    if (Object.keys(visitor.attributes).length > 0) {
      await sdk.set(visitor.attributes);
      sdk = await visit(ctx.projectUid, visitor.device, userId); // the next page view sees the stored attributes
    }
    const seen: VisitorFacts = {
      name: visitor.name,
      device: visitor.device,
      userId,
      segmented: sdk.getActiveVariant(segmented.shortUid),
      ab: sdk.getActiveVariant(ab.shortUid),
      aliases: ourAliases(ctx, sdk.getVariantAliases()),
    };
    ctx.facts.visitors.push(seen);
    const attributes = Object.entries(visitor.attributes).map(([k, v]) => `${k}=${String(v)}`);
    details.push(
      `visitor ${visitor.name} (${[visitor.device, ...attributes].join(', ')}): ` +
        `segmented → ${variantName(segmented, seen.segmented)}, A/B → ${variantName(ab, seen.ab)}` +
        (seen.ab === null && visitor.device !== 'mobile' ? ' (not a mobile user)' : ''),
    );
  }
  return {
    summary:
      `The edge API served ${served.join(' and ')} after activation (the first manifests with a variant of each, of ` +
      `${ctx.facts.edgeManifestsPolled ?? 0} polled); ` +
      `the official edge SDK got these decisions for ${SAMPLE_VISITORS.length} sample visitors:`,
    details,
  };
}

export async function deliverPersonalizedEntries(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  const entries = need(ctx.facts.entries, 'the authored entries');
  const freeShipping = variantByKey(ab, 'freeShipping').shortUid;
  const details: string[] = [];
  for (const visitor of ctx.facts.visitors) {
    const deliver = async (contentType: string, entryUid: string, field: string) =>
      String(
        (
          await deliverEntry(ctx.target.sandboxUrl, ctx.target.credentials, {
            contentType,
            entryUid,
            environment: entries.environment,
            locale: LOCALE,
            aliases: visitor.aliases,
          })
        )[field],
      );
    const headline = await deliver(SEGMENTED.contentType, entries.hero, SEGMENTED.field);
    const bannerMessage = await deliver(AB_TEST.contentType, entries.banner, AB_TEST.field);
    visitor.delivered = { headline, bannerMessage };
    const wantHeadline = expectedHeadline(segmented, visitor.segmented, ctx.runId);
    const wantBanner =
      visitor.ab === freeShipping ? AB_TEST.variants.freeShipping.text : AB_TEST.base(ctx.runId).message;
    if (headline !== wantHeadline || bannerMessage !== wantBanner) {
      throw new DemoError(
        `visitor ${visitor.name} got headline ${quote(headline)} and banner ${quote(bannerMessage)}, ` +
          `expected ${quote(wantHeadline)} and ${quote(wantBanner)}`,
      );
    }
    details.push(
      `visitor ${visitor.name} (aliases ${visitor.aliases.length === 0 ? 'none' : visitor.aliases.join(', ')}): ` +
        `hero ${quote(headline)}, banner ${quote(bannerMessage)}`,
    );
  }
  return {
    summary:
      `The Delivery API returned each visitor's personalized hero and banner ` +
      `(${ctx.facts.visitors.length} visitors, all as expected):`,
    details,
  };
}

export async function simulateTraffic(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  const crowd = simulatedVisitors(ctx.target.simulatedVisitors ?? DEFAULT_CROWD);
  const tally: TrafficTally = { [segmented.uid]: {}, [ab.uid]: {} };
  const events: Record<string, number> = { add_to_cart: 0, purchase: 0 };
  let withImpressions = 0;
  const freeShipping = variantByKey(ab, 'freeShipping').shortUid;

  // One page view per visitor: the manifest (live attributes ride along), impressions for what was shown, then the
  // events the conversion model says the visitor sends. The tally counts what the results must show: unique
  // visitors per variant, and each event once per visitor for every variant that visitor saw.
  const simulate = async (visitor: SimulatedVisitor): Promise<void> => {
    const userId = `demo-${ctx.runId}-v${visitor.index}`;
    const sdk = await visit(ctx.projectUid, visitor.device, userId, visitor.attributes);
    const seen = [
      { experience: segmented, variant: sdk.getActiveVariant(segmented.shortUid) },
      { experience: ab, variant: sdk.getActiveVariant(ab.shortUid) },
    ].filter((s): s is { experience: StoryExperience; variant: string } => s.variant !== null);
    const aliases = ourAliases(ctx, sdk.getVariantAliases());
    if (aliases.length > 0) {
      await sdk.triggerImpressions({ aliases });
      withImpressions++;
    }
    for (const s of seen) ((tally[s.experience.uid] ??= {})[s.variant] ??= { visitors: 0, conversions: {} }).visitors++;
    const converted = conversions(visitor, {
      freeShipping: seen.some((s) => s.experience === ab && s.variant === freeShipping),
      personalizedHero: seen.some((s) => s.experience === segmented),
    });
    const sent = [...(converted.addToCart ? ['add_to_cart'] : []), ...(converted.purchase ? ['purchase'] : [])];
    for (const key of sent) {
      await sdk.triggerEvent(key);
      events[key] = (events[key] ?? 0) + 1;
      for (const s of seen) {
        const counts = need(tally[s.experience.uid]?.[s.variant], 'tally').conversions;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
  };
  await inParallel(crowd, CONCURRENT_VISITORS, simulate);
  ctx.facts.traffic = { visitors: crowd.length, withImpressions, events, tally };
  const mobile = crowd.filter((v) => v.device === 'mobile').length;
  return {
    summary:
      `Simulated ${crowd.length} visitors through the edge SDK (${mobile} on mobile): ${withImpressions} saw at ` +
      `least one of the experiences and sent impressions; they sent ${events['add_to_cart'] ?? 0} 'add_to_cart' ` +
      `and ${events['purchase'] ?? 0} 'purchase' events.`,
    details: [segmented, ab].map(
      (e) =>
        `${quote(e.name)}: ` +
        e.variants.map((v) => `${quote(v.name)} ${tally[e.uid]?.[v.shortUid]?.visitors ?? 0} visitors`).join(', '),
    ),
  };
}

function expectedHeadline(segmented: StoryExperience, shortUid: string | null, runId: string): string {
  const key = segmented.variants.find((v) => v.shortUid === shortUid)?.key;
  return key === 'gold' || key === 'outdoor' ? SEGMENTED.variants[key].text : SEGMENTED.base(runId).headline;
}

/** One page view through the official edge SDK: the request's user agent decides the device. */
function visit(
  projectUid: string,
  device: Device,
  userId: string,
  liveAttributes?: VisitorAttributes,
): Promise<Awaited<ReturnType<typeof Personalize.init>>> {
  const request = new Request('https://shop.example.test/', { headers: { 'User-Agent': USER_AGENTS[device] } });
  return Personalize.init(projectUid, {
    request,
    userId,
    ...(liveAttributes === undefined || Object.keys(liveAttributes).length === 0 ? {} : { liveAttributes }),
  });
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
