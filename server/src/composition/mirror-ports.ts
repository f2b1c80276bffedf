// The mirror's ports for one installation, over the shared clients: Personalize (with the installation's auto-link
// content types added to each experience) and the stack's CMA. Built per job, since the CMA adapter reads each
// failed call's headers, which needs sequential calls.
import type { RequestBudget } from '../budget/request-budget';
import type { CallObserver } from '../clients/call-observer';
import { createCmaClient } from '../clients/cma-client';
import { contentTypeUidsReader } from '../clients/content-type-uids';
import { createPersonalizeClient } from '../clients/personalize-client';
import { withAutoLinkedContentTypes } from '../mirror/auto-link';
import type { MirrorPortsFactory } from '../mirror/ports';

export interface ClientSettings {
  personalizeUrl: string;
  cmaUrl: string;
  httpTimeoutMs: number;
}

export function mirrorPorts(
  settings: ClientSettings,
  budget: RequestBudget,
  observer: CallObserver,
): MirrorPortsFactory {
  return (installation) => {
    // Both the mirror's CMA client and the auto-link view's content-type reader reach the stack's CMA this way.
    const stackCma = {
      baseUrl: settings.cmaUrl,
      stackApiKey: installation.stackApiKey,
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: settings.httpTimeoutMs,
    };
    const personalize = createPersonalizeClient({
      baseUrl: settings.personalizeUrl,
      projectUid: installation.projectUid,
      organizationUid: installation.organizationUid,
      auth: installation.auth,
      budget,
      timeoutMs: settings.httpTimeoutMs,
      observer,
    });
    return {
      personalize: withAutoLinkedContentTypes(
        personalize,
        installation.autoLinkContentTypes ?? [],
        contentTypeUidsReader(stackCma),
      ),
      cma: createCmaClient({ ...stackCma, observer }),
      listing: () => personalize.listExperiences(),
    };
  };
}
