// The narrow ports the mirror use cases depend on: only the calls they make. Adapters (clients/) implement them over
// HTTP; tests hand in the sandbox through the same adapters.
import type { GroupSnapshot, MirrorMetadata, VariantMirrorMetadata } from '@pb/shared';

/** An experience as the mirror reads it from Personalize. */
export interface ExperienceRecord {
  uid: string;
  shortUid: string;
  name: string;
  description: string;
  latestVersion: string | null;
  cmsLink: { variantGroup: string; variants: Record<string, string> } | null;
  /** Content types the experience lists, where Personalize says (absent on most experiences). */
  contentTypes: string[];
}

export interface VersionRecord {
  uid: string;
  status: string;
  variants: { shortUid: string; name: string }[];
}

export interface PersonalizePort {
  listExperiences(): Promise<ExperienceRecord[]>;
  /** null when the experience does not exist (deleted). */
  getExperience(experienceUid: string): Promise<ExperienceRecord | null>;
  listVersions(experienceUid: string): Promise<VersionRecord[]>;
  /** Writes the experience's `_cms` link; `written: false` when Personalize refused it (a permanent 4xx). */
  writeCmsLink(
    experienceUid: string,
    link: { variantGroup: string; variants: Record<string, string> },
  ): Promise<{ written: true } | { written: false; status: number }>;
}

export interface VariantGroupPort {
  /** Every variant group of the stack with its variants. */
  listGroups(): Promise<GroupSnapshot[]>;
  createGroup(group: { name: string; description: string; personalizeMetadata: MirrorMetadata }): Promise<string>;
  updateGroup(
    groupUid: string,
    changes: { name: string; description?: string; personalizeMetadata?: MirrorMetadata },
  ): Promise<void>;
  linkContentTypes(groupUid: string, name: string, contentTypes: readonly string[]): Promise<void>;
  createVariant(
    groupUid: string,
    variant: { name: string; alias: string; personalizeMetadata: VariantMirrorMetadata },
  ): Promise<string>;
  renameVariant(groupUid: string, variantUid: string, name: string): Promise<void>;
  deleteVariant(groupUid: string, variantUid: string): Promise<void>;
  deleteGroup(groupUid: string): Promise<void>;
  /** Which of these variants at least one entry variant (of a content type linked to the group) uses. */
  variantsInUse(group: GroupSnapshot, variantUids: readonly string[]): Promise<string[]>;
}
