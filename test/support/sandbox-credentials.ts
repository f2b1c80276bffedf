// The sandbox's credentials document (`GET /_sandbox/credentials`): the seeded demo stack, its organization's user and
// Personalize project, the second stack, and the registered marketplace app. Parsed, so a sandbox that changed its
// document fails here by name rather than as an undefined deep in a test.
import { z } from 'zod';

const credentialsSchema = z.object({
  api_key: z.string(),
  authtoken: z.string(),
  management_token: z.string(),
  organization_uid: z.string(),
  personalize_project_uid: z.string(),
  /** `authtoken`: the organization's seeded admin user, for Personalize (which refuses management tokens). */
  stacks: z.array(
    z.object({
      api_key: z.string(),
      organization_uid: z.string(),
      management_token: z.string(),
      authtoken: z.string().optional(),
    }),
  ),
  app: z.object({ app_uid: z.string(), client_id: z.string(), client_secret: z.string(), redirect_uri: z.string() }),
});

export type SandboxCredentials = z.infer<typeof credentialsSchema>;

export async function sandboxCredentials(sandboxUrl: string): Promise<SandboxCredentials> {
  const response = await fetch(`${sandboxUrl}/_sandbox/credentials`);
  if (!response.ok) throw new Error(`GET /_sandbox/credentials: HTTP ${response.status}`);
  return credentialsSchema.parse(await response.json());
}
