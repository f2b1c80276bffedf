import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSigningKeys } from '../../src/apps/keys';
import { CONTENTSTACK_RETRY_DELAYS_SEC, createWebhookDispatcher, deliveryTimeoutMs } from '../../src/webhooks';
import type { SandboxWebhookDispatcher } from '../../src/webhooks';
import { retryDelayMs } from '../../src/webhooks/retry-schedule';
import { STACK_A, TestClock, jsonOf, startHarness, startReceiver } from '../apps/support/harness';
import type { Harness, Receiver } from '../apps/support/harness';

const keys = createSigningKeys();

describe('retry schedule', () => {
  it.each([
    [1, [5000, 25000, 125000, 625000]],
    [0.001, [5, 25, 125, 625]],
  ])('timeScale %s gives delays %j then stops', (scale, expected) => {
    const delays = expected.map((_, i) => retryDelayMs(i, scale));
    expect(delays).toEqual(expected);
    expect(retryDelayMs(CONTENTSTACK_RETRY_DELAYS_SEC.length, scale)).toBeNull();
  });
});

describe('delivery timeout', () => {
  it.each([
    [1, 30_000],
    [0.5, 15_000],
    [0.001, 2_000],
  ])('timeScale %s gives %s ms', (scale, ms) => {
    expect(deliveryTimeoutMs(scale)).toBe(ms);
  });

  it('treats a receiver that never answers as a failure (timeout) and retries it', async () => {
    const sockets = new Set<Socket>();
    let hits = 0;
    const server = createServer(() => {
      hits += 1; // never answers
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const d = createWebhookDispatcher({
      clock: new TestClock(),
      timeScale: 0.001,
      keys,
      registerState: () => undefined,
      timeoutMs: 100,
    });
    try {
      d.targets.register({ apiKey: STACK_A.apiKey, url: `http://127.0.0.1:${port}/hook` }, new Date());
      d.emit({ stackApiKey: STACK_A.apiKey, module: 'entry', event: 'update', data: {} });
      await d.drain();
      const [delivery] = d.deliveries();
      expect(delivery?.state).toBe('failed');
      expect(delivery?.attempts.map((a) => a.error)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
      expect(hits).toBe(5);
    } finally {
      d.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('webhook retries (time-scaled)', () => {
  let h: Harness | undefined;
  let receiver: Receiver | undefined;
  let dispatcher: SandboxWebhookDispatcher | undefined;

  afterEach(async () => {
    dispatcher?.close();
    await h?.close();
    await receiver?.close();
  });

  const setup = async (
    answer: (n: number) => number,
  ): Promise<{ h: Harness; r: Receiver; d: SandboxWebhookDispatcher }> => {
    const r = await startReceiver(answer);
    let d: SandboxWebhookDispatcher | undefined;
    const hh = await startHarness((app) => {
      d = createWebhookDispatcher({ clock: new TestClock(), timeScale: 0.002, keys, registerState: () => undefined });
      app.use('/_sandbox', d.adminRouter);
    });
    if (d === undefined) throw new Error('dispatcher not created');
    d.targets.register({ apiKey: STACK_A.apiKey, url: r.url }, new Date());
    h = hh;
    receiver = r;
    dispatcher = d;
    return { h: hh, r, d };
  };

  it('retries a failing receiver 4 times with growing gaps, the same bytes each time, then marks it failed', async () => {
    const { h: hh, r, d } = await setup(() => 500);
    d.emit({ stackApiKey: STACK_A.apiKey, module: 'entry', event: 'update', data: { entry: { uid: 'blt1' } } });
    await d.drain();

    expect(r.received).toHaveLength(5);
    const bodies = new Set(r.received.map((x) => x.body.toString('base64')));
    expect(bodies.size).toBe(1);
    const gaps = r.received.slice(1).map((x, i) => x.at - (r.received[i]?.at ?? 0));
    // Attempt n+1 can only start after the receiver answered attempt n and the scheduled delay passed, so
    // each gap is at least its delay (1 ms slack for timer rounding); the growth 10 → 1250 ms shows in the gaps.
    const scheduled = CONTENTSTACK_RETRY_DELAYS_SEC.map((sec) => sec * 1000 * 0.002);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((scheduled[i] ?? 0) - 1));
    expect(gaps[3]).toBeGreaterThan(gaps[0] ?? Infinity);

    const log = (await jsonOf(await fetch(`${hh.url}/_sandbox/webhook-deliveries`))) as {
      deliveries: Array<{ state: string; attempts: Array<{ status?: number }> }>;
    };
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]?.state).toBe('failed');
    expect(log.deliveries[0]?.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500, 500]);
  });

  it('stops retrying once the receiver answers 2xx', async () => {
    const { r, d } = await setup((n) => (n < 3 ? 503 : 204));
    d.emit({ stackApiKey: STACK_A.apiKey, module: 'experience', event: 'activate', data: {} });
    await d.drain();
    expect(r.received).toHaveLength(3);
    const [delivery] = d.deliveries();
    expect(delivery?.state).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
  });

  it('counts an unreachable receiver as a failure and records the error', async () => {
    const { r, d } = await setup(() => 200);
    const deadUrl = r.url;
    await r.close();
    receiver = undefined;
    d.emit({ stackApiKey: STACK_A.apiKey, module: 'entry', event: 'create', data: {} });
    await d.drain();
    const [delivery] = d.deliveries();
    expect(delivery?.url).toBe(deadUrl);
    expect(delivery?.state).toBe('failed');
    expect(delivery?.attempts).toHaveLength(5);
    expect(delivery?.attempts.every((a) => a.status === undefined && typeof a.error === 'string')).toBe(true);
  });
});
