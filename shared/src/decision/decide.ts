// The decision engine: which variant of each experience a visitor sees. Compile the table once per change, then
// decide per request — one pass over the experiences, no parsing, no per-rule allocation.
import type { CompiledRanges } from '../bucketing/assign';
import { compileRanges, segmentAtFraction } from '../bucketing/assign';
import { bucketFraction } from '../bucketing/hash';
import type { AudiencePredicate } from '../audience-eval/compile';
import type { CompiledAudiences } from '../audience-eval/audiences';
import { compileAudiences, combineAudiences, unknownAudiences } from '../audience-eval/audiences';
import type { EvaluationContext } from '../audience-eval/context';
import type { AssignmentTable, AudienceReference, CmsVariant } from './assignment-table';

export type DecisionReason =
  /** Paused: listed, no variant. */
  | 'paused'
  /** The visitor is outside the experience's targeting. */
  | 'not-targeted'
  /** Segmented: the first variant whose audiences matched. */
  | 'audience-match'
  /** Segmented: targeted, but no variant's audiences matched. */
  | 'no-variant-matched'
  /** A/B: the variant whose bucket range holds the visitor's hash. */
  | 'bucket'
  /** A/B: no user uid to hash (the server issues one before deciding, so this means a caller bug). */
  | 'no-user-uid'
  /** A/B: the ranges do not cover the visitor's bucket (only a corrupt table can cause this). */
  | 'no-bucket';

/** Decisions are shared, frozen objects built at compile time: treat them as values, never mutate them. */
export interface ExperienceDecision {
  readonly shortUid: string;
  readonly activeVariantShortUid: string | null;
  readonly reason: DecisionReason;
  /** The CMS variant to show; null when no variant is active or the variant has no CMS link yet. */
  readonly cms: CmsVariant | null;
}

export interface DecisionRequest {
  readonly context: EvaluationContext;
  /** The visitor's uid (X-CS-Personalize-User-Uid); A/B tests hash it. */
  readonly userUid: string | undefined;
}

interface CompiledVariant {
  readonly matches: AudiencePredicate;
  /** The decision this variant yields, built once: deciding hands out shared, immutable objects. */
  readonly decision: ExperienceDecision;
}

/** The decisions an experience can yield that do not depend on a variant, built once at compile time. */
interface FixedDecisions {
  readonly paused: ExperienceDecision;
  readonly notTargeted: ExperienceDecision;
  readonly noVariantMatched: ExperienceDecision;
  readonly noUserUid: ExperienceDecision;
  readonly noBucket: ExperienceDecision;
}

type CompiledExperience =
  | {
      readonly type: 'SEGMENTED';
      readonly paused: boolean;
      readonly targeted: AudiencePredicate;
      readonly fixed: FixedDecisions;
      readonly variants: readonly CompiledVariant[];
    }
  | {
      readonly type: 'AB_TEST';
      readonly paused: boolean;
      readonly targeted: AudiencePredicate;
      readonly fixed: FixedDecisions;
      readonly seed: string;
      readonly ranges: CompiledRanges;
      /** The decision for each bucket segment, index-aligned with `ranges`. */
      readonly bySegment: readonly ExperienceDecision[];
    };

export interface CompiledAssignmentTable {
  readonly experiences: readonly CompiledExperience[];
  /** Audience uids referenced by the table but missing from it: they never match; callers should report them. */
  readonly unknownAudienceUids: readonly string[];
}

const nobody: AudiencePredicate = () => false;

/** Segmented variants with no audiences match nobody: a variant nobody was chosen for is not shown to everyone. */
function variantPredicate(reference: AudienceReference, audiences: CompiledAudiences): AudiencePredicate {
  return reference.audiences.length === 0
    ? nobody
    : combineAudiences(reference.audiences, reference.combinationType, audiences);
}

function fixedDecisions(shortUid: string): FixedDecisions {
  const none = (reason: DecisionReason): ExperienceDecision =>
    Object.freeze({ shortUid, activeVariantShortUid: null, reason, cms: null });
  return {
    paused: none('paused'),
    notTargeted: none('not-targeted'),
    noVariantMatched: none('no-variant-matched'),
    noUserUid: none('no-user-uid'),
    noBucket: none('no-bucket'),
  };
}

function variantDecision(
  shortUid: string,
  variantShortUid: string,
  reason: 'audience-match' | 'bucket',
  cms: CmsVariant | null,
): ExperienceDecision {
  return Object.freeze({ shortUid, activeVariantShortUid: variantShortUid, reason, cms });
}

export function compileAssignmentTable(table: AssignmentTable): CompiledAssignmentTable {
  const keys = table.attributeKeys ?? {};
  const audiences = compileAudiences(table.audiences, {
    customAttributeKey: (uid) => (Object.hasOwn(keys, uid) ? keys[uid] : undefined),
  });
  const referenced = new Set<string>();
  const experiences = table.experiences.map((experience): CompiledExperience => {
    for (const uid of experience.targeting.audiences) referenced.add(uid);
    const { shortUid } = experience;
    const common = {
      paused: experience.paused === true,
      targeted: combineAudiences(experience.targeting.audiences, experience.targeting.combinationType, audiences),
      fixed: fixedDecisions(shortUid),
    };
    if (experience.type === 'SEGMENTED') {
      return {
        type: 'SEGMENTED',
        ...common,
        variants: experience.variants.map((variant) => {
          for (const uid of variant.audience.audiences) referenced.add(uid);
          return {
            matches: variantPredicate(variant.audience, audiences),
            decision: variantDecision(shortUid, variant.shortUid, 'audience-match', variant.cms),
          };
        }),
      };
    }
    const cmsByVariant = new Map(experience.variants.map((v) => [v.shortUid, v.cms]));
    const ranges = compileRanges(experience.ranges);
    return {
      type: 'AB_TEST',
      ...common,
      seed: experience.seed,
      ranges,
      bySegment: ranges.variantShortUids.map((variant) =>
        variantDecision(shortUid, variant, 'bucket', cmsByVariant.get(variant) ?? null),
      ),
    };
  });
  return { experiences, unknownAudienceUids: unknownAudiences([...referenced], audiences) };
}

function decideOne(experience: CompiledExperience, request: DecisionRequest): ExperienceDecision {
  const { fixed } = experience;
  // 1. Paused and untargeted experiences are listed without a variant.
  if (experience.paused) return fixed.paused;
  if (!experience.targeted(request.context)) return fixed.notTargeted;
  // 2. Segmented: the first variant whose audiences match.
  if (experience.type === 'SEGMENTED') {
    for (const variant of experience.variants) {
      if (variant.matches(request.context)) return variant.decision;
    }
    return fixed.noVariantMatched;
  }
  // 3. A/B: the visitor's bucket under the experience's own seed.
  const { userUid } = request;
  if (userUid === undefined || userUid === '') return fixed.noUserUid;
  const segment = segmentAtFraction(experience.ranges, bucketFraction(experience.seed, userUid));
  return experience.bySegment[segment] ?? fixed.noBucket;
}

/** One decision per experience, in priority order. */
export function decide(table: CompiledAssignmentTable, request: DecisionRequest): ExperienceDecision[] {
  const { experiences } = table;
  const decisions = new Array<ExperienceDecision>(experiences.length);
  for (let i = 0; i < experiences.length; i++) {
    decisions[i] = decideOne(experiences[i] as CompiledExperience, request);
  }
  return decisions;
}

/** The edge API's manifest body: what the official SDK reads. */
export interface Manifest {
  readonly experiences: readonly { readonly shortUid: string; readonly activeVariantShortUid: string | null }[];
}

export function toManifest(decisions: readonly ExperienceDecision[]): Manifest {
  return {
    experiences: decisions.map((d) => ({ shortUid: d.shortUid, activeVariantShortUid: d.activeVariantShortUid })),
  };
}
