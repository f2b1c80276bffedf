/**
 * The stack modules the sandbox holds nothing of — branches (only `main`), branch aliases,
 * roles (only the three built-in ones), extensions, webhooks, global fields, assets, taxonomies, workflows and
 * labels — answered with the CMA's real envelopes, so a full `csdx cm:stacks:export` (which reads every one
 * of them, see cli-cm-export's `export/modules/*`) finds an empty module where a 404 would be an error.
 * Envelope keys are the ones the management SDK's collections read (`data.webhooks`, `data.global_fields`…).
 * Read-only: a write to these modules stays the 404 of an unknown route, never a silent success.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Request } from 'express';
import type { StackRecord } from '../core/contracts';
import { CmaError } from '../core/errors';
import { handle, queryFlag } from '../core/http';
import { callerOf } from './deps';

const SEEDED_AT = '2026-10-01T09:00:00.000Z';

const stableUid = (seed: string): string => `blt${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;

/** `{<key>: [], count?: 0}`: an empty list in the CMA's shape, `count` only when asked for. */
const emptyList = (req: Request, key: string): Record<string, unknown> => ({
  [key]: [],
  ...(queryFlag(req, 'include_count') ? { count: 0 } : {}),
});

/** Every stack has a `main` branch (Contentstack made branches universal); the sandbox has no others. */
const mainBranch = (stack: StackRecord) => ({
  uid: 'main',
  source: '',
  alias: [],
  api_key: stack.apiKey,
  created_at: SEEDED_AT,
  updated_at: SEEDED_AT,
  created_by: stack.orgUid,
  updated_by: stack.orgUid,
  deleted_at: false,
});

/** The roles every stack is made with; the CLI's custom-roles export filters them out by name. */
const builtInRoles = (stack: StackRecord) =>
  ['Admin', 'Developer', 'Content Manager'].map((name) => ({
    uid: stableUid(`${stack.apiKey}/role/${name}`),
    name,
    description: `${name} role`,
    api_key: stack.apiKey,
    org_uid: stack.orgUid,
    admin: name === 'Admin',
    default: true,
    rules: [],
    users: [],
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  }));

const notFound = (what: string, field: string): CmaError =>
  new CmaError(404, {
    error_message: `${what} was not found.`,
    error_code: 141,
    errors: { [field]: ['is not valid.'] },
  });

export const stackModulesRouter = (): Router => {
  const router = Router();

  router.get(
    '/stacks/branches',
    handle((req, res) => {
      res.json({
        branches: [mainBranch(callerOf(res).stack)],
        ...(queryFlag(req, 'include_count') ? { count: 1 } : {}),
      });
    }),
  );
  router.get(
    '/stacks/branches/:uid',
    handle((req, res) => {
      if (req.params['uid'] !== 'main') throw notFound('Branch', 'uid');
      res.json({ branch: mainBranch(callerOf(res).stack) });
    }),
  );
  router.get(
    '/stacks/branch_aliases',
    handle((req, res) => {
      res.json(emptyList(req, 'branch_aliases'));
    }),
  );
  router.get(
    '/stacks/branch_aliases/:uid',
    handle(() => {
      throw notFound('Branch alias', 'uid');
    }),
  );

  router.get(
    '/roles',
    handle((req, res) => {
      const roles = builtInRoles(callerOf(res).stack);
      res.json({ roles, ...(queryFlag(req, 'include_count') ? { count: roles.length } : {}) });
    }),
  );
  router.get(
    '/roles/:uid',
    handle((req, res) => {
      const role = builtInRoles(callerOf(res).stack).find((r) => r.uid === req.params['uid']);
      if (role === undefined) throw notFound('Role', 'uid');
      res.json({ role });
    }),
  );

  const empty: [path: string, key: string, single: string][] = [
    ['/extensions', 'extensions', 'Extension'],
    ['/webhooks', 'webhooks', 'Webhook'],
    ['/global_fields', 'global_fields', 'Global field'],
    ['/assets', 'assets', 'Asset'],
    ['/taxonomies', 'taxonomies', 'Taxonomy'],
    ['/workflows', 'workflows', 'Workflow'],
    ['/labels', 'labels', 'Label'],
  ];
  for (const [path, key, single] of empty) {
    router.get(
      path,
      handle((req, res) => {
        res.json(emptyList(req, key));
      }),
    );
    router.get(
      `${path}/:uid`,
      handle(() => {
        throw notFound(single, 'uid');
      }),
    );
  }

  return router;
};
