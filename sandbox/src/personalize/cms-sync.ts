/**
 * Personalize's background CMS sync, as the real service runs it for a project connected to a stack: it makes
 * the experience's variant group (named after the experience, " (1)", " (2)"… when the name is taken), one CMS
 * variant per variant short uid of the latest version, and fills the experience's `_cms` link. It writes only
 * through the PersonalizeCmsPort (the CMA's own store, marked Personalize-made), never over HTTP, so its calls
 * are neither logged nor rate-limited — they are not requests anyone made.
 *
 * Timing: one pending run per experience. Every write to an experience (re)starts its timer, so a burst of
 * writes causes one run `delayMs` after the last of them (debounce). A run re-reads the experience as it is
 * then, so the order of writes does not matter. Paused: timers that come due wait; unpausing runs what came
 * due at once and keeps the due time of the rest.
 *
 * What a run never does: remove a CMS variant (a short uid dropped from the latest version keeps its variant),
 * touch content-type links, or act on a deleted experience (its group stays as it was, still linked).
 */
import type { PersonalizeCmsGroup, PersonalizeCmsPort, PersonalizeCmsVariant } from '../core/contracts';
import type { CmsLink, Experience, PersonalizeState, Project, Version } from './model';

export interface SyncSettings {
  delayMs: number;
  paused: boolean;
  /** Opt-in fault: a version's first activation gives its variants new CMS variant uids. */
  remapOnFirstActivation: boolean;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { delayMs: 3000, paused: false, remapOnFirstActivation: false };

interface Pending {
  dueAt: number;
  /** The remap fault applies to this run (a first activation happened while the fault was on). */
  remap: boolean;
  timer?: NodeJS.Timeout;
}

export interface SyncRunError {
  experienceUid: string;
  at: string;
  message: string;
}

const alias = (experienceShortUid: string, variantShortUid: string): string =>
  `cs_personalize_${experienceShortUid}_${variantShortUid}`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `name`, else `name (1)`, `name (2)`… — the first one no other group of the stack has. */
export const freeName = (name: string, taken: readonly string[]): string => {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let n = 1; ; n += 1) {
    const candidate = `${name} (${n})`;
    if (!used.has(candidate)) return candidate;
  }
};

/** Whether a group's name already is the experience's name, with or without the collision suffix. */
const carriesName = (groupName: string, experienceName: string): boolean =>
  groupName === experienceName || new RegExp(`^${escapeRegExp(experienceName)} \\(\\d+\\)$`).test(groupName);

export class CmsSync {
  private readonly pending = new Map<string, Pending>();
  private current: SyncSettings;
  private errors: SyncRunError[] = [];

  constructor(
    private readonly state: () => PersonalizeState,
    private readonly cms: PersonalizeCmsPort,
    private readonly defaults: SyncSettings,
    /** Called after a run changed anything (the state file is saved). */
    private readonly changed: () => void,
    private readonly now: () => Date,
  ) {
    this.current = { ...defaults };
  }

  settings(): SyncSettings & { pending: number; errors: SyncRunError[] } {
    return { ...this.current, pending: this.pending.size, errors: [...this.errors] };
  }

  configure(next: Partial<SyncSettings>): void {
    const wasPaused = this.current.paused;
    this.current = { ...this.current, ...next };
    if (!wasPaused && this.current.paused) for (const entry of this.pending.values()) this.disarm(entry);
    if (wasPaused && !this.current.paused) for (const [uid, entry] of this.pending) this.arm(uid, entry);
  }

  /** An experience (or one of its versions) was written: its run comes `delayMs` after this change. */
  experienceChanged(experienceUid: string, opts: { firstActivation?: boolean } = {}): void {
    const previous = this.pending.get(experienceUid);
    if (previous !== undefined) this.disarm(previous);
    const entry: Pending = {
      dueAt: Date.now() + this.current.delayMs,
      remap: (previous?.remap ?? false) || (opts.firstActivation === true && this.current.remapOnFirstActivation),
    };
    this.pending.set(experienceUid, entry);
    this.arm(experienceUid, entry);
  }

  /** Schedules every experience whose CMS side is behind (at start: pending runs do not survive a restart). */
  scanAll(): void {
    const s = this.state();
    for (const experience of s.experiences) {
      const target = this.targetOf(s, experience);
      if (target !== undefined && this.behind(target.apiKey, experience, target.latest)) {
        this.experienceChanged(experience.uid);
      }
    }
  }

  /** Back to the defaults, nothing pending (admin reset). */
  reset(): void {
    this.close();
    this.current = { ...this.defaults };
    this.errors = [];
  }

  close(): void {
    for (const entry of this.pending.values()) this.disarm(entry);
    this.pending.clear();
  }

  private arm(uid: string, entry: Pending): void {
    if (this.current.paused) return;
    entry.timer = setTimeout(() => this.fire(uid), Math.max(0, entry.dueAt - Date.now()));
    // A pending sync must not keep a test process or `npm run sandbox` alive on its own.
    entry.timer.unref();
  }

  private disarm(entry: Pending): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    delete entry.timer;
  }

  private fire(uid: string): void {
    const entry = this.pending.get(uid);
    if (entry === undefined || this.current.paused) return;
    this.pending.delete(uid);
    try {
      if (this.run(uid, entry.remap)) this.changed();
    } catch (error) {
      // A timer callback must not throw (it would take the process down); the run's failure is shown on
      // GET /_sandbox/personalize-sync instead, and the next write to the experience tries again.
      this.errors = [
        ...this.errors.slice(-19),
        { experienceUid: uid, at: this.now().toISOString(), message: (error as Error).message },
      ];
    }
  }

  private targetOf(
    s: PersonalizeState,
    experience: Experience,
  ): { project: Project; apiKey: string; latest: Version } | undefined {
    const project = s.projects.find((p) => p.uid === experience.projectUid);
    const apiKey = project?.connectedStackApiKey ?? null;
    const latest = s.versions.filter((v) => v.experienceUid === experience.uid).at(-1);
    if (project === undefined || apiKey === null || latest === undefined) return undefined;
    return { project, apiKey, latest };
  }

  private behind(apiKey: string, experience: Experience, latest: Version): boolean {
    const group = experience._cms === undefined ? undefined : this.cms.group(apiKey, experience._cms.variantGroup);
    if (group === undefined) return latest.variants.length > 0;
    if (!carriesName(group.name, experience.name) || group.description !== experience.description) return true;
    const links = experience._cms?.variants ?? {};
    return latest.variants.some((v) => {
      const linked = group.variants.find((c) => c.uid === links[v.shortUid]);
      return linked === undefined || linked.name !== v.name;
    });
  }

  /** One run for one experience; true when it changed anything. */
  private run(experienceUid: string, remap: boolean): boolean {
    const s = this.state();
    const experience = s.experiences.find((e) => e.uid === experienceUid);
    // Deleted: Personalize leaves the group as it was.
    if (experience === undefined) return false;
    const target = this.targetOf(s, experience);
    if (target === undefined) return false;
    const { project, apiKey, latest } = target;
    let changed = false;

    let group: PersonalizeCmsGroup | undefined =
      experience._cms === undefined ? undefined : this.cms.group(apiKey, experience._cms.variantGroup);
    const groupMetadata = {
      project_uid: project.uid,
      experience_uid: experience.uid,
      experience_short_uid: experience.shortUid,
      status: 'linked',
    };
    if (group === undefined) {
      // The group appears once the version has variants.
      if (latest.variants.length === 0) return false;
      group = this.cms.createGroup(apiKey, {
        name: freeName(experience.name, this.cms.groupNames(apiKey)),
        description: experience.description,
        metadata: groupMetadata,
      });
      changed = true;
    } else if (!carriesName(group.name, experience.name) || group.description !== experience.description) {
      const others = this.cms.groupNames(apiKey).filter((n) => n !== group?.name);
      const name = carriesName(group.name, experience.name) ? group.name : freeName(experience.name, others);
      this.cms.updateGroup(apiKey, group.uid, { name, description: experience.description });
      changed = true;
    }

    const links: Record<string, string> =
      group.uid === experience._cms?.variantGroup ? { ...experience._cms.variants } : {};
    const inGroup = new Map<string, PersonalizeCmsVariant>(group.variants.map((v) => [v.uid, v]));
    for (const variant of latest.variants) {
      const wantedAlias = alias(experience.shortUid, variant.shortUid);
      const linkedUid = links[variant.shortUid];
      // Linked, else a variant of the group already claiming this short uid (a run that failed half-way).
      const existing =
        (linkedUid === undefined ? undefined : inGroup.get(linkedUid)) ??
        group.variants.find((v) => v.metadata['variant_short_uid'] === variant.shortUid);
      const metadata = { ...groupMetadata, variant_short_uid: variant.shortUid };
      if (existing === undefined) {
        links[variant.shortUid] = this.cms.createVariant(apiKey, group.uid, {
          name: variant.name,
          alias: wantedAlias,
          metadata,
        }).uid;
        changed = true;
        continue;
      }
      if (links[variant.shortUid] !== existing.uid) {
        links[variant.shortUid] = existing.uid;
        changed = true;
      }
      if (existing.name !== variant.name) {
        this.cms.updateVariant(apiKey, group.uid, existing.uid, { name: variant.name });
        changed = true;
      }
      if (remap) {
        // The reported quirk: the old variant keeps its entry variants under an alias of its own uid; a new
        // variant takes over the alias and the short uid.
        this.cms.updateVariant(apiKey, group.uid, existing.uid, { alias: existing.uid, dropMetadata: true });
        links[variant.shortUid] = this.cms.createVariant(apiKey, group.uid, {
          name: variant.name,
          alias: existing.alias,
          metadata,
        }).uid;
        changed = true;
      }
    }

    const next: CmsLink = { variantGroup: group.uid, variants: links };
    if (JSON.stringify(experience._cms) !== JSON.stringify(next)) {
      experience._cms = next;
      changed = true;
    }
    return changed;
  }
}
