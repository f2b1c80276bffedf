// Where the engine may work and with which credentials. Two sources answer the same port: the stacks that installed
// the app from the marketplace (the Redis store filled by the install flow, `install/`), and optionally one stack
// an operator configures by environment (a private deployment, and most integration tests).
import type { GuardPolicy } from '@pb/shared';
import type { Config } from './config';

/**
 * How calls for one stack authenticate. An installation uses its OAuth app token (refreshed by the store before it
 * expires); the operator-configured stack uses a user authtoken (Personalize refuses management tokens) and, for the
 * CMA, optionally a management token.
 */
export type StackAuth =
  { kind: 'app-token'; accessToken: string } | { kind: 'authtoken'; authtoken: string; managementToken?: string };

export interface Installation {
  stackApiKey: string;
  organizationUid: string;
  projectUid: string;
  /** The marketplace installation; absent for the operator-configured stack, which no installation owns. */
  installationUid?: string;
  auth: StackAuth;
  /** The policies the stack's admin chose on the app's configuration screen; the server's defaults fill the rest. */
  mirrorPolicy?: Partial<GuardPolicy>;
  /** Content types every variant group of the stack is linked to (the configuration screen's auto-link list). */
  autoLinkContentTypes?: string[];
}

export interface InstallationDirectory {
  list(): Promise<Installation[]>;
  forStack(stackApiKey: string): Promise<Installation | undefined>;
}

/** Headers of a Personalize Management API call. */
export function personalizeAuthHeaders(auth: StackAuth): Record<string, string> {
  return auth.kind === 'app-token' ? { authorization: `Bearer ${auth.accessToken}` } : { authtoken: auth.authtoken };
}

/** Headers of a CMA call: an app token is sent with the organization it was granted in. */
export function cmaAuthHeaders(auth: StackAuth, organizationUid: string): Record<string, string> {
  if (auth.kind === 'app-token')
    return { authorization: `Bearer ${auth.accessToken}`, organization_uid: organizationUid };
  return auth.managementToken === undefined ? { authtoken: auth.authtoken } : { authorization: auth.managementToken };
}

export function staticInstallations(config: Config): InstallationDirectory {
  const { CONTENTSTACK_API_KEY, CONTENTSTACK_AUTHTOKEN, CONTENTSTACK_ORG_UID, PERSONALIZE_PROJECT_UID } = config;
  const installations: Installation[] =
    CONTENTSTACK_API_KEY !== undefined &&
    CONTENTSTACK_AUTHTOKEN !== undefined &&
    CONTENTSTACK_ORG_UID !== undefined &&
    PERSONALIZE_PROJECT_UID !== undefined
      ? [
          {
            stackApiKey: CONTENTSTACK_API_KEY,
            organizationUid: CONTENTSTACK_ORG_UID,
            projectUid: PERSONALIZE_PROJECT_UID,
            auth: {
              kind: 'authtoken',
              authtoken: CONTENTSTACK_AUTHTOKEN,
              ...(config.CONTENTSTACK_MANAGEMENT_TOKEN === undefined
                ? {}
                : { managementToken: config.CONTENTSTACK_MANAGEMENT_TOKEN }),
            },
            ...(config.CONTENTSTACK_AUTO_LINK_CONTENT_TYPES.length === 0
              ? {}
              : { autoLinkContentTypes: [...new Set(config.CONTENTSTACK_AUTO_LINK_CONTENT_TYPES)].sort() }),
          },
        ]
      : [];
  return {
    list: () => Promise.resolve(installations),
    forStack: (apiKey) => Promise.resolve(installations.find((i) => i.stackApiKey === apiKey)),
  };
}

/** The first directory that knows a stack answers for it; `list` is the union (earlier directories win). */
export function combineDirectories(...directories: readonly InstallationDirectory[]): InstallationDirectory {
  return {
    async list() {
      const seen = new Map<string, Installation>();
      for (const directory of directories)
        for (const installation of await directory.list())
          if (!seen.has(installation.stackApiKey)) seen.set(installation.stackApiKey, installation);
      return [...seen.values()];
    },
    async forStack(apiKey) {
      for (const directory of directories) {
        const installation = await directory.forStack(apiKey);
        if (installation !== undefined) return installation;
      }
      return undefined;
    },
  };
}
