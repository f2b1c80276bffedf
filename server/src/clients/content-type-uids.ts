// Which content types a stack has (their uids only), read over the budgeted CMA GET. The auto-link view asks before it
// adds a listed content type to experiences: a content type deleted after the admin listed it must not make every
// mirror of the stack fail on a link the CMA refuses.
import { z } from 'zod';
import { allPages, cmaContext, getJson, PAGE_SIZE, parseAnswer, type BudgetedGetOptions } from './budgeted-get';

const page = z.looseObject({ content_types: z.array(z.looseObject({ uid: z.string().min(1) })).default([]) });

export function contentTypeUidsReader(
  options: BudgetedGetOptions & { baseUrl: string; stackApiKey: string },
): () => Promise<Set<string>> {
  const ctx = cmaContext(options);
  return async () => {
    const types = await allPages(async (skip) => {
      const json = await getJson(ctx, `/content_types?only[BASE][]=uid&skip=${skip}&limit=${PAGE_SIZE}`);
      return json === null ? null : parseAnswer(ctx, page, json, 'GET /content_types').content_types;
    });
    return new Set(types.map((t) => t.uid));
  };
}
