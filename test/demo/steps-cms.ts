// Steps 4–5, the CMS side: Contentstack's own sync (Personalize's background job; the sandbox plays it) makes each
// experience's variant group, the app links the content types on its auto-link list, and the demo says how long the
// sync took and who linked what, all read back through the Personalize API, the CMA and the experiences page. Then an
// author writes entry variants in the groups (on two new entries, so runs do not touch each other's content) and
// publishes. The demo never creates, renames or deletes a group or variant: those belong to Personalize.
import { experiencesPage, uiSession } from './bridge';
import type { VariantGroup } from './contentstack';
import { DemoError, waitFor } from './http';
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
import type { GroupFacts, StoryExperience, StoryVariant } from './story-facts';

export async function variantGroupsAppear(ctx: StoryContext): Promise<StepOutcome> {
  const { segmented, ab } = experiences(ctx);
  const { serverUrl, sandboxUrl, credentials } = ctx.target;
  const session = await uiSession(serverUrl, sandboxUrl, credentials.api_key);
  const details: string[] = [];
  const said: string[] = [];
  for (const [experience, needed] of [
    [segmented, SEGMENTED.contentType],
    [ab, AB_TEST.contentType],
  ] as const) {
    // 1. Contentstack's sync: the group the CMA lists for the experience, once it carries every variant.
    const { value: made } = await waitFor(
      `Contentstack's sync to make the variant group of ${quote(experience.name)} with all its variants`,
      async () => syncedGroup(await ctx.cma.groupsOfExperience(experience.uid), experience),
      { timeoutMs: ctx.timeoutMs, intervalMs: 500 },
    );
    for (const variant of experience.variants) {
      const cms = made.variants?.find((v) => v.personalize_metadata?.variant_short_uid === variant.shortUid);
      variant.cmsUid = need(cms, `CMS variant ${variant.shortUid}`).uid;
      if (cms?.alias !== undefined) variant.alias = cms.alias;
    }
    const variantsAt = need(experience.variantsAt, `when ${quote(experience.name)} got its variants`);
    const syncMs = Date.parse(made.created_at) - Date.parse(variantsAt);

    // 2. The app: the experiences page shows the experience in sync once its guard has seen the group and linked
    //    the installation's auto-link content types to it.
    await waitFor(
      `the experiences page to show ${quote(experience.name)} in sync`,
      async () => {
        const row = (await experiencesPage(serverUrl, session)).experiences.find((e) => e.uid === experience.uid);
        return row?.mirror.state === 'in-sync' && row.variantGroupUid === made.uid ? true : undefined;
      },
      { timeoutMs: ctx.timeoutMs, intervalMs: 1000 },
    );
    let group = await ctx.cma.variantGroup(made.uid);
    const linkedByApp = linkedContentTypes(group);

    // 3. The entry variants of step 5 need the group linked to their content type: when the auto-link list did not
    //    cover it, the demo links it as an author attaching an entry in the sidebar would.
    const linkedByDemo = linkedByApp.includes(needed) ? [] : [needed];
    if (linkedByDemo.length > 0) group = await ctx.cma.linkContentTypes(group, linkedByDemo);
    const nowLinked = linkedContentTypes(group);
    if (!nowLinked.includes(needed)) {
      throw new DemoError(`the group of ${quote(experience.name)} is still not linked to ${needed} after linking it`);
    }
    const facts: GroupFacts = {
      experienceUid: experience.uid,
      groupUid: group.uid,
      name: group.name,
      createdAt: made.created_at,
      syncMs,
      linkedByApp,
      linkedByDemo,
    };
    ctx.facts.groups.push(facts);
    said.push(`${seconds(syncMs)} (${quote(experience.name)})`);
    details.push(
      `${quote(group.name)}: made ${seconds(syncMs)} after its version got variants, with ` +
        `${experience.variants.length} variants: ` +
        experience.variants.map((v) => `${quote(v.name)} (alias ${v.alias ?? '?'})`).join(', '),
      `   the app linked ${countOf(linkedByApp)}${listOf(linkedByApp)}` +
        (linkedByDemo.length === 0
          ? ''
          : `; the demo linked ${linkedByDemo.join(', ')} itself, as an author attaching an entry in the sidebar ` +
            `would (the app's auto-link list does not include it)`),
    );
  }
  const [first, second] = ctx.facts.groups.slice(-2);
  const appCounts = [first, second].map((g) => countOf(g?.linkedByApp ?? []));
  return {
    summary:
      `Contentstack's sync made the variant groups ${said.join(' and ')} after the versions got variants; ` +
      `the app linked ${appCounts[0] === appCounts[1] ? `${appCounts[0] ?? ''} to each` : appCounts.join(' and ')}.`,
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

  // Step 4 made sure each group is linked to its entries' content type, which an entry variant needs.
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

/** The group Contentstack's sync made for the experience, once it carries every variant (the CLI takes the first). */
function syncedGroup(groups: readonly VariantGroup[], experience: StoryExperience): VariantGroup | undefined {
  const group = groups.find((g) => g.personalize_metadata?.experience_uid === experience.uid);
  const shortUids = new Set(group?.variants?.map((v) => v.personalize_metadata?.variant_short_uid));
  return group !== undefined && experience.variants.every((v) => shortUids.has(v.shortUid)) ? group : undefined;
}

function linkedContentTypes(group: VariantGroup): string[] {
  return group.content_types
    .filter((c) => c.status !== 'unlinked')
    .map((c) => c.uid)
    .sort();
}

const countOf = (uids: readonly string[]): string => `${uids.length} content type${uids.length === 1 ? '' : 's'}`;
const listOf = (uids: readonly string[]): string => (uids.length === 0 ? '' : ` (${uids.join(', ')})`);
