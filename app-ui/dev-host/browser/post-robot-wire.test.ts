import { describe, expect, it } from 'vitest';
import { answer } from './host-state';
import type { HostBackend, HostSession } from './host-state';
import { ackFor, freshId, parseRequest, requestMessage, responseFor } from './post-robot-wire';

const request = (body: Record<string, unknown>) => JSON.stringify({ __postRobot__: body });
const initRequest = {
  type: 'postrobot_message_request',
  hash: 'init_abc',
  name: 'init',
  id: 'id1',
  data: { version: '2.3.6' },
  domain: '*',
  sourceDomain: 'http://127.0.0.1:4200',
  windowType: 'iframe',
};

describe('post-robot wire format', () => {
  it.each([
    ['a request', request(initRequest), 'init'],
    ['an ack', request({ ...initRequest, type: 'postrobot_message_ack' }), null],
    ['a response', request({ ...initRequest, type: 'postrobot_message_response' }), null],
    ['a request without a hash', request({ ...initRequest, hash: undefined }), null],
    ['not JSON', '{nope', null],
    ['an object (not a string)', { __postRobot__: initRequest }, null],
    ['another protocol', JSON.stringify({ type: 'webpackOk' }), null],
  ])('parses %s', (_label, raw, name) => {
    expect(parseRequest(raw)?.name ?? null).toBe(name);
  });

  it('acks, then answers with the same hash and name, a fresh id and our origin', () => {
    const parsed = parseRequest(request(initRequest));
    if (!parsed) throw new Error('expected a request');
    const ack = JSON.parse(ackFor(parsed, 'http://host', 'a1')) as { __postRobot__: Record<string, unknown> };
    const reply = JSON.parse(responseFor(parsed, 'http://host', 'a2', { ok: true, data: { type: 'WIDGET' } })) as {
      __postRobot__: Record<string, unknown>;
    };
    expect(ack.__postRobot__).toMatchObject({
      type: 'postrobot_message_ack',
      hash: 'init_abc',
      name: 'init',
      id: 'a1',
      sourceDomain: 'http://host',
    });
    expect(reply.__postRobot__).toMatchObject({
      type: 'postrobot_message_response',
      hash: 'init_abc',
      id: 'a2',
      ack: 'success',
      data: { type: 'WIDGET' },
    });
    const error = JSON.parse(responseFor(parsed, 'http://host', 'a3', { ok: false, error: 'nope' })) as {
      __postRobot__: Record<string, unknown>;
    };
    expect(error.__postRobot__).toMatchObject({ ack: 'error', error: 'nope' });
    expect(error.__postRobot__).not.toHaveProperty('data');
  });

  it('sends host events fire-and-forget, parseable by the same rules', () => {
    const message = requestMessage('extensionEvent', { name: 'entrySave', data: { uid: 'e' } }, 'http://host', 'x1');
    expect(parseRequest(message)).toMatchObject({
      name: 'extensionEvent',
      fireAndForget: true,
      data: { name: 'entrySave' },
    });
  });

  it('never repeats an id', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => freshId()));
    expect(ids.size).toBe(1000);
  });
});

describe('host answers', () => {
  function setup() {
    const calls: unknown[] = [];
    let installation = {
      configuration: { server_url: 'http://srv' } as unknown,
      serverConfiguration: { webhook_hmac_secret: 's' } as unknown,
    };
    const backend: HostBackend = {
      cma: (r) => {
        calls.push(r);
        return Promise.resolve({ status: 200, statusText: 'OK', headers: {}, data: { ok: 1 } });
      },
      stackQuery: (q) => Promise.resolve({ query: q }),
      getInstallation: () => Promise.resolve(installation),
      setInstallation: (d) => {
        installation = d as typeof installation;
        return Promise.resolve();
      },
    };
    const session: HostSession = {
      init: { type: 'WIDGET' },
      draft: { title: 'd' },
      store: new Map(),
      validity: null,
      registeredEvents: [],
    };
    return { backend, session, calls, installation: () => installation };
  }

  it('answers init, getConfig (public part only), getDraftData and eventRegistration', async () => {
    const { backend, session } = setup();
    expect(await answer(session, backend, 'init', {})).toEqual({ ok: true, data: { type: 'WIDGET' } });
    expect(await answer(session, backend, 'getConfig', {})).toEqual({ ok: true, data: { server_url: 'http://srv' } });
    expect(await answer(session, backend, 'getDraftData', undefined)).toEqual({ ok: true, data: { title: 'd' } });
    await answer(session, backend, 'eventRegistration', { events: ['entrySave', 'entryChange'] });
    expect(session.registeredEvents).toEqual(['entrySave', 'entryChange']);
  });

  it('keeps installation data and validity', async () => {
    const { backend, session, installation } = setup();
    const data = { configuration: { a: 1 }, serverConfiguration: { webhook_hmac_secret: 'x' } };
    await answer(session, backend, 'setInstallationData', data);
    expect(installation()).toEqual(data);
    expect(await answer(session, backend, 'getInstallationData', undefined)).toEqual({ ok: true, data });
    await answer(session, backend, 'setValidity', { isValid: false, options: { message: 'Pick a project.' } });
    expect(session.validity).toEqual({ isValid: false, message: 'Pick a project.' });
  });

  it('implements the store actions', async () => {
    const { backend, session } = setup();
    await answer(session, backend, 'store', { action: 'set', key: 'k', value: 42 });
    expect(await answer(session, backend, 'store', { action: 'get', key: 'k' })).toEqual({ ok: true, data: 42 });
    expect(await answer(session, backend, 'store', { action: 'getAll' })).toEqual({ ok: true, data: { k: 42 } });
    await answer(session, backend, 'store', { action: 'clear' });
    expect(await answer(session, backend, 'store', { action: 'getAll' })).toEqual({ ok: true, data: {} });
  });

  it('proxies apiAdapter to the backend and rejects unknown messages with a reason', async () => {
    const { backend, session, calls } = setup();
    const call = { url: 'http://x/v3/variant_groups', method: 'GET' };
    expect(await answer(session, backend, 'apiAdapter', call)).toMatchObject({ ok: true, data: { status: 200 } });
    expect(calls).toEqual([call]);
    expect(await answer(session, backend, 'openModal', {})).toEqual({
      ok: false,
      error: 'The dev host does not answer "openModal".',
    });
  });
});
