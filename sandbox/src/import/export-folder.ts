/**
 * Reads a `csdx cm:stacks:export` folder into one plain JSON document (`StackExport`), the body of
 * `POST /_sandbox/stacks/import`. The layout is the CLI's own (verified in @contentstack/cli-cm-export 1.x and
 * cli-variants' export modules):
 * - `content_types/schema.json` (array of content types), `locales/master-locale.json` and `locales/locales.json`
 *   (objects keyed by locale uid), `environments/environments.json` (keyed by environment uid);
 * - `entries/<ct>/<locale>/index.json` → `{"1": "<chunk>.json"}`, each chunk an object keyed by entry uid; a
 *   locale folder also lists entries that only fall back to the master locale (their `locale` field says so);
 * - `entries/<ct>/<locale>/variants/<entry uid>/index.json` → chunks that are arrays of entry variants;
 * - `personalize/{projects/projects.json, attributes/attributes.json, audiences/audiences.json, events/events.json,
 *   experiences/experiences.json, experiences/versions/<experience uid>.json, experiences/experiences-content-types.json}`.
 * A stack with branches is exported under `<folder>/<branch>/`: the reader takes `main/` when the root holds no
 * content types. Missing optional files read as empty; assets, global fields, taxonomies and the rest are not read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const record = z.record(z.string(), z.unknown());
type Json = Record<string, unknown>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const readIfExists = (file: string): unknown => (existsSync(file) ? readJson(file) : undefined);
const dirs = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory()) : [];

/** Every record of an FsUtility-written folder (index.json naming chunk files; chunks are objects or arrays). */
const readChunks = (dir: string, indexName = 'index.json'): Json[] => {
  const index = readIfExists(join(dir, indexName));
  if (index === undefined) return [];
  const files = Object.values(z.record(z.string(), z.string()).parse(index));
  const out: Json[] = [];
  for (const file of files) {
    const chunk = readIfExists(join(dir, file));
    if (Array.isArray(chunk)) out.push(...z.array(record).parse(chunk));
    else if (chunk !== undefined) out.push(...Object.values(z.record(z.string(), record).parse(chunk)));
  }
  return out;
};

/** `{<uid>: {...}}` or `[...]` → array. */
const listOf = (value: unknown): Json[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return z.array(record).parse(value);
  return Object.values(z.record(z.string(), record).parse(value));
};

export const stackExportSchema = z.object({
  name: z.string().optional(),
  masterLocale: record,
  locales: z.array(record),
  environments: z.array(record),
  contentTypes: z.array(record),
  /** Per content type and locale folder: the entries as exported. */
  entries: z.array(z.object({ contentType: z.string(), locale: z.string(), items: z.array(record) })),
  entryVariants: z.array(
    z.object({ contentType: z.string(), locale: z.string(), entryUid: z.string(), items: z.array(record) }),
  ),
  personalize: z
    .object({
      project: record.optional(),
      attributes: z.array(record),
      audiences: z.array(record),
      events: z.array(record),
      experiences: z.array(record),
      versions: z.record(z.string(), z.array(record)),
      contentTypes: z.record(z.string(), z.array(z.unknown())),
    })
    .optional(),
});
export type StackExport = z.infer<typeof stackExportSchema>;

export const readExportFolder = (folder: string): StackExport => {
  const root =
    !existsSync(join(folder, 'content_types')) && existsSync(join(folder, 'main', 'content_types'))
      ? join(folder, 'main')
      : folder;
  if (!existsSync(join(root, 'content_types'))) {
    throw new Error(`${folder} is not a csdx export folder (no content_types/ in it or in main/)`);
  }
  const master = listOf(readIfExists(join(root, 'locales', 'master-locale.json')))[0];
  if (master === undefined) throw new Error(`${root}/locales/master-locale.json is missing or empty`);
  const entries: StackExport['entries'] = [];
  const entryVariants: StackExport['entryVariants'] = [];
  for (const ct of dirs(join(root, 'entries'))) {
    for (const locale of dirs(join(root, 'entries', ct))) {
      const dir = join(root, 'entries', ct, locale);
      entries.push({ contentType: ct, locale, items: readChunks(dir) });
      for (const entryUid of dirs(join(dir, 'variants'))) {
        const items = readChunks(join(dir, 'variants', entryUid));
        if (items.length > 0) entryVariants.push({ contentType: ct, locale, entryUid, items });
      }
    }
  }
  const p = join(root, 'personalize');
  const versions: Record<string, Json[]> = {};
  for (const file of existsSync(join(p, 'experiences', 'versions'))
    ? readdirSync(join(p, 'experiences', 'versions'))
    : []) {
    if (file.endsWith('.json'))
      versions[file.slice(0, -5)] = listOf(readJson(join(p, 'experiences', 'versions', file)));
  }
  const projects = listOf(readIfExists(join(p, 'projects', 'projects.json')));
  const stack = readIfExists(join(root, 'stack', 'settings.json'));
  const name =
    typeof (stack as { name?: unknown } | undefined)?.name === 'string' ? (stack as { name: string }).name : undefined;
  return stackExportSchema.parse({
    ...(name === undefined ? {} : { name }),
    masterLocale: master,
    locales: listOf(readIfExists(join(root, 'locales', 'locales.json'))),
    environments: listOf(readIfExists(join(root, 'environments', 'environments.json'))),
    contentTypes: listOf(readIfExists(join(root, 'content_types', 'schema.json'))),
    entries,
    entryVariants,
    ...(existsSync(p)
      ? {
          personalize: {
            ...(projects[0] === undefined ? {} : { project: projects[0] }),
            attributes: listOf(readIfExists(join(p, 'attributes', 'attributes.json'))),
            audiences: listOf(readIfExists(join(p, 'audiences', 'audiences.json'))),
            events: listOf(readIfExists(join(p, 'events', 'events.json'))),
            experiences: listOf(readIfExists(join(p, 'experiences', 'experiences.json'))),
            versions,
            contentTypes: z
              .record(z.string(), z.array(z.unknown()))
              .parse(readIfExists(join(p, 'experiences', 'experiences-content-types.json')) ?? {}),
          },
        }
      : {}),
  });
};
