// The guard's slice of the Personalize client (personalize-api.ts): experiences as the guard reads them
// (ExperienceRecord, with the listing fingerprint the poll compares) and their versions. A project that is not there
// (404 on the listing) is a permanent failure: the installation's project is gone.
import { ExternalCallError, listingFingerprint } from '@pb/shared';
import type { ExperienceRecord, PersonalizePort, VersionRecord } from '../mirror/ports';
import {
  createPersonalizeApi,
  type PersonalizeApi,
  type PersonalizeApiOptions,
  type PersonalizeExperience,
} from './personalize-api';

function toExperience(raw: PersonalizeExperience): ExperienceRecord {
  return {
    uid: raw.uid,
    shortUid: raw.shortUid,
    name: raw.name,
    description: raw.description ?? '',
    latestVersion: raw.latestVersion ?? null,
    cmsLink: raw._cms == null ? null : { variantGroup: raw._cms.variantGroup, variants: raw._cms.variants },
    contentTypes: [],
    listing: listingFingerprint(raw),
  };
}

export function createPersonalizeClient(options: PersonalizeApiOptions): PersonalizePort {
  return personalizeForGuard(createPersonalizeApi(options));
}

export function personalizeForGuard(api: PersonalizeApi): PersonalizePort {
  return {
    async listExperiences() {
      const experiences = await api.experiences();
      if (experiences === null) {
        throw new ExternalCallError('Personalize answered HTTP 404 to GET /experiences', {
          kind: 'permanent',
          service: 'personalize',
          status: 404,
        });
      }
      return experiences.map(toExperience);
    },
    async getExperience(experienceUid) {
      const experience = await api.experience(experienceUid);
      return experience === null ? null : toExperience(experience);
    },
    async listVersions(experienceUid): Promise<VersionRecord[]> {
      return (await api.versions(experienceUid)).map((v) => ({
        uid: v.uid,
        status: v.status,
        variants: v.variants.map((x) => ({ shortUid: x.shortUid, name: x.name })),
      }));
    },
  };
}
