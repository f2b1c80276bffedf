/**
 * The post-robot 8 wire format the app SDK speaks (app-sdk-and-manifest.md "Transport"), for a host page that
 * answers without loading post-robot itself. Pure: no DOM access, so it runs in the host page and in unit tests.
 * Every message is a JSON string `{"__postRobot__": {...}}`; each reply carries the request's `hash` and `name`,
 * a fresh `id` (post-robot drops ids it has seen) and our origin as `sourceDomain`.
 */

export interface PostRobotRequest {
  type: 'postrobot_message_request';
  hash: string;
  name: string;
  id: string;
  data: unknown;
  fireAndForget?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request inside a raw `message` event payload, or null for anything else (acks, responses, noise). */
export function parseRequest(raw: unknown): PostRobotRequest | null {
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const message = isRecord(parsed) ? parsed.__postRobot__ : undefined;
  if (!isRecord(message) || message.type !== 'postrobot_message_request') return null;
  const { hash, name, id } = message;
  if (typeof hash !== 'string' || typeof name !== 'string' || typeof id !== 'string') return null;
  return {
    type: 'postrobot_message_request',
    hash,
    name,
    id,
    data: message.data,
    fireAndForget: message.fireAndForget === true,
  };
}

/** Fresh ids: random enough that neither side ever sees one twice. */
export function freshId(random: () => number = Math.random): string {
  return `${Date.now().toString(36)}_${Math.floor(random() * 2 ** 52).toString(36)}`;
}

function wrap(body: Record<string, unknown>): string {
  return JSON.stringify({ __postRobot__: body });
}

export function ackFor(request: PostRobotRequest, sourceDomain: string, id: string): string {
  return wrap({
    type: 'postrobot_message_ack',
    hash: request.hash,
    name: request.name,
    id,
    sourceDomain,
    windowType: 'fullpage',
  });
}

export type Outcome = { ok: true; data: unknown } | { ok: false; error: string };

export function responseFor(request: PostRobotRequest, sourceDomain: string, id: string, outcome: Outcome): string {
  const base = {
    type: 'postrobot_message_response',
    hash: request.hash,
    name: request.name,
    id,
    sourceDomain,
    windowType: 'fullpage',
  };
  return wrap(
    outcome.ok ? { ...base, ack: 'success', data: outcome.data } : { ...base, ack: 'error', error: outcome.error },
  );
}

/** A host → app request (e.g. `extensionEvent`). Fire-and-forget: the SDK does not answer it. */
export function requestMessage(name: string, data: unknown, sourceDomain: string, id: string): string {
  return wrap({
    type: 'postrobot_message_request',
    hash: `${name}_${id}`,
    name,
    id,
    data,
    domain: '*',
    sourceDomain,
    windowType: 'fullpage',
    fireAndForget: true,
  });
}
