/**
 * The version lifecycle of an experience, as a pure decision: given the experience, its versions, the
 * version being written (none for a POST) and the request, either the write to apply or the reason it is
 * refused. Nothing here touches state, so a refused write changes nothing.
 *
 * Rules (Contentstack Personalize):
 * 1. One DRAFT at a time per experience.
 * 2. ACTIVE and PAUSED versions are locked: only their status may change (ACTIVE ⇄ PAUSED), with the same
 *    content; they never go back to DRAFT. ARCHIVED versions never change.
 * 3. Activating a version archives the version that was ACTIVE or PAUSED before it.
 * 4. Variant short uids are integer strings issued by the server and never reused; a client may repeat a
 *    short uid the experience already issued (to keep a variant across versions) but not invent one.
 * 5. Variants match the experience type; a segmented variant needs an audience; an A/B test with variants
 *    has 2+ of them and traffic summing to 100 (fixed for the life of the version by rule 2).
 * 6. An ACTIVE version has variants; referenced audiences and events exist in the project.
 */
import type { FieldIssue } from './errors';
import type { Experience, Metric, Targeting, Variant, Version, VersionStatus } from './model';
import type { VariantInput, VersionInput } from './requests';

const V = 'personalize.EXPERIENCES.VERSIONS';

export type Transition = 'create' | 'update' | 'activate' | 'pause' | 'none';

export type VersionWrite =
  | {
      ok: true;
      status: VersionStatus;
      variants: Variant[];
      targeting: Targeting | undefined;
      metrics: Metric[];
      nextVariantShortUid: number;
      transition: Transition;
      /** Versions to archive (rule 3). */
      archive: string[];
    }
  | { ok: false; status: 400; code: string; issues: FieldIssue[] };

export interface LifecycleInput {
  experience: Experience;
  versions: Version[];
  /** Undefined for POST /versions. */
  target: Version | undefined;
  request: Omit<VersionInput, 'status'> & { status: 'DRAFT' | 'ACTIVE' | 'PAUSED' };
  audienceExists: (uid: string) => boolean;
  eventExists: (uid: string) => boolean;
}

const refuse = (code: string, issues: FieldIssue[] = []): VersionWrite => ({ ok: false, status: 400, code, issues });

export function planVersionWrite(input: LifecycleInput): VersionWrite {
  const { experience, versions, target, request } = input;

  // 1-2. Status transitions.
  const from: VersionStatus | 'NEW' = target?.status ?? 'NEW';
  const to = request.status;
  if (from === 'ARCHIVED') return refuse(`${V}.CANNOT_UPDATE_ARCHIVED_VERSION`);
  if ((from === 'ACTIVE' || from === 'PAUSED') && to === 'DRAFT') return refuse(`${V}.CANNOT_MARK_VERSION_AS_DRAFT`);
  if ((from === 'NEW' || from === 'DRAFT') && to === 'PAUSED') {
    return refuse(`${V}.CANNOT_PAUSE_INACTIVE_VERSION`, [
      { path: 'status', code: 'INVALID_STATUS', message: 'only an ACTIVE version can be paused' },
    ]);
  }
  if (from === 'NEW' && to === 'DRAFT' && versions.some((v) => v.status === 'DRAFT')) {
    return refuse(`${V}.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS`);
  }

  // 4. Short uids.
  const assigned = assignShortUids(request.variants, experience.nextVariantShortUid);
  if (!assigned.ok) return refuse(`${V}.INVALID_VARIANT_SHORT_UID`, assigned.issues);

  // 5-6. Content.
  const issues = validateContent(experience, assigned.variants, request, to, input);
  if (issues.length > 0) return refuse(`${V}.INVALID_VERSION`, issues);

  const targeting = request.targeting ?? (target !== undefined && isLocked(from) ? target.targeting : undefined);
  const metrics = request.metrics ?? (target !== undefined && isLocked(from) ? target.metrics : []);

  // 2. Locked versions keep their content.
  if (target !== undefined && isLocked(from)) {
    const same =
      canonical(assigned.variants) === canonical(target.variants) &&
      canonical(targeting ?? null) === canonical(target.targeting ?? null) &&
      canonical(metrics) === canonical(target.metrics);
    if (!same) return refuse(`${V}.CANNOT_UPDATE_LOCKED_VERSION`);
  }

  const transition: Transition =
    from === to
      ? isLocked(from)
        ? 'none'
        : 'update'
      : to === 'ACTIVE'
        ? 'activate'
        : to === 'PAUSED'
          ? 'pause'
          : 'create';
  const archive =
    to === 'ACTIVE'
      ? versions
          .filter((v) => v.uid !== target?.uid && (v.status === 'ACTIVE' || v.status === 'PAUSED'))
          .map((v) => v.uid)
      : [];
  return {
    ok: true,
    status: to,
    variants: assigned.variants,
    targeting,
    metrics,
    nextVariantShortUid: assigned.next,
    transition: from === 'NEW' && to === 'DRAFT' ? 'create' : transition,
    archive,
  };
}

function isLocked(status: VersionStatus | 'NEW'): boolean {
  return status === 'ACTIVE' || status === 'PAUSED';
}

function assignShortUids(
  variants: VariantInput[],
  next: number,
): { ok: true; variants: Variant[]; next: number } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  let counter = next;
  const out: Variant[] = [];
  variants.forEach((v, i) => {
    let shortUid = v.shortUid;
    if (shortUid === undefined) {
      shortUid = String(counter);
      counter += 1;
    } else if (Number(shortUid) >= next || String(Number(shortUid)) !== shortUid) {
      issues.push({
        path: `variants.${i}.shortUid`,
        code: 'UNKNOWN_SHORT_UID',
        message: `shortUid ${shortUid} was never issued for this experience; omit it to get a new one`,
      });
    }
    if (seen.has(shortUid)) {
      issues.push({
        path: `variants.${i}.shortUid`,
        code: 'DUPLICATE_SHORT_UID',
        message: `shortUid ${shortUid} repeats`,
      });
    }
    seen.add(shortUid);
    out.push({ ...v, shortUid });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, variants: out, next: counter };
}

function validateContent(
  experience: Experience,
  variants: Variant[],
  request: LifecycleInput['request'],
  to: VersionStatus,
  refs: Pick<LifecycleInput, 'audienceExists' | 'eventExists'>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const expected = experience.__type === 'SEGMENTED' ? 'SegmentedVariant' : 'ABTestVariant';
  variants.forEach((v, i) => {
    if (v.__type !== expected) {
      issues.push({
        path: `variants.${i}.__type`,
        code: 'VARIANT_TYPE_MISMATCH',
        message: `a ${experience.__type} experience takes ${expected} variants`,
      });
      return;
    }
    if (v.__type === 'SegmentedVariant') {
      if (v.audiences.length === 0 && (v.lyticsAudiences ?? []).length === 0) {
        issues.push({
          path: `variants.${i}.audiences`,
          code: 'EMPTY_ARRAY',
          message: 'a segmented variant needs an audience',
        });
      }
      v.audiences.forEach((a, j) => {
        if (!refs.audienceExists(a)) {
          issues.push({
            path: `variants.${i}.audiences.${j}`,
            code: 'AUDIENCE_NOT_FOUND',
            message: `audience ${a} does not exist`,
          });
        }
      });
    }
  });
  if (experience.__type === 'AB_TEST' && variants.length > 0 && issues.length === 0) {
    if (variants.length < 2) {
      issues.push({ path: 'variants', code: 'MIN_TWO_VARIANTS', message: 'an A/B test needs at least 2 variants' });
    }
    const total = variants.reduce((sum, v) => sum + (v.__type === 'ABTestVariant' ? v.trafficDistribution : 0), 0);
    if (total !== 100) {
      issues.push({
        path: 'variants',
        code: 'INVALID_TRAFFIC_DISTRIBUTION',
        message: `trafficDistribution must sum to 100 (got ${total})`,
      });
    }
  }
  if (to === 'ACTIVE' && variants.length === 0) {
    issues.push({ path: 'variants', code: 'EMPTY_ARRAY', message: 'an ACTIVE version needs variants' });
  }
  (request.targeting?.audience?.audiences ?? []).forEach((a, j) => {
    if (!refs.audienceExists(a)) {
      issues.push({
        path: `targeting.audience.audiences.${j}`,
        code: 'AUDIENCE_NOT_FOUND',
        message: `audience ${a} does not exist`,
      });
    }
  });
  (request.metrics ?? []).forEach((m, j) => {
    if (!refs.eventExists(m.event)) {
      issues.push({ path: `metrics.${j}.event`, code: 'EVENT_NOT_FOUND', message: `event ${m.event} does not exist` });
    }
  });
  return issues;
}

/** Order-insensitive for object keys, order-sensitive for arrays (variant order matters). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
