/** Webhook receivers registered per stack (the app's installation registers ours). */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export interface WebhookTarget {
  uid: string;
  apiKey: string;
  url: string;
  /** Optional HMAC secret; never listed back. */
  hmacSecret?: string;
  createdAt: string;
}

export interface WebhookTargetRegistry {
  register(input: { apiKey: string; url: string; hmacSecret?: string | undefined }, now: Date): WebhookTarget;
  remove(uid: string): boolean;
  forStack(apiKey: string): WebhookTarget[];
  all(): WebhookTarget[];
}

export const targetSchema = z.object({
  uid: z.string(),
  apiKey: z.string(),
  url: z.string(),
  hmacSecret: z.string().optional(),
  createdAt: z.string(),
});

export class InMemoryTargets implements WebhookTargetRegistry {
  private targets: WebhookTarget[] = [];

  register(input: { apiKey: string; url: string; hmacSecret?: string | undefined }, now: Date): WebhookTarget {
    // Registering the same receiver twice for a stack replaces it rather than doubling every delivery.
    this.targets = this.targets.filter((t) => !(t.apiKey === input.apiKey && t.url === input.url));
    const target: WebhookTarget = {
      uid: `wh_${randomBytes(8).toString('hex')}`,
      apiKey: input.apiKey,
      url: input.url,
      createdAt: now.toISOString(),
      ...(input.hmacSecret !== undefined ? { hmacSecret: input.hmacSecret } : {}),
    };
    this.targets.push(target);
    return target;
  }

  remove(uid: string): boolean {
    const before = this.targets.length;
    this.targets = this.targets.filter((t) => t.uid !== uid);
    return this.targets.length !== before;
  }

  forStack(apiKey: string): WebhookTarget[] {
    return this.targets.filter((t) => t.apiKey === apiKey);
  }

  all(): WebhookTarget[] {
    return [...this.targets];
  }

  replaceAll(targets: WebhookTarget[]): void {
    this.targets = [...targets];
  }
}

/** What the admin API shows: the secret's presence, never its value. */
export function publicTarget(t: WebhookTarget): Record<string, unknown> {
  return { uid: t.uid, api_key: t.apiKey, url: t.url, hmac: t.hmacSecret !== undefined, created_at: t.createdAt };
}
