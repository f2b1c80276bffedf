/** The delivery log tests read through `GET /_sandbox/webhook-deliveries`. */

export interface DeliveryAttempt {
  at: string;
  /** HTTP status when the receiver answered. */
  status?: number;
  /** Network error or timeout when it did not. */
  error?: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  uid: string;
  targetUid: string;
  apiKey: string;
  url: string;
  module: string;
  event: string;
  triggeredAt: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  nextAttemptAt?: string;
}

/** Deliveries kept in the log; older ones fall off so a long-running sandbox does not grow without bound. */
export const DELIVERY_LOG_LIMIT = 2000;

export function publicDelivery(d: Delivery): Record<string, unknown> {
  return {
    uid: d.uid,
    target_uid: d.targetUid,
    api_key: d.apiKey,
    url: d.url,
    module: d.module,
    event: d.event,
    triggered_at: d.triggeredAt,
    state: d.state,
    attempts: d.attempts,
    ...(d.nextAttemptAt !== undefined ? { next_attempt_at: d.nextAttemptAt } : {}),
  };
}
