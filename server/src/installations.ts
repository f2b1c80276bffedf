// Where the engine may work and with which credentials. Today one stack configured by environment; the port lets a
// store of app installations (filled by the install webhook) replace it without touching the use cases.
import type { Config } from './config';

export interface Installation {
  stackApiKey: string;
  organizationUid: string;
  projectUid: string;
  authtoken: string;
  managementToken?: string;
}

export interface InstallationDirectory {
  list(): Promise<Installation[]>;
  forStack(stackApiKey: string): Promise<Installation | undefined>;
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
            authtoken: CONTENTSTACK_AUTHTOKEN,
            ...(config.CONTENTSTACK_MANAGEMENT_TOKEN === undefined
              ? {}
              : { managementToken: config.CONTENTSTACK_MANAGEMENT_TOKEN }),
          },
        ]
      : [];
  return {
    list: () => Promise.resolve(installations),
    forStack: (apiKey) => Promise.resolve(installations.find((i) => i.stackApiKey === apiKey)),
  };
}
