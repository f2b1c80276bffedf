// `requireSession`: the gate of every UI route. It reads `Authorization: Bearer <session>`, verifies it (401 with the
// reason otherwise), then checks that the installation the session was issued for is still the stack's current one
// (403 otherwise: uninstalled, or uninstalled and installed again) and puts both on `res.locals`. Everything a route
// reads or does is then the session's own installation's. `sessionAuthorizer` adapts the same checks to the results
// router's `Authorize` port.
import { sendError } from '../http/errors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Authorize } from '../results/authorize';
import type { Installation, InstallationDirectory } from '../installations';
import type { SessionIssuer, SessionFailure, UiSession } from './session';

export type SessionLocals = { session: UiSession; installation?: Installation };

export type InstallationRefusal = 'stack-not-installed' | 'installation-not-current';

/**
 * The stack's installation if it is the one `claims` were issued for: same organization, and the same marketplace
 * installation (the operator-configured stack has none: every installation of the app on it is accepted).
 */
export async function currentInstallation(
  installations: InstallationDirectory,
  claims: Pick<UiSession, 'stackApiKey' | 'organizationUid' | 'installationUid'>,
): Promise<{ ok: true; installation: Installation } | { ok: false; reason: InstallationRefusal }> {
  const installation = await installations.forStack(claims.stackApiKey);
  if (installation === undefined || installation.organizationUid !== claims.organizationUid)
    return { ok: false, reason: 'stack-not-installed' };
  if (installation.installationUid !== undefined && installation.installationUid !== claims.installationUid)
    return { ok: false, reason: 'installation-not-current' };
  return { ok: true, installation };
}

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

/**
 * The gate. Given the installation directory it also refuses (403) a session whose installation is no longer the
 * stack's current one and puts that installation on `res.locals` (`installationFrom`); every UI route passes it.
 */
export function requireSession(sessions: SessionIssuer, installations?: InstallationDirectory): RequestHandler {
  async function gate(req: Request, res: Response): Promise<boolean> {
    const answer = await sessionOf(sessions, req);
    if (!answer.ok) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'unauthorized', { reason: answer.reason });
      return false;
    }
    const locals = res.locals as SessionLocals;
    locals.session = answer.session;
    if (installations === undefined) return true;
    const current = await currentInstallation(installations, answer.session);
    if (!current.ok) {
      sendError(res, 403, 'forbidden', { reason: current.reason });
      return false;
    }
    locals.installation = current.installation;
    return true;
  }
  return (req: Request, res: Response, next: NextFunction) => {
    void gate(req, res).then(
      (pass) => {
        if (pass) next();
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

/** The installation checked by `requireSession(sessions, installations)` (call only behind it). */
export function installationFrom(res: Response): Installation {
  const installation = (res.locals as Partial<SessionLocals>).installation;
  if (installation === undefined) throw new Error('installationFrom() used behind a gate without the directory');
  return installation;
}

/**
 * The results router's `Authorize` port over UI sessions: the session must be valid and its installation the stack's
 * current one, else the caller is nobody (401).
 */
export function sessionAuthorizer(sessions: SessionIssuer, installations: InstallationDirectory): Authorize {
  return async (req) => {
    const answer = await sessionOf(sessions, req);
    if (!answer.ok) return null;
    const current = await currentInstallation(installations, answer.session);
    return current.ok
      ? { stackApiKey: current.installation.stackApiKey, projectUid: current.installation.projectUid }
      : null;
  };
}
