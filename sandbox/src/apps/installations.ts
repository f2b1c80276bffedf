/** App installations, one per stack for our app. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export interface Installation {
  uid: string;
  appUid: string;
  organizationUid: string;
  stackApiKey: string;
  configuration: Record<string, unknown>;
  serverConfiguration: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const installationSchema = z.object({
  uid: z.string(),
  appUid: z.string(),
  organizationUid: z.string(),
  stackApiKey: z.string(),
  configuration: z.record(z.string(), z.unknown()),
  serverConfiguration: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function newInstallationUid(): string {
  return `inst_${randomBytes(10).toString('hex')}`;
}

/** The `data.app_installation` object of an app-lifecycle webhook (pinned convention). */
export function lifecyclePayload(inst: Installation): Record<string, unknown> {
  return {
    app_installation: {
      app_uid: inst.appUid,
      installation_uid: inst.uid,
      organization_uid: inst.organizationUid,
      target: { type: 'stack', uid: inst.stackApiKey },
      configuration: inst.configuration,
      server_configuration: inst.serverConfiguration,
    },
  };
}

export function publicInstallation(inst: Installation): Record<string, unknown> {
  return {
    uid: inst.uid,
    app_uid: inst.appUid,
    organization_uid: inst.organizationUid,
    target: { type: 'stack', uid: inst.stackApiKey },
    status: 'installed',
    created_at: inst.createdAt,
    updated_at: inst.updatedAt,
  };
}
