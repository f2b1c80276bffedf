// The Personalize project connected to a newly installed stack, asked with the installation's own app token
// (`GET /projects?connectedStackApiKey=`, as the sandbox's Personalize answers it: sandbox/src/personalize/routes.ts). A stack with no project yet resolves later: the
// store asks again whenever the installation is used.
import { z } from 'zod';
import type { RequestBudget } from '../budget/request-budget';
import { getJson, personalizeContext } from '../clients/budgeted-get';
import type { ProjectResolver } from './project-binding';

const projectsAnswer = z.array(z.looseObject({ uid: z.string().min(1), connectedStackApiKey: z.string().nullish() }));

export function personalizeProjectResolver(options: {
  baseUrl: string;
  budget: RequestBudget;
  timeoutMs: number;
  fetch?: typeof fetch;
}): ProjectResolver {
  return async (who) => {
    const ctx = personalizeContext(
      {
        baseUrl: options.baseUrl,
        organizationUid: who.organizationUid,
        auth: who.auth,
        budget: options.budget,
        timeoutMs: options.timeoutMs,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      },
      {},
    );
    const answer = await getJson(ctx, `/projects?connectedStackApiKey=${encodeURIComponent(who.stackApiKey)}`, {
      waitOutRateLimit: { tries: 3, maxWaitMs: 2000 },
    });
    const projects = projectsAnswer.safeParse(answer ?? []);
    if (!projects.success) return undefined;
    // Filter again: a platform that ignored the query parameter must not hand us another stack's project.
    return projects.data.find((p) => p.connectedStackApiKey === who.stackApiKey)?.uid;
  };
}
