// The one client of the Personalize Management API (there is no official SDK), over the budgeted GET every adapter
// shares (budgeted-get.ts): every call takes a token from the organization's budget, 404 reads as "absent", and
// every other failure becomes one ExternalCallError. The features read it through their own narrow ports, each a
// slice of this client: the guard (clients/personalize-client.ts), the recompute (assignments/http-sources.ts) and
// the UI API (ui-api/http-readers.ts).
//
// One view of each record, loose about everything the app does not read (unknown fields and an absent `_cms` are
// normal: Personalize fills `_cms` only once its CMS sync has run). Lists are read item by item: one record this app
// cannot read must not hide the others. The recompute wants the records unparsed (it reads each on its own and says
// why it leaves one out), so the raw lists are offered too.
import {
  attributeSchema,
  eventSchema,
  experiencePrioritySchema,
  type Attribute,
  type PersonalizeEvent,
} from '@pb/shared';
import { z } from 'zod';
import { getJson, parseAnswer, personalizeContext, type BudgetedGetOptions, type GetOptions } from './budgeted-get';

export const personalizeExperienceSchema = z.looseObject({
  uid: z.string().min(1),
  shortUid: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  __type: z.string().optional(),
  latestVersion: z.string().nullish(),
  _cms: z
    .looseObject({
      variantGroup: z.string(),
      variants: z.record(z.string(), z.string()).default({}),
      contentTypes: z.array(z.string()).optional(),
    })
    .nullish(),
});
export type PersonalizeExperience = z.infer<typeof personalizeExperienceSchema>;

export const personalizeVersionSchema = z.looseObject({
  uid: z.string().min(1),
  status: z.string(),
  variants: z
    .array(
      z.looseObject({
        shortUid: z.string(),
        name: z.string(),
        trafficDistribution: z.number().optional(),
        audiences: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});
export type PersonalizeVersion = z.infer<typeof personalizeVersionSchema>;

const namedSchema = z.looseObject({ uid: z.string().min(1), name: z.string() });

export interface PersonalizeApi {
  /** The project's experiences as listed, unparsed; null when the project is not there (404). */
  experiencesRaw(): Promise<unknown[] | null>;
  /** The readable experiences of the project; null on 404. */
  experiences(): Promise<PersonalizeExperience[] | null>;
  experience(experienceUid: string): Promise<PersonalizeExperience | null>;
  /** Newest first; unparsed. Empty when the experience is gone. */
  versionsRaw(experienceUid: string): Promise<unknown[]>;
  versions(experienceUid: string): Promise<PersonalizeVersion[]>;
  /** Experience uids, highest priority first. */
  priority(): Promise<string[]>;
  audiencesRaw(): Promise<unknown[]>;
  audienceNames(): Promise<Map<string, string>>;
  /** Readable ones only: they only refine what is served. */
  attributes(): Promise<Attribute[]>;
  events(): Promise<PersonalizeEvent[]>;
  /** The organization's projects connected to the stack. */
  projectsOfStack(stackApiKey: string): Promise<{ uid: string; name: string }[]>;
}

export interface PersonalizeApiOptions extends BudgetedGetOptions {
  baseUrl: string;
  projectUid: string;
  /** How a 429 is met: queue jobs fail at once (the queue honours Retry-After); a waiting person waits briefly. */
  get?: GetOptions;
}

export function createPersonalizeApi(options: PersonalizeApiOptions): PersonalizeApi {
  const project = personalizeContext(options, { 'x-project-uid': options.projectUid });
  const org = personalizeContext(options, { organization_uid: options.organizationUid });
  const get = options.get ?? {};
  const list = async (path: string): Promise<unknown[] | null> => {
    const json = await getJson(project, path, get);
    return json === null ? null : parseAnswer(project, z.array(z.unknown()), json, `GET ${path}`);
  };
  const readable = <T>(items: readonly unknown[], schema: z.ZodType<T>): T[] =>
    items.flatMap((item) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  const versionsPath = (uid: string) => `/experiences/${encodeURIComponent(uid)}/versions`;
  return {
    experiencesRaw: () => list('/experiences'),
    async experiences() {
      const items = await list('/experiences');
      return items === null ? null : readable(items, personalizeExperienceSchema);
    },
    async experience(experienceUid) {
      const path = `/experiences/${encodeURIComponent(experienceUid)}`;
      const json = await getJson(project, path, get);
      return json === null ? null : parseAnswer(project, personalizeExperienceSchema, json, `GET ${path}`);
    },
    async versionsRaw(experienceUid) {
      return (await list(versionsPath(experienceUid))) ?? [];
    },
    async versions(experienceUid) {
      const path = versionsPath(experienceUid);
      const json = await getJson(project, path, get);
      return json === null ? [] : parseAnswer(project, z.array(personalizeVersionSchema), json, `GET ${path}`);
    },
    async priority() {
      const json = await getJson(project, '/experiences-priority', get);
      return json === null ? [] : parseAnswer(project, experiencePrioritySchema, json, 'GET /experiences-priority');
    },
    async audiencesRaw() {
      return (await list('/audiences')) ?? [];
    },
    async audienceNames() {
      const items = (await list('/audiences')) ?? [];
      return new Map(readable(items, namedSchema).map((a) => [a.uid, a.name]));
    },
    async attributes() {
      return readable((await list('/attributes')) ?? [], attributeSchema);
    },
    async events() {
      return readable((await list('/events')) ?? [], eventSchema);
    },
    async projectsOfStack(stackApiKey) {
      const path = `/projects?connectedStackApiKey=${encodeURIComponent(stackApiKey)}`;
      const json = await getJson(org, path, get);
      const projects = json === null ? [] : parseAnswer(org, z.array(namedSchema), json, `GET ${path}`);
      return projects.map((p) => ({ uid: p.uid, name: p.name }));
    },
  };
}
