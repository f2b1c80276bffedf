// The part of an installation's configuration (what the admin saved on the configuration screen) the server acts
// on: its mirror section. The schema is the shared contract (`installationConfigurationSchema`, also what the screen
// validates); anything else in the configuration is ignored, and a malformed section falls back to the server's
// settings rather than failing the stack's jobs.
import { installationMirrorSectionSchema } from '@pb/shared';
import type { Installation } from '../installations';

export function mirrorSettingsOf(
  configuration: Record<string, unknown>,
): Pick<Installation, 'mirrorPolicy' | 'autoLinkContentTypes'> {
  const parsed = installationMirrorSectionSchema.safeParse(configuration);
  if (!parsed.success) return {};
  const { deleted_experience, auto_link_content_types } = parsed.data.mirror;
  return {
    mirrorPolicy: deleted_experience === undefined ? {} : { deletedExperience: deleted_experience },
    ...(auto_link_content_types === undefined || auto_link_content_types.length === 0
      ? {}
      : { autoLinkContentTypes: [...new Set(auto_link_content_types)].sort() }),
  };
}
