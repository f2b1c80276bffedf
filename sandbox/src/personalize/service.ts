/**
 * The Personalize use cases over the in-memory state. Every method validates fully before it mutates, so a
 * refused request (thrown PersonalizeError) leaves the state as it was. Personalize sends no webhooks (the
 * real service has none): an experience write only tells the background CMS sync (cms-sync.ts) to look at it.
 */
import type { Clock, Principal } from '../core/contracts';
import { perr } from './errors';
import type { FieldIssue } from './errors';
import { objectId } from './ids';
import { planVersionWrite } from './lifecycle';
import { CONDITIONS_NEEDING_OPTIONS } from './model';
import type {
  Attribute,
  Audience,
  Experience,
  Metric,
  PersonalizeEvent,
  PersonalizeState,
  Project,
  Rule,
  RuleCombination,
  Targeting,
  Version,
} from './model';
import type { VersionInput } from './requests';

export interface StateAccess {
  get(): PersonalizeState;
}

/** Who hears of experience writes: the CMS sync. `firstActivation`: a version became ACTIVE for the first time. */
export type ExperienceListener = (experienceUid: string, change: { firstActivation?: boolean }) => void;

export class PersonalizeService {
  constructor(
    private readonly state: StateAccess,
    private readonly clock: Clock,
    private readonly experienceChanged: ExperienceListener,
    private readonly stackExists: (apiKey: string, orgUid: string) => boolean,
  ) {}

  private get s(): PersonalizeState {
    return this.state.get();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  // ---- projects ---------------------------------------------------------------------------------

  projectsFor(principal: Principal, connectedStackApiKey: string | undefined): Project[] {
    return this.s.projects.filter(
      (p) =>
        p.organizationUid === principal.orgUid &&
        (connectedStackApiKey === undefined || p.connectedStackApiKey === connectedStackApiKey),
    );
  }

  /** A project the principal may use; unknown and foreign projects are both "not found". */
  project(principal: Principal, uid: string): Project {
    const p = this.s.projects.find((x) => x.uid === uid && x.organizationUid === principal.orgUid);
    if (p === undefined) throw perr.notFound('PROJECTS');
    return p;
  }

  createProject(
    principal: Principal,
    body: { name: string; description?: string | undefined; connectedStackApiKey?: string | undefined },
  ): Project {
    const taken = this.s.projects.some(
      (p) => p.organizationUid === principal.orgUid && p.name.trim().toLowerCase() === body.name.trim().toLowerCase(),
    );
    if (taken) {
      // The CLI's import recognises this code only inside the error string it builds, which comes from
      // `errors` when present: the code is therefore both the message and the field issue's code.
      throw perr.conflict('personalize.PROJECTS.DUPLICATE_NAME', [
        {
          path: 'name',
          code: 'personalize.PROJECTS.DUPLICATE_NAME',
          message: 'a project with this name exists in the organization',
        },
      ]);
    }
    const apiKey = body.connectedStackApiKey;
    if (apiKey !== undefined) {
      if (!this.stackExists(apiKey, principal.orgUid)) {
        throw perr.rule('personalize.PROJECTS.INVALID_STACK', [
          {
            path: 'connectedStackApiKey',
            code: 'STACK_NOT_FOUND',
            message: 'no stack with this api key in the organization',
          },
        ]);
      }
      if (this.s.projects.some((p) => p.connectedStackApiKey === apiKey)) {
        throw perr.conflict('personalize.PROJECTS.STACK_ALREADY_CONNECTED', [
          {
            path: 'connectedStackApiKey',
            code: 'ALREADY_CONNECTED',
            message: 'the stack is connected to another project',
          },
        ]);
      }
    }
    const now = this.now();
    const project: Project = {
      uid: objectId(),
      name: body.name,
      description: body.description ?? '',
      connectedStackApiKey: apiKey ?? null,
      organizationUid: principal.orgUid,
      nextExperienceShortUid: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.s.projects.push(project);
    this.s.priority[project.uid] = [];
    return project;
  }

  // ---- attributes -------------------------------------------------------------------------------

  attributes(project: Project): Attribute[] {
    return this.s.attributes.filter((a) => a.projectUid === project.uid);
  }

  attribute(project: Project, uid: string): Attribute {
    const a = this.s.attributes.find((x) => x.projectUid === project.uid && x.uid === uid);
    if (a === undefined) throw perr.notFound('ATTRIBUTES');
    return a;
  }

  createAttribute(project: Project, body: { key: string; name: string; description?: string | undefined }): Attribute {
    if (this.attributes(project).some((a) => a.key.toLowerCase() === body.key.toLowerCase())) {
      throw perr.conflict('personalize.ATTRIBUTES.KEY_ALREADY_EXISTS', [
        { path: 'key', code: 'DUPLICATE', message: `an attribute with key ${body.key} exists` },
      ]);
    }
    const now = this.now();
    const attribute: Attribute = {
      uid: objectId(),
      projectUid: project.uid,
      key: body.key,
      name: body.name,
      description: body.description ?? '',
      __type: 'CUSTOM',
      createdAt: now,
      updatedAt: now,
    };
    this.s.attributes.push(attribute);
    return attribute;
  }

  updateAttribute(
    project: Project,
    uid: string,
    body: { name?: string | undefined; description?: string | undefined },
  ): Attribute {
    const a = this.attribute(project, uid);
    if (a.__type === 'PRESET') throw perr.rule('personalize.ATTRIBUTES.CANNOT_MODIFY_PRESET_ATTRIBUTE');
    if (body.name !== undefined) a.name = body.name;
    if (body.description !== undefined) a.description = body.description;
    a.updatedAt = this.now();
    return a;
  }

  deleteAttribute(project: Project, uid: string): void {
    const a = this.attribute(project, uid);
    if (a.__type === 'PRESET') throw perr.rule('personalize.ATTRIBUTES.CANNOT_MODIFY_PRESET_ATTRIBUTE');
    const users = this.audiences(project).filter((aud) => customRefs(aud.definition).has(a.uid));
    if (users.length > 0) {
      throw perr.rule(
        'personalize.ATTRIBUTES.ATTRIBUTE_IN_USE',
        users.map((u) => ({ path: 'uid', code: 'IN_USE', message: `used by audience ${u.uid}` })),
      );
    }
    this.s.attributes = this.s.attributes.filter((x) => x !== a);
  }

  // ---- events -----------------------------------------------------------------------------------

  events(project: Project): PersonalizeEvent[] {
    return this.s.events.filter((e) => e.projectUid === project.uid);
  }

  event(project: Project, uid: string): PersonalizeEvent {
    const e = this.s.events.find((x) => x.projectUid === project.uid && x.uid === uid);
    if (e === undefined) throw perr.notFound('EVENTS');
    return e;
  }

  createEvent(project: Project, body: { key: string; description?: string | undefined }): PersonalizeEvent {
    if (this.events(project).some((e) => e.key === body.key)) {
      throw perr.conflict('personalize.EVENTS.KEY_ALREADY_EXISTS', [
        { path: 'key', code: 'DUPLICATE', message: `an event with key ${body.key} exists` },
      ]);
    }
    const now = this.now();
    const event: PersonalizeEvent = {
      uid: objectId(),
      projectUid: project.uid,
      key: body.key,
      description: body.description ?? '',
      createdAt: now,
      updatedAt: now,
    };
    this.s.events.push(event);
    return event;
  }

  updateEvent(project: Project, uid: string, body: { description: string }): PersonalizeEvent {
    const e = this.event(project, uid);
    e.description = body.description;
    e.updatedAt = this.now();
    return e;
  }

  deleteEvent(project: Project, uid: string): void {
    const e = this.event(project, uid);
    if (this.liveVersions(project).some((v) => v.metrics.some((m) => m.event === e.uid))) {
      throw perr.rule('personalize.EVENTS.EVENT_IN_USE');
    }
    this.s.events = this.s.events.filter((x) => x !== e);
  }

  // ---- audiences --------------------------------------------------------------------------------

  audiences(project: Project): Audience[] {
    return this.s.audiences.filter((a) => a.projectUid === project.uid);
  }

  audience(project: Project, uid: string): Audience {
    const a = this.s.audiences.find((x) => x.projectUid === project.uid && x.uid === uid);
    if (a === undefined) throw perr.notFound('AUDIENCES');
    return a;
  }

  createAudience(
    project: Project,
    body: { name: string; description?: string | undefined; definition: RuleCombination },
  ): Audience {
    this.checkDefinition(project, body.definition);
    const now = this.now();
    const audience: Audience = {
      uid: objectId(),
      projectUid: project.uid,
      name: body.name,
      description: body.description ?? '',
      definition: body.definition,
      createdAt: now,
      updatedAt: now,
    };
    this.s.audiences.push(audience);
    return audience;
  }

  replaceAudience(
    project: Project,
    uid: string,
    body: { name: string; description?: string | undefined; definition: RuleCombination },
  ): Audience {
    const a = this.audience(project, uid);
    this.checkDefinition(project, body.definition);
    a.name = body.name;
    a.description = body.description ?? '';
    a.definition = body.definition;
    a.updatedAt = this.now();
    return a;
  }

  deleteAudience(project: Project, uid: string): void {
    const a = this.audience(project, uid);
    const users = this.s.versions.filter(
      (v) =>
        v.status !== 'ARCHIVED' && this.experienceOf(v)?.projectUid === project.uid && versionAudiences(v).has(a.uid),
    );
    if (users.length > 0) {
      throw perr.rule(
        'personalize.AUDIENCES.AUDIENCE_IN_USE',
        users.map((v) => ({ path: 'uid', code: 'IN_USE', message: `used by version ${v.uid}` })),
      );
    }
    this.s.audiences = this.s.audiences.filter((x) => x !== a);
  }

  private checkDefinition(project: Project, definition: RuleCombination): void {
    const issues: FieldIssue[] = [];
    const known = new Set(
      this.attributes(project)
        .filter((a) => a.__type === 'CUSTOM')
        .map((a) => a.uid),
    );
    walkRules(definition, 'definition', (rule, path) => {
      if (rule.attribute.__type === 'CustomAttributeReference' && !known.has(rule.attribute.ref)) {
        issues.push({
          path: `${path}.attribute.ref`,
          code: 'ATTRIBUTE_NOT_FOUND',
          message: `attribute ${rule.attribute.ref} does not exist`,
        });
      }
      if (CONDITIONS_NEEDING_OPTIONS.has(rule.attributeMatchCondition) && rule.attributeMatchOptions === undefined) {
        issues.push({
          path: `${path}.attributeMatchOptions`,
          code: 'REQUIRED',
          message: `valid matchOptions is required for ${rule.attributeMatchCondition} condition`,
        });
      }
    });
    if (issues.length > 0) throw perr.validation(issues);
  }

  // ---- experiences ------------------------------------------------------------------------------

  experiences(project: Project): Experience[] {
    return this.s.experiences.filter((e) => e.projectUid === project.uid);
  }

  experience(project: Project, uid: string): Experience {
    const e = this.s.experiences.find((x) => x.projectUid === project.uid && x.uid === uid);
    if (e === undefined) throw perr.notFound('EXPERIENCES');
    return e;
  }

  /** Versions of an experience in creation order. */
  versions(experience: Experience): Version[] {
    return this.s.versions.filter((v) => v.experienceUid === experience.uid);
  }

  /**
   * Creates the experience together with its first DRAFT version: no variants, and the `targeting` and
   * `metrics` the body carried (an exported experience has both), once every audience and event they name exists.
   */
  createExperience(
    project: Project,
    body: {
      name: string;
      description?: string | undefined;
      __type: 'SEGMENTED' | 'AB_TEST';
      targeting?: Targeting | undefined;
      metrics?: Metric[] | undefined;
    },
  ): Experience {
    const audienceUids = new Set(this.audiences(project).map((a) => a.uid));
    const eventUids = new Set(this.events(project).map((e) => e.uid));
    const issues: FieldIssue[] = [];
    (body.targeting?.audience?.audiences ?? []).forEach((a, j) => {
      if (!audienceUids.has(a)) {
        issues.push({
          path: `targeting.audience.audiences.${j}`,
          code: 'AUDIENCE_NOT_FOUND',
          message: `audience ${a} does not exist`,
        });
      }
    });
    (body.metrics ?? []).forEach((m, j) => {
      if (!eventUids.has(m.event)) {
        issues.push({
          path: `metrics.${j}.event`,
          code: 'EVENT_NOT_FOUND',
          message: `event ${m.event} does not exist`,
        });
      }
    });
    if (issues.length > 0) throw perr.validation(issues);
    const now = this.now();
    const experience: Experience = {
      uid: objectId(),
      projectUid: project.uid,
      name: body.name,
      description: body.description ?? '',
      __type: body.__type,
      shortUid: String(project.nextExperienceShortUid),
      nextVariantShortUid: 0,
      createdAt: now,
      updatedAt: now,
    };
    const draft: Version = {
      uid: objectId(),
      experienceUid: experience.uid,
      status: 'DRAFT',
      variants: [],
      ...(body.targeting !== undefined ? { targeting: body.targeting } : {}),
      metrics: body.metrics ?? [],
      createdAt: now,
      updatedAt: now,
    };
    project.nextExperienceShortUid += 1;
    this.s.experiences.push(experience);
    this.s.versions.push(draft);
    (this.s.priority[project.uid] ??= []).push(experience.uid);
    return experience;
  }

  /** Name and description; `_cms` belongs to the CMS sync and is never taken from a client. */
  updateExperience(
    project: Project,
    uid: string,
    body: { name?: string | undefined; description?: string | undefined },
  ): Experience {
    const e = this.experience(project, uid);
    if (body.name !== undefined) e.name = body.name;
    if (body.description !== undefined) e.description = body.description;
    e.updatedAt = this.now();
    this.experienceChanged(e.uid, {});
    return e;
  }

  deleteExperience(project: Project, uid: string): void {
    const e = this.experience(project, uid);
    this.s.versions = this.s.versions.filter((v) => v.experienceUid !== e.uid);
    this.s.experiences = this.s.experiences.filter((x) => x !== e);
    this.s.priority[project.uid] = (this.s.priority[project.uid] ?? []).filter((x) => x !== e.uid);
  }

  /** POST (target undefined) or PUT of a version, under the lifecycle rules. */
  writeVersion(
    project: Project,
    experienceUid: string,
    versionUid: string | undefined,
    request: VersionInput,
  ): Version {
    const experience = this.experience(project, experienceUid);
    const versions = this.versions(experience);
    const target = versionUid === undefined ? undefined : versions.find((v) => v.uid === versionUid);
    if (versionUid !== undefined && target === undefined) throw perr.notFound('EXPERIENCES.VERSIONS');
    const audienceUids = new Set(this.audiences(project).map((a) => a.uid));
    const eventUids = new Set(this.events(project).map((e) => e.uid));
    const plan = planVersionWrite({
      experience,
      versions,
      target,
      request,
      audienceExists: (uid) => audienceUids.has(uid),
      eventExists: (uid) => eventUids.has(uid),
    });
    if (!plan.ok) throw perr.rule(plan.code, plan.issues);

    // Validated: apply. Only a DRAFT (or a new version) reaches ACTIVE for the first time; PAUSED → ACTIVE resumes.
    const firstActivation = plan.transition === 'activate' && target?.status !== 'PAUSED';
    const now = this.now();
    for (const v of versions) {
      if (plan.archive.includes(v.uid)) {
        v.status = 'ARCHIVED';
        v.updatedAt = now;
      }
    }
    experience.nextVariantShortUid = plan.nextVariantShortUid;
    let version: Version;
    if (target === undefined) {
      version = {
        uid: objectId(),
        experienceUid: experience.uid,
        status: plan.status,
        variants: plan.variants,
        metrics: plan.metrics,
        createdAt: now,
        updatedAt: now,
        ...(plan.targeting !== undefined ? { targeting: plan.targeting } : {}),
      };
      this.s.versions.push(version);
    } else {
      version = target;
      if (plan.transition !== 'none') {
        version.status = plan.status;
        version.variants = plan.variants;
        version.metrics = plan.metrics;
        if (plan.targeting === undefined) delete version.targeting;
        else version.targeting = plan.targeting;
        version.updatedAt = now;
      }
    }
    if (plan.transition !== 'none') {
      experience.updatedAt = now;
      this.experienceChanged(experience.uid, { firstActivation });
    }
    return version;
  }

  // ---- priority ---------------------------------------------------------------------------------

  priority(project: Project): string[] {
    const order = this.s.priority[project.uid] ?? [];
    const existing = new Set(this.experiences(project).map((e) => e.uid));
    return order.filter((uid) => existing.has(uid));
  }

  /**
   * The new order of every experience of the project. As on the live API, a list that leaves one out is
   * refused (`MISSING_EXPERIENCES`), as are unknown and repeated uids.
   */
  setPriority(project: Project, order: string[]): string[] {
    const existing = new Set(this.experiences(project).map((e) => e.uid));
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    order.forEach((uid, i) => {
      if (!existing.has(uid))
        issues.push({ path: `${i}`, code: 'EXPERIENCE_NOT_FOUND', message: `experience ${uid} does not exist` });
      if (seen.has(uid)) issues.push({ path: `${i}`, code: 'DUPLICATE', message: `experience ${uid} is listed twice` });
      seen.add(uid);
    });
    if (issues.length > 0) throw perr.validation(issues);
    const missing = this.priority(project).filter((uid) => !seen.has(uid));
    if (missing.length > 0) {
      throw perr.rule(
        'personalize.EXPERIENCES.PRIORITY.MISSING_EXPERIENCES',
        missing.map((uid) => ({
          path: 'priorityOrder',
          code: 'MISSING_EXPERIENCES',
          message: `experience ${uid} is not listed`,
        })),
      );
    }
    this.s.priority[project.uid] = [...order];
    return this.priority(project);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private experienceOf(v: Version): Experience | undefined {
    return this.s.experiences.find((e) => e.uid === v.experienceUid);
  }

  private liveVersions(project: Project): Version[] {
    return this.s.versions.filter((v) => v.status !== 'ARCHIVED' && this.experienceOf(v)?.projectUid === project.uid);
  }
}

function walkRules(node: RuleCombination, path: string, visit: (rule: Rule, path: string) => void): void {
  node.rules.forEach((child, i) => {
    const childPath = `${path}.rules.${i}`;
    if (child.__type === 'RuleCombination') walkRules(child, childPath, visit);
    else visit(child, childPath);
  });
}

function customRefs(definition: RuleCombination): Set<string> {
  const refs = new Set<string>();
  walkRules(definition, '', (rule) => {
    if (rule.attribute.__type === 'CustomAttributeReference') refs.add(rule.attribute.ref);
  });
  return refs;
}

function versionAudiences(v: Version): Set<string> {
  const out = new Set<string>(v.targeting?.audience?.audiences ?? []);
  for (const variant of v.variants)
    if (variant.__type === 'SegmentedVariant') variant.audiences.forEach((a) => out.add(a));
  return out;
}
