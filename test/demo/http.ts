// The demo's one way to call HTTP: JSON in, zod-checked JSON out, the sandbox's 429s waited out (it rate-limits like
// Contentstack does), and failures as errors that say in plain words which call failed and what came back.
import type { z } from 'zod';

export class DemoError extends Error {
  override readonly name = 'DemoError';
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Give up after this long, whatever happens (a hung server must not hang the demo). */
  timeoutMs?: number;
}

const MAX_RATE_LIMIT_WAITS = 20;

/** A short, secret-free description of a call: method and path, never headers or query values. */
function describe(method: string, url: string): string {
  const { pathname } = new URL(url);
  return `${method} ${pathname}`;
}

function briefly(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** Calls `url` and returns the status and the parsed JSON body (null when empty). */
export async function callJson(
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
      throw new DemoError(`${describe(method, url)} did not answer (${why})`);
    }
    const text = await response.text();
    if (response.status === 429 && attempt < MAX_RATE_LIMIT_WAITS) {
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 5) * 1000 : 1100);
      continue;
    }
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    return { status: response.status, body, headers: response.headers };
  }
}

/** Like `callJson`, but a non-2xx answer or a body that does not match `schema` is a DemoError. */
export async function requestJson<S extends z.ZodType>(
  schema: S,
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<z.infer<S>> {
  const { status, body } = await callJson(method, url, options);
  if (status < 200 || status >= 300) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    throw new DemoError(`${describe(method, url)} answered HTTP ${status}: ${briefly(text)}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DemoError(
      `${describe(method, url)} answered an unexpected body (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    );
  }
  return parsed.data;
}

/**
 * Polls `check` until it returns a value, or fails after `timeoutMs` saying what it waited for and what it saw last.
 * Returns the value and how long it took.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<{ value: T; waitedMs: number }> {
  const started = Date.now();
  let last = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return { value, waitedMs: Date.now() - started };
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new DemoError(
        `gave up after ${(options.timeoutMs / 1000).toFixed(0)} s waiting for ${what}${last === '' ? '' : ` (last error: ${last})`}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
