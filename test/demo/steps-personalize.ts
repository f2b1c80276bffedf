// Steps 1–3, the marketer in Personalize: create the two experiences with their audiences and variants, set up the
// events and metrics, activate.
import type { PersonalizeVersion } from './contentstack';
import { probeEdge } from './edge-probe';
import { DemoError } from './http';
import { experiences, need, quote, type StepOutcome, type StoryContext } from './story-context';
import { AB_TEST, ATTRIBUTES, audienceDefinition, EVENTS, METRICS, SEGMENTED, type SegmentKey } from './story-content';
import type { StoryExperience } from './story-facts';

export async function createExperiences(ctx: StoryContext): Promise<StepOutcome> {
  const { personalize, runId, facts } = ctx;
  const project = await personalize.project();
  facts.projectName = project.name;
  const attributeUid = new Map((await personalize.attributes()).map((a) => [a.key, a.uid]));
  for (const wanted of ATTRIBUTES) {
    if (!attributeUid.has(wanted.key)) {
      attributeUid.set(wanted.key, (await personalize.createAttribute(wanted.key, wanted.name)).uid);
    }
  }
  const existing = await personalize.audiences();
  const audience = async (name: string): Promise<string> => {
    const found = existing.find((a) => a.name === name);
    facts.audiences.push({ name, created: found === undefined });
    if (found !== undefined) return found.uid;
    const { description, definition } = audienceDefinition(name, (key) =>
      need(attributeUid.get(key), `attribute ${key}`),
    );
    return (await personalize.createAudience(name, description, definition)).uid;
  };
  const gold = await audience(SEGMENTED.variants.gold.audience);
  const outdoor = await audience(`${SEGMENTED.variants.outdoor.audience} · demo ${runId}`);
  const mobile = await audience(AB_TEST.audience);

  const segment = (key: SegmentKey, audienceUid: string) => ({
    key,
    name: SEGMENTED.variants[key].name,
    spec: { __type: 'SegmentedVariant', audiences: [audienceUid], audienceCombinationType: 'OR' },
  });
  const segmented = await createExperience(ctx, SEGMENTED.name(runId), SEGMENTED.description, 'SEGMENTED', [
    segment('gold', gold),
    segment('outdoor', outdoor),
  ]);
  facts.segmented = segmented;
  const arm = (key: keyof typeof AB_TEST.variants) => ({
    key,
    name: AB_TEST.variants[key].name,
    spec: { __type: 'ABTestVariant', trafficDistribution: AB_TEST.variants[key].share },
  });
  const ab = await createExperience(
    ctx,
    AB_TEST.name(runId),
    AB_TEST.description,
    'AB_TEST',
    [arm('control'), arm('freeShipping')],
    { audience: { audiences: [mobile], audienceCombinationType: 'OR' } },
  );
  facts.ab = ab;

  const [goldAudience, outdoorAudience, mobileAudience] = facts.audiences.map(
    (a) => `${quote(a.name)} (${a.created ? 'created now' : 'already in the project'})`,
  );
  const { control, freeShipping } = AB_TEST.variants;
  return {
    summary:
      `Created the segmented experience ${quote(segmented.name)} (short uid ${segmented.shortUid}) and the A/B ` +
      `test ${quote(ab.name)} (short uid ${ab.shortUid}) in the Personalize project ${quote(project.name)}.`,
    details: [
      `segmented: variant ${quote(SEGMENTED.variants.gold.name)} for audience ${goldAudience ?? ''}, ` +
        `variant ${quote(SEGMENTED.variants.outdoor.name)} for audience ${outdoorAudience ?? ''}`,
      `A/B test: ${quote(control.name)} ${control.share}% vs ${quote(freeShipping.name)} ${freeShipping.share}%, ` +
        `only for audience ${mobileAudience ?? ''}`,
    ],
  };
}

export async function setUpEventsAndMetrics(ctx: StoryContext): Promise<StepOutcome> {
  const { personalize, facts } = ctx;
  const { segmented, ab } = experiences(ctx);
  const eventUid = new Map((await personalize.events()).map((e) => [e.key, e.uid]));
  for (const event of EVENTS) {
    const found = eventUid.get(event.key);
    facts.events.push({ key: event.key, created: found === undefined });
    if (found === undefined) eventUid.set(event.key, (await personalize.createEvent(event.key, event.description)).uid);
  }
  const metrics = (list: readonly { event: string; name: string }[]) =>
    list.map((m, i) => ({
      event: need(eventUid.get(m.event), `event ${m.event}`),
      name: m.name,
      __type: i === 0 ? 'Primary' : 'Secondary',
    }));
  await writeVersion(ctx, segmented, { metrics: metrics(METRICS.segmented) });
  await writeVersion(ctx, ab, { metrics: metrics(METRICS.ab) });
  const describe = (list: readonly { name: string }[]) =>
    list.map((m, i) => `${quote(m.name)} (${i === 0 ? 'primary' : 'secondary'})`).join(', ');
  const events = facts.events.map((e) => `${quote(e.key)} (${e.created ? 'created now' : 'already in the project'})`);
  return {
    summary: `Events ready: ${events.join(', ')}; metrics attached to both experiences.`,
    details: [`segmented: ${describe(METRICS.segmented)}`, `A/B test: ${describe(METRICS.ab)}`],
  };
}

export async function activate(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  // The edge step reports how long after its activation the edge API served each experience: watch from now on.
  ctx.edgeProbe = probeEdge(ctx, [segmented, ab]);
  for (const experience of [segmented, ab]) {
    experience.activatedAt = Date.now();
    await writeVersion(ctx, experience, { status: 'ACTIVE' });
    const active = (await ctx.personalize.versions(experience.uid)).find((v) => v.status === 'ACTIVE');
    if (active?.uid !== experience.versionUid) {
      throw new DemoError(`${quote(experience.name)} has no ACTIVE version after activating it`);
    }
  }
  return { summary: 'Activated both experiences: their versions are ACTIVE in Personalize.', details: [] };
}

async function createExperience(
  ctx: StoryContext,
  name: string,
  description: string,
  type: 'SEGMENTED' | 'AB_TEST',
  variants: { key: string; name: string; spec: Record<string, unknown> }[],
  targeting?: Record<string, unknown>,
): Promise<StoryExperience> {
  const created = await ctx.personalize.createExperience(name, description, type);
  const draft = (await ctx.personalize.versions(created.uid)).find((v) => v.status === 'DRAFT');
  const experience: StoryExperience = {
    uid: created.uid,
    shortUid: created.shortUid,
    name: created.name,
    versionUid: need(draft, `the draft version of ${quote(name)}`).uid,
    variants: variants.map((v) => ({ shortUid: '', name: v.name, key: v.key })),
    body: {},
  };
  const written = await writeVersion(ctx, experience, {
    status: 'DRAFT',
    variants: variants.map((v) => ({ name: v.name, ...v.spec })),
    ...(targeting === undefined ? {} : { targeting }),
  });
  // Contentstack's sync makes the variant group once the version has variants: its clock starts at this write.
  experience.variantsAt = written.updatedAt;
  return experience;
}

/** Writes the whole version again with `changes` applied, as the Personalize UI does. */
async function writeVersion(
  ctx: StoryContext,
  experience: StoryExperience,
  changes: Record<string, unknown>,
): Promise<PersonalizeVersion> {
  experience.body = { ...experience.body, ...changes };
  const written = await ctx.personalize.writeVersion(experience.uid, experience.versionUid, experience.body);
  experience.versionUid = written.uid;
  adoptShortUids(experience, written);
  // Echo the variants back with their short uids: a variant written without one is a new variant to Personalize.
  experience.body = { ...experience.body, variants: written.variants };
  return written;
}

/** Written variants get their short uids from Personalize: match them back by name. */
function adoptShortUids(experience: StoryExperience, written: PersonalizeVersion): void {
  for (const variant of experience.variants) {
    const match = written.variants.find((v) => v.name === variant.name);
    if (match !== undefined) variant.shortUid = match.shortUid;
  }
}
