/**
 * Outgoing webhooks: `createWebhookDispatcher` is the sandbox's `WebhookEmitter`. Mount `adminRouter` under
 * `/_sandbox`. Targets are saved in the state file; the delivery log is not.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { Clock, StatePart, WebhookEmitter } from '../core/contracts';
import type { SigningKeys } from '../apps/keys';
import { createWebhookAdminRouter } from './admin-router';
import { WebhookDispatcher } from './dispatcher';
import { DELIVERY_TIMEOUT_MS } from './dispatcher';
import type { HttpPost } from './dispatcher';
import { InMemoryTargets, targetSchema } from './targets';
import type { WebhookTarget, WebhookTargetRegistry } from './targets';

export type { Delivery, DeliveryAttempt } from './deliveries';
export type { WebhookTarget, WebhookTargetRegistry } from './targets';
export type { HttpPost } from './dispatcher';
export { CONTENTSTACK_RETRY_DELAYS_SEC } from './retry-schedule';
export { SIGNATURE_HEADER, HMAC_HEADER } from './signature';

export interface WebhookDispatcherOptions {
  clock: Clock;
  /** Multiplies the retry delays (1 = Contentstack's real 5/25/125/625 s). */
  timeScale: number;
  keys: SigningKeys;
  registerState: (part: StatePart) => void;
  /** Per-attempt timeout; default 30 s like Contentstack, scaled by `timeScale` but never under 2 s. */
  timeoutMs?: number;
  post?: HttpPost;
}

export type SandboxWebhookDispatcher = WebhookEmitter & {
  adminRouter: Router;
  targets: WebhookTargetRegistry;
  deliveries: WebhookDispatcher['deliveries'];
  drain(): Promise<void>;
  close(): void;
};

export function createWebhookDispatcher(opts: WebhookDispatcherOptions): SandboxWebhookDispatcher {
  const targets = new InMemoryTargets();
  const dispatcher = new WebhookDispatcher({
    clock: opts.clock,
    timeScale: opts.timeScale,
    keys: opts.keys,
    targets,
    ...(opts.post !== undefined ? { post: opts.post } : {}),
    timeoutMs: opts.timeoutMs ?? deliveryTimeoutMs(opts.timeScale),
  });

  opts.registerState({
    name: 'webhook-targets',
    snapshot: () => targets.all(),
    restore(data) {
      const parsed = z.array(targetSchema).safeParse(data);
      if (parsed.success) targets.replaceAll(parsed.data.map((t) => dropUndefined(t)));
    },
    // The seed registers no receivers: every test (and `npm start`) registers its own.
    reset() {
      targets.replaceAll([]);
      dispatcher.clearLog();
    },
  });

  return {
    emit: (event) => dispatcher.emit(event),
    adminRouter: createWebhookAdminRouter({ clock: opts.clock, targets, dispatcher }),
    targets,
    deliveries: () => dispatcher.deliveries(),
    drain: () => dispatcher.drain(),
    close: () => dispatcher.close(),
  };
}

function dropUndefined(t: z.infer<typeof targetSchema>): WebhookTarget {
  const { hmacSecret, ...rest } = t;
  return hmacSecret === undefined ? rest : { ...rest, hmacSecret };
}

/**
 * 30 s, shrunk with the time scale so a chaos test with a hanging receiver need not wait half a minute,
 * but never below 2 s: a healthy receiver on a loaded test machine must not time out.
 */
export function deliveryTimeoutMs(timeScale: number): number {
  return Math.max(DELIVERY_TIMEOUT_MS * Math.min(timeScale, 1), 2_000);
}
