// HTTP adapters of the recompute ports: the recompute's slice of the Personalize client, and the CMA coverage reader
// over the budgeted GET every adapter shares (clients/budgeted-get.ts). A 429 fails at once with its Retry-After, so
// the queue decides about retries. CMA lists are paged until a short page.
import { cmaContext, type BudgetedGetOptions } from '../clients/budgeted-get';
import { cmaEntryReads } from '../clients/cma-entry-reads';
import { createPersonalizeApi, type PersonalizeApi, type PersonalizeApiOptions } from '../clients/personalize-api';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';

export type SourceOptions = BudgetedGetOptions;

/** The recompute's slice of the Personalize client: every list as it came (the use case reads each record on its own). */
export function createPersonalizeReader(options: PersonalizeApiOptions): PersonalizeReadPort {
  return personalizeForRecompute(createPersonalizeApi(options));
}

export function personalizeForRecompute(api: PersonalizeApi): PersonalizeReadPort {
  return {
    listExperiences: async () => (await api.experiencesRaw()) ?? [],
    listVersions: (experienceUid) => api.versionsRaw(experienceUid),
    priority: () => api.priority(),
    listAudiences: () => api.audiencesRaw(),
    listAttributes: () => api.attributes(),
    listEvents: () => api.events(),
  };
}

export function createCoverageReader(
  options: SourceOptions & { baseUrl: string; stackApiKey: string; managementToken?: string },
): CoverageReadPort {
  const reads = cmaEntryReads(cmaContext(options));
  return {
    linkedContentTypes: (variantGroupUid) => reads.linkedContentTypes(variantGroupUid),
    listEntryUids: async (contentTypeUid) => (await reads.entries(contentTypeUid)).map((e) => e.uid),
    entryVariantUids: (contentTypeUid, entryUid) => reads.entryVariantUids(contentTypeUid, entryUid),
  };
}
