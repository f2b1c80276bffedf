// The narrow ports the sync guard depends on: only the calls it makes. Adapters (clients/) implement them over HTTP;
// tests hand in the sandbox through the same adapters. There is deliberately no port to create, rename or delete a
// group or variant, nor to write an experience's `_cms` link: Personalize owns those, and the guard only reads them.
import type { GroupSnapshot } from '@pb/shared';
import type { Installation } from '../installations';

/** An experience as the guard reads it from Personalize. */
export interface ExperienceRecord {
  uid: string;
  shortUid: string;
  name: string;
  description: string;
  latestVersion: string | null;
  /** Personalize's own `_cms` link (its sync fills it): the group and the CMS variant uid per variant short uid. */
  cmsLink: { variantGroup: string; variants: Record<string, string> } | null;
  /** Content types the group must be linked to (the admin's auto-link list, added by `withAutoLinkedContentTypes`). */
  contentTypes: string[];
  /** The listing's fingerprint (`listingFingerprint`), which the poll compares. */
  listing: string;
}

export interface VersionRecord {
  uid: string;
  status: string;
  variants: { shortUid: string; name: string }[];
}

export interface PersonalizePort {
  /** One call lists every experience of the project. */
  listExperiences(): Promise<ExperienceRecord[]>;
  /** null when the experience does not exist (deleted). */
  getExperience(experienceUid: string): Promise<ExperienceRecord | null>;
  listVersions(experienceUid: string): Promise<VersionRecord[]>;
}

export type LinkStatus = 'linked' | 'unlinked';

export interface VariantGroupPort {
  /** Every variant group of the stack with its variants (the sweep looks for groups of deleted experiences). */
  listGroups(): Promise<GroupSnapshot[]>;
  /** The groups whose metadata names the experience (`GET /variant_groups?experience_uid=`), with their variants. */
  groupsOfExperience(experienceUid: string): Promise<GroupSnapshot[]>;
  /** One group with its variants; null when it does not exist. */
  getGroup(groupUid: string): Promise<GroupSnapshot | null>;
  /** Links or unlinks content types; `name` must be the group's current name (the CMA requires it). */
  setContentTypeLinks(
    groupUid: string,
    name: string,
    contentTypes: readonly string[],
    status: LinkStatus,
  ): Promise<void>;
  /** How many entry variants (over the group's linked content types) each of these CMS variants has. */
  entryVariantCounts(group: GroupSnapshot, variantUids: readonly string[]): Promise<Record<string, number>>;
}

/** The ports of one installation, built per job (the CMA adapter reads each failed call's headers, sequentially). */
export interface MirrorPortsFactory {
  (installation: Installation): {
    personalize: PersonalizePort;
    cma: VariantGroupPort;
    /** The bare listing the poll compares: one Personalize call, nothing added (no CMA read for auto-links). */
    listing: PersonalizePort['listExperiences'];
  };
}

/** Why what is served may have changed (the mirror's side of a project refresh). */
export type ServingChange = 'activate' | 'pause' | 'remap' | 'delete';

/**
 * What the mirror tells the assignments engine. Declared here, implemented at the composition root over the
 * assignments feature's own job, so the mirror knows nothing of how assignments are recomputed.
 */
export interface ServingPort {
  /** What is served changed for this experience: the project's assignments are refreshed (coalesced per project). */
  servingChanged(change: {
    stackApiKey: string;
    projectUid: string;
    experienceUid: string;
    reason: ServingChange;
  }): Promise<void>;
  /** A stack was (newly) authorized: its project's periodic refresh is scheduled. */
  projectInstalled(installation: Pick<Installation, 'stackApiKey' | 'projectUid'>): Promise<void>;
}
