/**
 * What happens around every module request, in order: it is logged (when it finishes, whatever the
 * outcome), counted against its organization's budget (429 with Retry-After past it), then exposed
 * to the fault plan (which may answer for the handler, delay it, hang, or let it commit and then
 * answer 504).
 */
import type { Request, RequestHandler, Response } from 'express';
import type { RateKind, SandboxModule } from './contracts';
import { apiErrors } from './errors';
import type { FaultDecision, FaultPlan } from './faults';
import { sendError } from './http';
import type { RateLimiter } from './rate-limiter';
import type { RequestLog } from './request-log';

export interface PipelineDeps {
  log: RequestLog;
  limiter: RateLimiter;
  faults: FaultPlan;
  /** The organization a request bills to (from its api_key or credentials). */
  orgOf: (req: Request) => string | undefined;
  /** How long a hung request holds its socket before the sandbox drops it. */
  hangMs: number;
  hung: Set<Response>;
}

interface Billing {
  org?: string;
  kind?: RateKind;
}

export const moduleFront =
  (module: SandboxModule, deps: PipelineDeps): RequestHandler =>
  (req, res, next) => {
    const at = Date.now();
    const fullPath = `${module.mount === '/' ? '' : module.mount}${req.path}`;
    const kind = module.rateKind(req.method, req.path) ?? undefined;
    const org = (module.orgOf?.(req.headers) ?? deps.orgOf(req)) || undefined;
    const billing: Billing = { ...(org === undefined ? {} : { org }), ...(kind === undefined ? {} : { kind }) };
    let logged = false;
    const record = (status: number): void => {
      if (logged) return;
      logged = true;
      deps.log.record({ method: req.method, path: fullPath, status, at, ...billing });
    };
    res.on('finish', () => record(res.statusCode));
    res.on('close', () => record(res.writableFinished ? res.statusCode : 0));

    if (kind !== undefined) {
      const decision = deps.limiter.take(org ?? 'anonymous', kind);
      if (!decision.ok) {
        sendError(res, apiErrors.rateLimited(decision.retryAfterSec, decision.limit));
        return;
      }
      res.setHeader('X-RateLimit-Limit', String(decision.limit));
      res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    }

    const fault = deps.faults.decide(req.method, fullPath);
    if (fault === null) {
      next();
      return;
    }
    applyFault(fault, req, res, next, { ...deps, limitFor: deps.limiter.current()[kind ?? 'write'] });
  };

const applyFault = (
  fault: FaultDecision,
  req: Request,
  res: Response,
  next: () => void,
  deps: PipelineDeps & { limitFor: number },
): void => {
  switch (fault.kind) {
    case '429':
      sendError(res, apiErrors.rateLimited(fault.retryAfterSec, deps.limitFor));
      return;
    case '500':
    case '502':
    case '503':
      sendError(res, apiErrors.upstream(Number(fault.kind)));
      return;
    case 'latency': {
      const timer = setTimeout(next, fault.latencyMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'hang': {
      // Never answer: the client's own timeout must fire. The socket is dropped after hangMs so a
      // forgotten client cannot hold it for ever.
      deps.hung.add(res);
      const timer = setTimeout(() => req.socket.destroy(), deps.hangMs);
      res.on('close', () => {
        clearTimeout(timer);
        deps.hung.delete(res);
      });
      return;
    }
    case 'commit-then-504': {
      // The handler runs (and its write lands); only its answer is swapped for a gateway timeout.
      const send = res.send.bind(res);
      let swapped = false;
      res.send = (body?: unknown) => {
        if (swapped) return send(body);
        swapped = true;
        const err = apiErrors.upstream(504);
        res.status(504).type('application/json');
        return send(JSON.stringify(err.body));
      };
      next();
      return;
    }
  }
};
