/** Starts an in-process sandbox for a test file and hands out its credentials and an HTTP helper. */
import { startSandbox } from '../../src/index';
import type { RunningSandbox, SandboxOptions } from '../../src/index';

export interface SandboxCredentials {
  api_key: string;
  management_token: string;
  authtoken: string;
  delivery_token: string;
  environments: string[];
  organization_uid: string;
  stacks: { api_key: string; organization_uid: string; management_token: string }[];
}

export interface Harness {
  sandbox: RunningSandbox;
  creds: SandboxCredentials;
  /** Plain HTTP against the sandbox; answers status, headers and parsed JSON (undefined when not JSON). */
  call(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string | object },
  ): Promise<HttpAnswer>;
  digest(): Promise<string>;
  close(): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

export const startHarness = async (options: SandboxOptions = {}): Promise<Harness> => {
  const sandbox = await startSandbox({ port: 0, ...options });
  const call: Harness['call'] = async (method, path, init = {}) => {
    const body =
      init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json };
  };
  const creds = (await call('GET', '/_sandbox/credentials')).json as SandboxCredentials;
  const digest = async (): Promise<string> =>
    ((await call('GET', '/_sandbox/state-digest')).json as { digest: string }).digest;
  return { sandbox, creds, call, digest, close: () => sandbox.close() };
};

export const record = (value: unknown): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
};
