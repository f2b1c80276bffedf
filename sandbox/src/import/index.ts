/**
 * Stacks imported from a csdx export. `POST /_sandbox/stacks/import` takes the document `readExportFolder` makes
 * and adds a stack to the running sandbox: the stack record and its tokens (a state part of its own, so a restart
 * on the same state file keeps the stack), its CMS content (into the CmsStore) and its Personalize project (appended
 * to the Personalize state through that part's own snapshot/restore, so the Personalize half needs no import code).
 * `GET /_sandbox/stacks` lists the imported stacks with their tokens. Reset drops them (back to the seed).
 */
import express, { Router } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock, StackRecord, StatePart } from '../core/contracts';
import type { Credentials } from '../core/credentials';
import { apiErrors } from '../core/errors';
import { handle, validate } from '../core/http';
import type { CmsStore } from '../cma/cms-store';
import { personalizeStateSchema } from '../personalize/model';
import { buildImport } from './build';
import { stackExportSchema } from './export-folder';

export { readExportFolder, stackExportSchema } from './export-folder';
export type { StackExport } from './export-folder';

const importedSchema = z.object({
  stack: z.object({
    apiKey: z.string(),
    orgUid: z.string(),
    name: z.string(),
    uid: z.string(),
    masterLocale: z.string(),
    locales: z.array(z.string()),
    environments: z.array(z.string()),
  }),
  managementToken: z.string(),
  deliveryToken: z.string(),
  personalizeProjectUid: z.string().optional(),
});
type Imported = z.infer<typeof importedSchema>;

export interface ImportDeps {
  /** The sandbox's live stack list: imported stacks are pushed onto it. */
  stackList: StackRecord[];
  credentials: Credentials;
  cms: CmsStore;
  /** The Personalize state part, by name, once registered. */
  personalizePart: () => StatePart | undefined;
  orgUid: string;
  actorUid: string;
  clock: Clock;
  changed: () => void;
}

export interface StackImports {
  part: StatePart;
  adminRouter: Router;
}

const token = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

const describe = (i: Imported) => ({
  api_key: i.stack.apiKey,
  name: i.stack.name,
  organization_uid: i.stack.orgUid,
  management_token: i.managementToken,
  delivery_token: i.deliveryToken,
  environments: i.stack.environments,
  locales: i.stack.locales,
  personalize_project_uid: i.personalizeProjectUid ?? null,
});

export const createStackImports = (deps: ImportDeps): StackImports => {
  let imported: Imported[] = [];

  const install = (i: Imported): void => {
    if (!deps.stackList.some((s) => s.apiKey === i.stack.apiKey)) deps.stackList.push({ ...i.stack });
    deps.credentials.addManagementToken({
      token: i.managementToken,
      stackApiKey: i.stack.apiKey,
      orgUid: i.stack.orgUid,
    });
    deps.credentials.addDeliveryToken({
      token: i.deliveryToken,
      stackApiKey: i.stack.apiKey,
      environments: [...i.stack.environments],
    });
  };
  const uninstallAll = (): void => {
    for (const i of imported) {
      const at = deps.stackList.findIndex((s) => s.apiKey === i.stack.apiKey);
      if (at >= 0) deps.stackList.splice(at, 1);
    }
    imported = [];
  };

  const part: StatePart = {
    name: 'imported-stacks',
    snapshot: () => structuredClone(imported),
    restore(data) {
      uninstallAll();
      imported = z.array(importedSchema).parse(data);
      for (const i of imported) install(i);
    },
    // Reset returns to the seed: the CMS and Personalize parts drop the imported content themselves.
    reset: uninstallAll,
  };

  const adminRouter = Router();
  adminRouter.get('/stacks', (_req, res) => {
    res.json({ stacks: imported.map(describe) });
  });
  adminRouter.post(
    '/stacks/import',
    // An export of a real stack is larger than the CMA's 5 MB request limit.
    express.json({ limit: '500mb' }),
    handle((req, res) => {
      const exp = validate(stackExportSchema, req.body, 'Not a csdx export document.');
      const personalizePart = deps.personalizePart();
      const current =
        personalizePart === undefined ? undefined : personalizeStateSchema.parse(personalizePart.snapshot());
      const built = buildImport(exp, {
        orgUid: deps.orgUid,
        takenProjectNames: current?.projects.map((p) => p.name) ?? [],
        at: deps.clock.now().toISOString(),
        actorUid: deps.actorUid,
      });
      if (built.personalize !== undefined && (current === undefined || personalizePart === undefined)) {
        throw apiErrors.validation('The sandbox has no Personalize state to import into.', {
          personalize: ['is not available.'],
        });
      }
      const record: Imported = {
        stack: built.stack,
        managementToken: token('cs'),
        deliveryToken: token('cs'),
        ...(built.projectUid === undefined ? {} : { personalizeProjectUid: built.projectUid }),
      };
      // Everything is validated above: from here on nothing can refuse, so a failed import leaves no trace.
      install(record);
      imported.push(record);
      const cmsState = deps.cms.snapshot();
      cmsState.stacks[built.stack.apiKey] = built.content;
      deps.cms.restore(cmsState);
      if (built.personalize !== undefined && current !== undefined && personalizePart !== undefined) {
        const add = built.personalize;
        personalizePart.restore({
          projects: [...current.projects, ...add.projects],
          attributes: [...current.attributes, ...add.attributes],
          events: [...current.events, ...add.events],
          audiences: [...current.audiences, ...add.audiences],
          experiences: [...current.experiences, ...add.experiences],
          versions: [...current.versions, ...add.versions],
          priority: { ...current.priority, ...add.priority },
        });
      }
      deps.changed();
      res.status(201).json({ stack: describe(record), report: built.report });
    }),
  );
  return { part, adminRouter };
};
