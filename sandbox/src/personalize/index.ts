/**
 * The Personalize Management API of the sandbox. Mount `router` at `/personalize`; every request draws
 * from the organization's `personalize` rate bucket. `adminRouter` (under `/_sandbox`) holds the knobs of the
 * background CMS sync (cms-sync.ts), which writes groups through `ctx.personalizeCms`.
 *
 * State: seeded lazily on first use (so the CMS seed has created the stacks by then) with one project,
 * "Northwind Outfitters", connected to the first stack; `projectUidForStack` tells the admin API which
 * project that is (`SEED_PERSONALIZE_PROJECT_UID`).
 */
import type { Router } from 'express';
import type { SandboxContext, SandboxModule } from '../core/contracts';
import { seedPersonalizeState } from '../seed/personalize-seed';
import { CmsSync, DEFAULT_SYNC_SETTINGS } from './cms-sync';
import { personalizeStateSchema } from './model';
import type { PersonalizeState } from './model';
import { createPersonalizeRouter } from './routes';
import { PersonalizeService } from './service';
import { createSyncAdminRouter } from './sync-admin-router';

export { SEED_PERSONALIZE_PROJECT_UID, SEED_PERSONALIZE_UIDS } from '../seed/personalize-seed';

export interface PersonalizeModule extends SandboxModule {
  /** The project connected to a stack, if any (for `GET /_sandbox/credentials`). */
  projectUidForStack(apiKey: string): string | undefined;
  /** `/_sandbox/personalize-sync` (relative paths). */
  adminRouter: Router;
  sync: CmsSync;
  /** Stops pending sync runs. */
  close(): void;
}

export interface PersonalizeModuleOptions {
  seed?: boolean;
  /** The sync's delay after an experience change, until changed by the admin API; default 3000 ms. */
  syncDelayMs?: number;
  /** Called when the sync changed state outside a request (so the state file is saved). */
  changed?: () => void;
}

export function createPersonalizeModule(ctx: SandboxContext, opts: PersonalizeModuleOptions = {}): PersonalizeModule {
  const seed = opts.seed ?? true;
  let state: PersonalizeState | undefined;
  const fresh = (): PersonalizeState => {
    const first = ctx.stacks.all()[0];
    return seedPersonalizeState(
      seed && first !== undefined ? { apiKey: first.apiKey, orgUid: first.orgUid } : undefined,
      ctx.clock.now().toISOString(),
    );
  };
  const access = {
    get(): PersonalizeState {
      state ??= fresh();
      return state;
    },
  };

  ctx.registerState({
    name: 'personalize',
    snapshot: () => structuredClone(access.get()),
    restore(data) {
      const parsed = personalizeStateSchema.safeParse(data);
      if (parsed.success) state = parsed.data;
    },
    reset() {
      state = undefined;
      sync.reset();
    },
  });

  const sync = new CmsSync(
    () => access.get(),
    ctx.personalizeCms,
    { ...DEFAULT_SYNC_SETTINGS, delayMs: opts.syncDelayMs ?? DEFAULT_SYNC_SETTINGS.delayMs },
    opts.changed ?? (() => undefined),
    () => ctx.clock.now(),
  );
  const service = new PersonalizeService(
    access,
    ctx.clock,
    (uid, change) => sync.experienceChanged(uid, change),
    (apiKey, orgUid) => {
      const stack = ctx.stacks.get(apiKey);
      return stack !== undefined && stack.orgUid === orgUid;
    },
  );

  return {
    mount: '/personalize',
    rateKind: () => 'personalize',
    router: createPersonalizeRouter(service, ctx.credentials),
    // Personalize requests carry no api_key: they bill to the organization owning the x-project-uid project.
    orgOf: (headers) => {
      const raw = headers['x-project-uid'];
      const uid = Array.isArray(raw) ? raw[0] : raw;
      return uid === undefined ? undefined : access.get().projects.find((p) => p.uid === uid)?.organizationUid;
    },
    projectUidForStack: (apiKey) => access.get().projects.find((p) => p.connectedStackApiKey === apiKey)?.uid,
    adminRouter: createSyncAdminRouter(sync),
    sync,
    close: () => sync.close(),
  };
}
