// Steps 4–5, the CMS side: wait for the variant groups the app mirrors from the activated experiences, then author
// entry variants in them (on two new entries, so runs do not touch each other's content) and publish.
import type { VariantGroup } from './contentstack';
import { waitFor } from './http';
import {
  experiences,
  LOCALE,
  need,
  quote,
  seconds,
  variantByKey,
  type StepOutcome,
  type StoryContext,
} from './story-context';
import { AB_TEST, SEGMENTED } from './story-content';
import type { StoryExperience, StoryVariant } from './story-facts';

export async function variantGroupsAppear(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  const mine = [segmented, ab];
  const { value: groups, waitedMs } = await waitFor(
    'the app to create a CMS variant group with every variant for both experiences',
    async () => {
      const all = await ctx.cma.variantGroups();
      const found = mine.map((e) => mirroredGroup(all, e));
      return found.every((g): g is VariantGroup => g !== undefined) ? found : undefined;
    },
    { timeoutMs: ctx.timeoutMs },
  );
  const details = mine.map((experience, i) => {
    const group = need(groups[i], 'group');
    ctx.facts.groups.push({ experienceUid: experience.uid, groupUid: group.uid, name: group.name, waitedMs });
    for (const variant of experience.variants) {
      const cms = group.variants?.find((v) => v.personalize_metadata?.variant_short_uid === variant.shortUid);
      variant.cmsUid = need(cms, `CMS variant ${variant.shortUid}`).uid;
      if (cms?.alias !== undefined) variant.alias = cms.alias;
    }
    return (
      `${quote(group.name)} with ${experience.variants.length} variants: ` +
      experience.variants.map((v) => `${quote(v.name)} (alias ${v.alias ?? '?'})`).join(', ')
    );
  });
  return {
    summary: `Variant groups appeared in the CMS after ${seconds(waitedMs)} (the app mirrored the activation).`,
    details,
  };
}

export async function authorEntryVariants(ctx: StoryContext): Promise<StepOutcome> {
  const { cma, runId, environment } = ctx;
  const { segmented, ab } = experiences(ctx);
  const hero = await cma.createEntry(SEGMENTED.contentType, SEGMENTED.base(runId), LOCALE);
  const banner = await cma.createEntry(AB_TEST.contentType, AB_TEST.base(runId), LOCALE);
  await cma.publish(SEGMENTED.contentType, hero, environment, LOCALE);
  await cma.publish(AB_TEST.contentType, banner, environment, LOCALE);
  ctx.facts.entries = { hero, banner, environment };

  // An entry variant needs its group linked to the entry's content type.
  const all = await cma.variantGroups();
  for (const [experience, contentType] of [
    [segmented, SEGMENTED.contentType],
    [ab, AB_TEST.contentType],
  ] as const) {
    const groupUid = need(ctx.facts.groups.find((g) => g.experienceUid === experience.uid)?.groupUid, 'group');
    const linked = all.find((g) => g.uid === groupUid)?.content_types.map((c) => c.uid) ?? [];
    await cma.linkContentTypes(groupUid, linked, [contentType]);
  }

  const authored: { contentType: string; entry: string; variant: StoryVariant; field: string; text: string }[] = [
    ...(['gold', 'outdoor'] as const).map((key) => ({
      contentType: SEGMENTED.contentType,
      entry: hero,
      variant: variantByKey(segmented, key),
      field: SEGMENTED.field,
      text: SEGMENTED.variants[key].text,
    })),
    {
      contentType: AB_TEST.contentType,
      entry: banner,
      variant: variantByKey(ab, 'freeShipping'),
      field: AB_TEST.field,
      text: AB_TEST.variants.freeShipping.text,
    },
  ];
  for (const a of authored) {
    const variantUid = need(a.variant.cmsUid, `CMS variant of ${quote(a.variant.name)}`);
    await cma.writeEntryVariant(a.contentType, a.entry, variantUid, LOCALE, { [a.field]: a.text });
  }
  for (const [contentType, entry] of [
    [SEGMENTED.contentType, hero],
    [AB_TEST.contentType, banner],
  ] as const) {
    const variantUids = authored.filter((a) => a.entry === entry).map((a) => need(a.variant.cmsUid, 'CMS variant'));
    await cma.publish(contentType, entry, environment, LOCALE, variantUids);
  }
  return {
    summary:
      `Authored ${authored.length} entry variants on two new entries and published them to ${quote(environment)} ` +
      `(base hero headline ${quote(SEGMENTED.base(runId).headline)}, ` +
      `base banner ${quote(AB_TEST.base(runId).message)}).`,
    details: authored.map((a) => `${quote(a.variant.name)} → ${a.contentType}.${a.field} = ${quote(a.text)}`),
  };
}

/** The group the app made for the experience, once it carries every variant. */
function mirroredGroup(groups: readonly VariantGroup[], experience: StoryExperience): VariantGroup | undefined {
  const group = groups.find((g) => g.personalize_metadata?.experience_uid === experience.uid);
  const shortUids = new Set(group?.variants?.map((v) => v.personalize_metadata?.variant_short_uid));
  return group !== undefined && experience.variants.every((v) => shortUids.has(v.shortUid)) ? group : undefined;
}
