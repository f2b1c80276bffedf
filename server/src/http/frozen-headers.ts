// Helmet's answers as one precomputed list. With static options (no per-request directive functions, which this app
// never passes), every helmet middleware sets the same headers on every response; running its fifteen middlewares
// per request only repeats that work on the hot path (GET /edge/manifest). So each profile runs once, at start-up,
// against a recorder, and the middleware replays what was recorded. Helmet stays the source of every value: an
// upgrade that changes a default changes the recording. `frozen-headers.test.ts` holds the replay equal to helmet.
import type { RequestHandler } from 'express';

/** What a helmet middleware did to a response: headers set (in order) and headers removed. */
export interface RecordedHeaders {
  readonly set: readonly (readonly [name: string, value: string])[];
  readonly removed: readonly string[];
}

/** Runs the middleware once against a response that only records; throws if it needs more than that. */
export function recordHeaders(middleware: RequestHandler): RecordedHeaders {
  const set: [string, string][] = [];
  const removed: string[] = [];
  let failure: unknown;
  let done = false;
  const recorder = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new TypeError(`header ${name}: expected a string value`);
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  // The request is empty on purpose: a middleware that reads it is not static and must not be frozen.
  const request = Object.freeze({});
  void middleware(request as never, recorder as never, (error?: unknown) => {
    failure = error;
    done = true;
  });
  if (!done) throw new Error('the middleware did not call next synchronously: it cannot be frozen');
  if (failure instanceof Error) throw failure;
  if (failure !== undefined) throw new Error('the middleware failed without an Error');
  return { set, removed };
}

/** A middleware that sets the recorded headers; the same answer as running the recorded middleware. */
export function frozenHeaders(middleware: RequestHandler): RequestHandler {
  const { set, removed } = recordHeaders(middleware);
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
