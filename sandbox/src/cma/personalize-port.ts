/**
 * The CMA half's side of PersonalizeCmsPort: Personalize's CMS sync writes through the very CmsStore the CMA
 * routes use, so its groups and variants have the same shape, audit fields and uniqueness rules as CMA-made
 * ones. Everything it makes is marked `origin: 'personalize'` (which the ownership rules of the CMA read).
 * No HTTP is involved, so nothing here reaches the request log or a rate budget.
 */
import type { Clock, PersonalizeCmsGroup, PersonalizeCmsPort, PersonalizeCmsVariant } from '../core/contracts';
import type { Actor, CmsStore } from './cms-store';
import type { PersonalizeMetadata, VariantRecord } from './model';

/**
 * `created_by` / `updated_by` of what the sync makes. Contentstack does not document which uid it records for
 * Personalize's own writes; a fixed system uid keeps them apart from every user and token (an assumption).
 */
export const PERSONALIZE_ACTOR_UID = 'system_personalize_sync';

const stringFields = (metadata: PersonalizeMetadata | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
};

const variantView = (v: VariantRecord): PersonalizeCmsVariant => ({
  uid: v.uid,
  name: v.name,
  alias: v.alias,
  metadata: stringFields(v.personalize_metadata),
});

export const createPersonalizeCmsPort = (cms: CmsStore, clock: Clock, changed: () => void): PersonalizeCmsPort => {
  const actor = (): Actor => ({ uid: PERSONALIZE_ACTOR_UID, at: clock.now().toISOString() });
  const groupView = (apiKey: string, uid: string): PersonalizeCmsGroup | undefined => {
    const group = cms.content(apiKey).variantGroups[uid];
    if (group === undefined) return undefined;
    return {
      uid: group.uid,
      name: group.name,
      description: group.description,
      variants: cms.variantsOf(apiKey, uid).map(variantView),
    };
  };
  return {
    group: groupView,
    groupNames: (apiKey) => cms.variantGroups(apiKey).map((g) => g.name),
    createGroup(apiKey, input) {
      const group = cms.createVariantGroup(
        apiKey,
        {
          name: input.name,
          description: input.description,
          content_types: [],
          personalize_metadata: { ...input.metadata },
          origin: 'personalize',
        },
        actor(),
      );
      changed();
      return { uid: group.uid, name: group.name, description: group.description, variants: [] };
    },
    updateGroup(apiKey, uid, input) {
      cms.updateVariantGroup(apiKey, uid, { name: input.name, description: input.description }, actor());
      changed();
    },
    createVariant(apiKey, groupUid, input) {
      const variant = cms.createVariant(
        apiKey,
        groupUid,
        { name: input.name, alias: input.alias, personalize_metadata: { ...input.metadata }, origin: 'personalize' },
        actor(),
      );
      changed();
      return variantView(variant);
    },
    updateVariant(apiKey, groupUid, uid, input) {
      cms.updateVariant(
        apiKey,
        groupUid,
        uid,
        {
          name: input.name,
          alias: input.alias,
          ...(input.dropMetadata === true ? { personalize_metadata: null } : {}),
        },
        actor(),
      );
      changed();
    },
  };
};
