/**
 * Change sets for the editor, over the shared domain rules (`@pb/shared` cms/change-set, entry-path): the server
 * applies variants with the same code, so what the author sees is what gets served.
 */
import { computeChangeSet as sharedChangeSet } from '@pb/shared/cms/change-set';
import type { ContentTypeSchemaLike } from '@pb/shared/cms/change-set';
import { contentTypeFieldSchema } from '@pb/shared/cms/content-type';
import { ABSENT, valueAtPath } from '@pb/shared/cms/entry-path';
import type { JsonObject } from '@pb/shared/cms/entry-path';

/** The content type in the shape the shared diff wants; without a readable schema the diff infers from data. */
export function schemaForDiff(schema: unknown[]): ContentTypeSchemaLike | undefined {
  const parsed = contentTypeFieldSchema.array().safeParse(schema);
  return parsed.success ? { schema: parsed.data } : undefined;
}

/** The change set of a variant that overrides some top-level fields of `base`. */
export function computeChangeSet(
  base: JsonObject,
  overrides: JsonObject,
  contentType?: ContentTypeSchemaLike,
): string[] {
  return sharedChangeSet(base, { ...base, ...overrides }, contentType);
}

export function valueAt(root: unknown, path: string): unknown {
  const value = valueAtPath(root, path);
  return value === ABSENT ? undefined : value;
}

/** True when `a` and `b` name the same field or one lies inside the other. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The top-level fields a change set touches, in first-seen order. */
export function topLevelFields(changeSet: readonly string[]): string[] {
  return [...new Set(changeSet.map((path) => path.split('.')[0] ?? path))];
}

/** Overridden paths under which the base changed: the variant keeps showing its own value there, so the
 * author should look again. */
export function overriddenBaseChanges(
  previousBase: JsonObject,
  nextBase: JsonObject,
  changeSet: readonly string[],
  contentType?: ContentTypeSchemaLike,
): string[] {
  const changed = sharedChangeSet(previousBase, nextBase, contentType);
  return changeSet.filter((path) => changed.some((c) => pathsOverlap(c, path)));
}

/** A short readable rendering of a field value for the diff view. */
export function display(value: unknown, max = 80): string {
  if (value === undefined) return '(none)';
  if (value === null) return '(empty)';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
