/**
 * Sends Contentstack-format webhooks to every target registered for the event's stack.
 *
 * Invariants, mirroring the real service:
 * 1. The body is serialized once, when the event happens (`triggered_at` is the event's time); every attempt
 *    sends those exact bytes, signed over those bytes.
 * 2. A non-2xx answer, a network error or a 30 s timeout is a failure; failures are retried after
 *    5, 25, 125 and 625 s (times `timeScale`), then the delivery is marked failed.
 * 3. Emitting never throws and never blocks the request that caused the event.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, OutgoingEvent, WebhookEmitter } from '../core/contracts';
import type { SigningKeys } from '../apps/keys';
import { DELIVERY_LOG_LIMIT } from './deliveries';
import type { Delivery } from './deliveries';
import { retryDelayMs } from './retry-schedule';
import { HMAC_HEADER, SIGNATURE_HEADER, hmacSignatureHeader, rsaSignatureHeader } from './signature';
import type { WebhookTarget, WebhookTargetRegistry } from './targets';

/** The narrow slice of `fetch` the dispatcher uses. */
export type HttpPost = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Buffer; signal: AbortSignal },
) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

export interface DispatcherDeps {
  clock: Clock;
  timeScale: number;
  keys: SigningKeys;
  targets: WebhookTargetRegistry;
  post?: HttpPost;
  timeoutMs?: number;
  retryDelaysSec?: readonly number[];
}

export const DELIVERY_TIMEOUT_MS = 30_000;

export class WebhookDispatcher implements WebhookEmitter {
  private readonly log: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly post: HttpPost;

  constructor(private readonly deps: DispatcherDeps) {
    // The exact bytes that were signed, as a plain Uint8Array view (valid as a fetch body under Node's and DOM's types).
    this.post = deps.post ?? ((url, init) => fetch(url, { ...init, body: new Uint8Array(init.body) }));
  }

  emit(event: OutgoingEvent): void {
    if (this.stop.signal.aborted) return;
    const targets = this.deps.targets.forStack(event.stackApiKey);
    if (targets.length === 0) return;
    const triggeredAt = this.deps.clock.now().toISOString();
    const body = Buffer.from(
      JSON.stringify({
        module: event.module,
        api_key: event.stackApiKey,
        event: event.event,
        triggered_at: triggeredAt,
        data: event.data,
      }),
    );
    for (const target of targets) {
      const delivery: Delivery = {
        uid: `dl_${randomBytes(8).toString('hex')}`,
        targetUid: target.uid,
        apiKey: target.apiKey,
        url: target.url,
        module: event.module,
        event: event.event,
        triggeredAt,
        state: 'pending',
        attempts: [],
      };
      this.remember(delivery);
      const run = this.deliver(delivery, target, body).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  deliveries(): Delivery[] {
    return [...this.log];
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** Resolves once every delivery (retries included) has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  close(): void {
    this.stop.abort();
  }

  private remember(delivery: Delivery): void {
    this.log.push(delivery);
    if (this.log.length > DELIVERY_LOG_LIMIT) this.log.splice(0, this.log.length - DELIVERY_LOG_LIMIT);
  }

  private async deliver(delivery: Delivery, target: WebhookTarget, body: Buffer): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.stop.signal.aborted) return;
      const ok = await this.attempt(delivery, target, body);
      if (ok) {
        delivery.state = 'delivered';
        delete delivery.nextAttemptAt;
        return;
      }
      const delay = retryDelayMs(attempt, this.deps.timeScale, this.deps.retryDelaysSec);
      if (delay === null) {
        delivery.state = 'failed';
        delete delivery.nextAttemptAt;
        return;
      }
      delivery.nextAttemptAt = new Date(this.deps.clock.now().getTime() + delay).toISOString();
      if (!(await this.sleep(delay))) return;
    }
  }

  private async attempt(delivery: Delivery, target: WebhookTarget, body: Buffer): Promise<boolean> {
    const now = this.deps.clock.now();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Contentstack',
      [SIGNATURE_HEADER]: rsaSignatureHeader(this.deps.keys, body),
    };
    if (target.hmacSecret !== undefined) {
      headers[HMAC_HEADER] = hmacSignatureHeader(target.hmacSecret, Math.floor(now.getTime() / 1000), body);
    }
    const signal = AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS)]);
    try {
      const res = await this.post(target.url, { method: 'POST', headers, body, signal });
      // The receiver's answer body is of no interest; release the connection.
      await res.body?.cancel().catch(() => undefined);
      delivery.attempts.push({ at: now.toISOString(), status: res.status });
      return res.status >= 200 && res.status < 300;
    } catch (err) {
      const reason = err instanceof Error ? (err.name === 'TimeoutError' ? 'timeout' : err.message) : 'unknown error';
      delivery.attempts.push({ at: now.toISOString(), error: reason });
      return false;
    }
  }

  /** Resolves true after `ms`, or false at once when the dispatcher closes. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stop.signal.aborted) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        this.stop.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      this.stop.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
