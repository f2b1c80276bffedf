/**
 * The OAuth scope an app token needs for a CMA request. Contentstack publishes the scope names for
 * content types, entries and publishing; it publishes none for variant groups, which the sandbox
 * therefore treats as content-type configuration (an assumption the README states).
 */
const scopeFamily = (path: string): 'content-types' | 'entries' | 'publish' | 'unpublish' => {
  if (/^\/content_types\/[^/]+\/entries\/[^/]+\/publish$/.test(path)) return 'publish';
  if (/^\/content_types\/[^/]+\/entries\/[^/]+\/unpublish$/.test(path)) return 'unpublish';
  if (/^\/content_types\/[^/]+\/entries(\/|$)/.test(path)) return 'entries';
  return 'content-types';
};

const READ_ONLY: [RegExp, string][] = [
  [/^\/stacks\/?$/, 'cm.stacks.management:read'],
  [/^\/environments(\/|$)/, 'cm.environments.management:read'],
  [/^\/locales(\/|$)/, 'cm.languages.management:read'],
];

export const requiredScope = (method: string, path: string): string => {
  const fixed = READ_ONLY.find(([pattern]) => pattern.test(path));
  if (fixed !== undefined) return fixed[1];
  const family = scopeFamily(path);
  if (family === 'publish') return 'cm.entry:publish';
  if (family === 'unpublish') return 'cm.entry:unpublish';
  const access = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  return `cm.${family}.management:${access}`;
};
