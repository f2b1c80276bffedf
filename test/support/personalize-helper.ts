// The marketer's side of a test: drives the sandbox's Personalize API as a person in the Personalize UI would, and
// keeps a record of what it sent, so a test can tell the marketer's requests in the sandbox's log from the app's.
import { sleep } from './eventually';

/** What the helper needs of the sandbox's credentials document. */
export interface MarketerCredentials {
  authtoken: string;
  personalize_project_uid: string;
}

export interface MarketerRequest {
  method: string;
  path: string;
  from: number;
  to: number;
}

export interface VariantSpec {
  shortUid?: string;
  name: string;
}

/** Drives the sandbox's Personalize API the way a marketer would. Retries the sandbox's own 429s. */
export class PersonalizeHelper {
  /** Every write this helper made, as the marketer: the request log's other writes are the app's. */
  readonly writes: { method: string; path: string }[] = [];
  /** Every request this helper sent (retries included), with when it was in flight: the marketer's share of the log. */
  readonly sent: MarketerRequest[] = [];

  constructor(
    private readonly base: string,
    private readonly credentials: MarketerCredentials,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (;;) {
      const from = Date.now();
      const response = await fetch(`${this.base}/personalize${path}`, {
        method,
        headers: {
          authtoken: this.credentials.authtoken,
          'x-project-uid': this.credentials.personalize_project_uid,
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // Every attempt is in the sandbox's request log, a refused (429) and retried write too: each one is counted.
      const record = (): void => {
        this.sent.push({ method, path: `/personalize${path.split('?')[0] ?? path}`, from, to: Date.now() });
        if (method !== 'GET') this.writes.push({ method, path: `/personalize${path}` });
      };
      if (response.status === 429 || (response.status >= 500 && method !== 'POST')) {
        await response.arrayBuffer();
        record();
        await sleep(response.status === 429 ? 1100 : 100);
        continue;
      }
      const text = await response.text();
      record();
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
      return (text === '' ? null : JSON.parse(text)) as T;
    }
  }

  async createAbTest(name: string): Promise<{ uid: string; shortUid: string; latestVersion: string }> {
    return this.call('POST', '/experiences', { name, description: '', __type: 'AB_TEST' });
  }

  /** Writes the draft (or a new draft) with these A/B variants, optionally activating it. */
  async writeVersion(
    experienceUid: string,
    variants: VariantSpec[],
    status: 'DRAFT' | 'ACTIVE' = 'DRAFT',
  ): Promise<{ uid: string; status: string; variants: { shortUid: string; name: string }[] }> {
    const versions = await this.call<{ uid: string; status: string }[]>(
      'GET',
      `/experiences/${experienceUid}/versions`,
    );
    const draft = versions.find((v) => v.status === 'DRAFT');
    const share = Math.floor(100 / Math.max(1, variants.length));
    const body = {
      status,
      variants: variants.map((v, i) => ({
        __type: 'ABTestVariant',
        ...(v.shortUid === undefined ? {} : { shortUid: v.shortUid }),
        name: v.name,
        trafficDistribution: i === 0 ? 100 - share * (variants.length - 1) : share,
      })),
    };
    return draft === undefined
      ? this.call('POST', `/experiences/${experienceUid}/versions`, body)
      : this.call('PUT', `/experiences/${experienceUid}/versions/${draft.uid}`, body);
  }

  /** Pauses the ACTIVE version, or resumes the PAUSED one (a locked version changes only its status). */
  async setLiveStatus(experienceUid: string, status: 'ACTIVE' | 'PAUSED'): Promise<void> {
    const versions = await this.call<{ uid: string; status: string; variants: unknown[] }[]>(
      'GET',
      `/experiences/${experienceUid}/versions`,
    );
    const live = versions.find((v) => v.status === 'ACTIVE' || v.status === 'PAUSED');
    if (live === undefined) throw new Error(`${experienceUid} has no live version`);
    await this.call('PUT', `/experiences/${experienceUid}/versions/${live.uid}`, { status, variants: live.variants });
  }

  async renameExperience(experienceUid: string, name: string): Promise<void> {
    await this.call('PUT', `/experiences/${experienceUid}`, { name });
  }

  async deleteExperience(experienceUid: string): Promise<void> {
    await this.call('DELETE', `/experiences/${experienceUid}`);
  }

  async versions(
    experienceUid: string,
  ): Promise<{ uid: string; status: string; variants: { shortUid: string; name: string }[] }[]> {
    return this.call('GET', `/experiences/${experienceUid}/versions`);
  }

  async experience(
    experienceUid: string,
  ): Promise<{ uid: string; shortUid: string; name: string; description: string }> {
    return this.call('GET', `/experiences/${experienceUid}`);
  }
}
