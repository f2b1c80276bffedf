// `requireSession`: the gate of every UI route. It reads `Authorization: Bearer <session>`, verifies it and puts the
// session on `res.locals.session`; otherwise it answers 401 with the reason. `sessionAuthorizer` adapts the same
// check to the results router's `Authorize` port.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authorize } from '../results/authorize';
import type { InstallationDirectory } from '../installations';
import type { SessionIssuer, SessionFailure, UiSession } from './session';

export type SessionLocals = { session: UiSession };

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  return header !== undefined && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

async function sessionOf(
  sessions: SessionIssuer,
  req: Request,
): Promise<{ ok: true; session: UiSession } | { ok: false; reason: SessionFailure }> {
  const token = bearer(req);
  if (token === null || token === '') return { ok: false, reason: 'session-missing' };
  return sessions.verify(token);
}

export function requireSession(sessions: SessionIssuer): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void sessionOf(sessions, req).then(
      (answer) => {
        if (!answer.ok) {
          res
            .status(401)
            .setHeader('WWW-Authenticate', 'Bearer')
            .json({ error: 'unauthorized', reason: answer.reason });
          return;
        }
        (res.locals as SessionLocals).session = answer.session;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/** The session found by `requireSession` (call only behind it). */
export function sessionFrom(res: Response): UiSession {
  const session = (res.locals as Partial<SessionLocals>).session;
  if (session === undefined) throw new Error('sessionFrom() used on a route without requireSession');
  return session;
}

/** The results router's `Authorize` port over UI sessions: the session's stack must be installed. */
export function sessionAuthorizer(sessions: SessionIssuer, installations: InstallationDirectory): Authorize {
  return async (req) => {
    const answer = await sessionOf(sessions, req);
    if (!answer.ok) return null;
    const installation = await installations.forStack(answer.session.stackApiKey);
    return installation === undefined
      ? null
      : { stackApiKey: installation.stackApiKey, projectUid: installation.projectUid };
  };
}
