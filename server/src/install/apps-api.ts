// The one call we make to the marketplace apps API besides OAuth: which stack an installation targets, asked with
// the installation's own access token right after the code exchange (oauth-callback.ts). A failed or slow answer is
// "unknown", so the callback falls back to what the authorization itself said.
import { z } from 'zod';
import type { InstallationTargetLookup } from './oauth-callback';

const installationAnswer = z.looseObject({
  data: z.looseObject({ target: z.looseObject({ uid: z.string().min(1) }) }),
});

export function installationTargetLookup(options: {
  appsApiUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}): InstallationTargetLookup {
  const doFetch = options.fetch ?? fetch;
  const base = options.appsApiUrl.replace(/\/+$/, '');
  return async (installationUid, accessToken) => {
    try {
      const response = await doFetch(`${base}/installations/${encodeURIComponent(installationUid)}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) return undefined;
      return installationAnswer.safeParse(await response.json().catch(() => null)).data?.data.target.uid;
    } catch {
      // Timed out or no connection: the target stays unknown (see above).
      return undefined;
    }
  };
}
