/**
 * What the host page answers to each SDK message, given the current location. Pure apart from the injected
 * `backend` (the dev host server, which holds the credentials) so it can be unit-tested.
 */
import type { Outcome } from './post-robot-wire';

export interface HostBackend {
  /** CMA request through the dev host server (axios-like in, `{status, statusText, headers, data}` out). */
  cma(request: unknown): Promise<unknown>;
  stackQuery(query: unknown): Promise<unknown>;
  getInstallation(): Promise<{ configuration: unknown; serverConfiguration: unknown }>;
  setInstallation(data: unknown): Promise<void>;
}

export interface HostSession {
  init: Record<string, unknown>;
  draft: Record<string, unknown>;
  store: Map<string, unknown>;
  validity: { isValid: boolean; message?: string } | null;
  registeredEvents: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function answer(
  session: HostSession,
  backend: HostBackend,
  name: string,
  data: unknown,
): Promise<Outcome> {
  const body = isRecord(data) ? data : {};
  switch (name) {
    case 'init':
      return { ok: true, data: session.init };
    case 'ready':
    case 'postrobot_ready':
    case 'analytics':
    case 'setData':
      return { ok: true, data: {} };
    case 'eventRegistration':
      if (Array.isArray(body.events))
        session.registeredEvents = body.events.filter((e): e is string => typeof e === 'string');
      return { ok: true, data: {} };
    case 'getConfig':
      return { ok: true, data: (await backend.getInstallation()).configuration };
    case 'getDraftData':
      return { ok: true, data: session.draft };
    case 'store':
      return { ok: true, data: storeAction(session.store, body) };
    case 'getInstallationData':
      return { ok: true, data: await backend.getInstallation() };
    case 'setInstallationData':
      await backend.setInstallation(data);
      return { ok: true, data };
    case 'setValidity':
      session.validity = {
        isValid: body.isValid === true,
        ...(isRecord(body.options) && typeof body.options.message === 'string'
          ? { message: body.options.message }
          : {}),
      };
      return { ok: true, data: {} };
    case 'apiAdapter':
      return { ok: true, data: await backend.cma(data) };
    case 'stackQuery':
      return { ok: true, data: await backend.stackQuery(data) };
    default:
      return { ok: false, error: `The dev host does not answer "${name}".` };
  }
}

function storeAction(store: Map<string, unknown>, body: Record<string, unknown>): unknown {
  const key = typeof body.key === 'string' ? body.key : '';
  switch (body.action) {
    case 'get':
      return store.get(key);
    case 'getAll':
      return Object.fromEntries(store);
    case 'set':
      store.set(key, body.value);
      return true;
    case 'remove':
      store.delete(key);
      return true;
    case 'clear':
      store.clear();
      return true;
    default:
      return null;
  }
}
