/**
 * Stack settings (`GET` / `POST /v3/stacks/settings`): the stack variables, discrete variables, live preview and
 * RTE settings of a stack. `csdx cm:stacks:import` posts the exported `stack/settings.json` through the management
 * SDK's `stack.addSettings()`, which sends `{stack_settings: {...}}` (or, for a bare object, `{stack_settings:
 * {stack_variables: {...}}}`). Contentstack answers `{notice: "Stack settings updated successfully.",
 * stack_settings}` and merges what was sent into each group (a group not sent is kept). Saved as the
 * `stack-settings-document` state part; every stack starts with the four groups empty.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { StatePart } from '../core/contracts';
import { handle, validate } from '../core/http';
import { callerOf } from './deps';
import type { CmsDeps } from './deps';

const GROUPS = ['stack_variables', 'discrete_variables', 'live_preview', 'rte'] as const;

type Settings = Record<string, Record<string, unknown>>;

const settingsShape = z.record(z.string(), z.record(z.string(), z.unknown()));
const stateSchema = z.record(z.string(), settingsShape);
const body = z.object({ stack_settings: settingsShape });

const emptySettings = (): Settings => Object.fromEntries(GROUPS.map((g) => [g, {}]));

export const stackSettingsRouter = (deps: CmsDeps): Router => {
  const router = Router();
  let state: Record<string, Settings> = {};
  const part: StatePart = {
    name: 'stack-settings-document',
    snapshot: () => structuredClone(state),
    restore: (data) => {
      state = stateSchema.parse(data);
    },
    reset: () => {
      state = {};
    },
  };
  deps.ctx.registerState(part);
  const settingsOf = (apiKey: string): Settings => ({ ...emptySettings(), ...state[apiKey] });

  router.get(
    '/stacks/settings',
    handle((_req, res) => {
      res.json({ stack_settings: settingsOf(callerOf(res).stack.apiKey) });
    }),
  );

  router.post(
    '/stacks/settings',
    handle((req, res) => {
      const { stack } = callerOf(res);
      const sent = validate(body, req.body, 'Stack settings could not be updated. Please check the request.');
      const merged = settingsOf(stack.apiKey);
      for (const [group, values] of Object.entries(sent.stack_settings)) {
        merged[group] = { ...merged[group], ...values };
      }
      state[stack.apiKey] = merged;
      res.status(201).json({ notice: 'Stack settings updated successfully.', stack_settings: merged });
    }),
  );

  return router;
};
