/**
 * An in-process stand-in for the sandbox core, for testing the Personalize / app-platform / webhook routers
 * on their own: a real Express app on an ephemeral loopback port, the core's real credential registry, two
 * stacks in two organizations, a settable clock, a webhook emitter that records what was emitted, and the CMA's
 * real CmsStore (empty) behind the Personalize sync's port.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express } from 'express';
import { CmsStore } from '../../../src/cma/cms-store';
import { createPersonalizeCmsPort } from '../../../src/cma/personalize-port';
import { Credentials } from '../../../src/core/credentials';
import type {
  Clock,
  OutgoingEvent,
  SandboxContext,
  StackRecord,
  StatePart,
  WebhookEmitter,
} from '../../../src/core/contracts';

export const STACK_A: StackRecord = {
  apiKey: 'blt_stack_a_0000001',
  orgUid: 'blt_org_a_00000001',
  name: 'Northwind web',
  uid: 'blt_stack_uid_a',
  masterLocale: 'en-us',
  locales: ['en-us'],
  environments: ['production'],
};

export const STACK_B: StackRecord = {
  ...STACK_A,
  apiKey: 'blt_stack_b_0000002',
  orgUid: 'blt_org_b_00000002',
  name: 'Other org',
  uid: 'blt_stack_uid_b',
};

export const USER_A = 'authtoken-user-a';
export const USER_B = 'authtoken-user-b';
export const MGMT_A = 'cs-management-token-a';

export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export class RecordingEmitter implements WebhookEmitter {
  readonly events: OutgoingEvent[] = [];
  emit(event: OutgoingEvent): void {
    this.events.push(event);
  }
}

export interface Harness {
  url: string;
  app: Express;
  ctx: SandboxContext;
  clock: TestClock;
  credentials: Credentials;
  emitted: RecordingEmitter;
  parts: Map<string, StatePart>;
  /** The CMS the Personalize sync writes to. */
  cms: CmsStore;
  close(): Promise<void>;
}

export function fakeContext(webhooks?: WebhookEmitter): Omit<Harness, 'url' | 'app' | 'close'> {
  const clock = new TestClock();
  const credentials = new Credentials(clock);
  credentials.addUser({ authtoken: USER_A, userUid: 'blt_user_a', orgUid: STACK_A.orgUid });
  credentials.addUser({ authtoken: USER_B, userUid: 'blt_user_b', orgUid: STACK_B.orgUid });
  credentials.addManagementToken({ token: MGMT_A, stackApiKey: STACK_A.apiKey, orgUid: STACK_A.orgUid });
  const emitted = new RecordingEmitter();
  const parts = new Map<string, StatePart>();
  const stacks = [STACK_A, STACK_B];
  const stackAccess = { get: (apiKey: string) => stacks.find((s) => s.apiKey === apiKey), all: () => [...stacks] };
  const cms = new CmsStore(() => ({ stacks: {} }), stackAccess);
  const ctx: SandboxContext = {
    baseUrl: () => 'http://127.0.0.1',
    clock,
    stacks: stackAccess,
    credentials,
    webhooks: webhooks ?? emitted,
    personalizeCms: createPersonalizeCmsPort(cms, clock, () => undefined),
    registerState: (part) => {
      parts.set(part.name, part);
    },
  };
  return { ctx, clock, credentials, emitted, parts, cms };
}

/** Starts an Express app built by `mount` on 127.0.0.1:0. */
export async function startHarness(
  mount: (app: Express, h: Omit<Harness, 'url' | 'app' | 'close'>) => void,
  webhooks?: WebhookEmitter,
): Promise<Harness> {
  const h = fakeContext(webhooks);
  const app = express();
  mount(app, h);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...h,
    url,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A tiny webhook receiver that records the raw bytes and headers of every POST and answers from a script. */
export interface Receiver {
  url: string;
  received: Array<{ body: Buffer; headers: Record<string, string | string[] | undefined>; at: number }>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (n: number) => number = () => 200): Promise<Receiver> {
  const { createServer } = await import('node:http');
  const received: Receiver['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: req.headers, at: performance.now() });
      res.statusCode = answer(received.length);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/contentstack`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function jsonOf(res: Response): Promise<unknown> {
  const text = await res.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
