// Reading Personalize's answers so that one experience the engine cannot understand never stops a project being
// served. Each record is parsed on its own, with schemas that check only the fields the engine uses and keep unknown
// fields (loose objects); what does not parse, or parses but asks for something the engine cannot evaluate (Lytics
// audiences), is set aside with a reason a person can act on, and everything else is served as usual.
//
// Invariants:
//  1. An experience is left out, never served half-understood: a variant we cannot evaluate must not fall back to
//     "matches nobody" or "matches everyone", either of which would show visitors the wrong content.
//  2. Reasons name the experience's own words (variant and audience names, the unknown value) and never quote a whole
//     payload.
//  3. An unreadable audience only affects the experiences that reference it.
import { z } from 'zod';
import type { Result } from '../core/result';
import { fail, ok } from '../core/result';
import type { Audience } from '../personalize/audience';
import { audienceSchema } from '../personalize/audience';
import type { Experience, ExperienceVersion, Targeting } from '../personalize/experience';
import { experienceSchema, experienceVersionSchema, storedVersionStatusSchema } from '../personalize/experience';

/** An experience the engine leaves out of the assignment table, and why (shown on the experiences page). */
export const notServedExperienceSchema = z.object({
  experienceUid: z.string().min(1),
  /** Null when the experience's own record could not be read far enough to know it. */
  shortUid: z.string().nullable(),
  reason: z.string().min(1),
});
export type NotServedExperience = z.infer<typeof notServedExperienceSchema>;

/** The smallest shape that identifies a record, read before the full parse so a failure can still be attributed. */
const identitySchema = z.looseObject({
  uid: z.string().min(1),
  name: z.string().optional(),
  shortUid: z.string().optional(),
});

type Path = readonly PropertyKey[];

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A short, quoted rendering of an unknown value (never a whole object). */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

function pathText(path: Path): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

/** What an audience definition issue means, in the author's terms. */
function ruleProblem(raw: unknown, path: Path, message: string): string {
  const value = valueAt(raw, path);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'attributeMatchCondition')
    return `uses the match condition ${shown(value)}, which this app does not know`;
  if (parent === 'attribute' && last === '__type') {
    return `uses an attribute reference of type ${shown(value)}, which this app does not know`;
  }
  if (parent === 'attribute' && last === 'ref')
    return `uses the attribute ${shown(value)}, which this app does not know`;
  if (parent === 'attributeMatchOptions' && last === '__type') {
    return `uses match options of type ${shown(value)}, which this app does not know`;
  }
  if (last === '__type') return `has a rule of type ${shown(value)}, which this app does not know`;
  return `cannot be read (${pathText(path)}: ${message})`;
}

function firstIssue(error: z.ZodError): { path: Path; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path ?? [], message: issue?.message ?? 'unreadable' };
}

function isLytics(raw: unknown): boolean {
  const source = valueAt(raw, ['source']);
  return typeof source === 'string' && source.toUpperCase() === 'LYTICS';
}

export interface ReadAudiences {
  audiences: Audience[];
  /** Audience uid → why the engine cannot evaluate it. */
  unreadable: ReadonlyMap<string, string>;
}

export function readAudiences(raw: readonly unknown[]): ReadAudiences {
  const audiences: Audience[] = [];
  const unreadable = new Map<string, string>();
  for (const item of raw) {
    const identity = identitySchema.safeParse(item);
    // Without a uid nothing can reference the record: there is nothing to leave out.
    if (!identity.success) continue;
    const label = `audience ${shown(identity.data.name ?? identity.data.uid)}`;
    // Lytics audiences are evaluated by Lytics from its own profile data, which this app never sees.
    if (isLytics(item)) {
      unreadable.set(identity.data.uid, `${label} is a Lytics audience, which this app cannot evaluate`);
      continue;
    }
    const parsed = audienceSchema.safeParse(item);
    if (parsed.success) {
      audiences.push(parsed.data);
      continue;
    }
    const { path, message } = firstIssue(parsed.error);
    unreadable.set(identity.data.uid, `${label} ${ruleProblem(item, path, message)}`);
  }
  return { audiences, unreadable };
}

export interface ReadExperiences {
  experiences: Experience[];
  notServed: NotServedExperience[];
}

export function readExperiences(raw: readonly unknown[]): ReadExperiences {
  const experiences: Experience[] = [];
  const notServed: NotServedExperience[] = [];
  for (const item of raw) {
    const parsed = experienceSchema.safeParse(item);
    if (parsed.success) {
      experiences.push(parsed.data);
      continue;
    }
    const identity = identitySchema.safeParse(item);
    if (!identity.success) continue;
    const { path, message } = firstIssue(parsed.error);
    const reason =
      path.length === 1 && path[0] === '__type'
        ? `the experience type ${shown(valueAt(item, path))} is not one this app knows`
        : `the experience cannot be read (${pathText(path)}: ${message})`;
    notServed.push({ experienceUid: identity.data.uid, shortUid: identity.data.shortUid ?? null, reason });
  }
  return { experiences, notServed };
}

const versionStatusOnly = z.looseObject({ status: storedVersionStatusSchema });

/**
 * The version to serve: ACTIVE, else PAUSED, else none (drafts only). Statuses are read first on their own, so a
 * draft being edited into a shape we cannot read never matters, while a live version we cannot read is reported
 * instead of silently serving an older one.
 */
export function readLiveVersion(raw: readonly unknown[]): Result<ExperienceVersion | null, 'unreadable-version'> {
  const statuses = raw.map((v) => versionStatusOnly.safeParse(v));
  const pick = (status: 'ACTIVE' | 'PAUSED') => statuses.findIndex((s) => s.success && s.data.status === status);
  const index = pick('ACTIVE') >= 0 ? pick('ACTIVE') : pick('PAUSED');
  if (index < 0) return ok(null);
  const item = raw[index];
  const parsed = experienceVersionSchema.safeParse(item);
  if (parsed.success) return ok(parsed.data);
  const { path, message } = firstIssue(parsed.error);
  return fail('unreadable-version', versionProblem(item, path, message));
}

function versionProblem(raw: unknown, path: Path, message: string): string {
  const [area, index, ...rest] = path;
  if ((area === 'variants' || area === 'metrics') && typeof index === 'number') {
    const name = valueAt(raw, [area, index, 'name']);
    const label = `${area === 'variants' ? 'variant' : 'metric'} ${typeof name === 'string' ? shown(name) : `#${index + 1}`}`;
    if (rest.length === 1 && rest[0] === '__type') {
      return `${label} has type ${shown(valueAt(raw, path))}, which this app does not know`;
    }
    return `${label} cannot be read (${pathText(rest) || area}: ${message})`;
  }
  const at = pathText(path);
  return at.startsWith('targeting')
    ? `the version's targeting ${ruleProblem(raw, path, message)}`
    : `the live version cannot be read (${at}: ${message})`;
}

function audienceUids(targeting: Targeting | null | undefined): readonly string[] {
  return targeting?.audience?.audiences ?? [];
}

/**
 * Why a readable live version still cannot be served, or null: a variant targets Lytics audiences, or the version
 * references an audience the engine cannot evaluate. Checked in version order so the reason names the first culprit.
 */
export function unservableReason(
  experience: Pick<Experience, 'targeting'>,
  version: ExperienceVersion,
  unreadableAudiences: ReadonlyMap<string, string>,
): string | null {
  const targeting = version.targeting ?? experience.targeting;
  for (const uid of audienceUids(targeting)) {
    const why = unreadableAudiences.get(uid);
    if (why !== undefined) return `targeting: ${why}`;
  }
  for (const variant of version.variants) {
    if (variant.__type !== 'SegmentedVariant') continue;
    const lytics = variant['lyticsAudiences'];
    if (Array.isArray(lytics) && lytics.length > 0) {
      return `variant ${shown(variant.name)} targets Lytics audiences, which this app cannot evaluate`;
    }
    for (const uid of variant.audiences) {
      const why = unreadableAudiences.get(uid);
      if (why !== undefined) return `variant ${shown(variant.name)}: ${why}`;
    }
  }
  return null;
}
