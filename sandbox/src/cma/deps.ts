import type { Response } from 'express';
import type { Principal, SandboxContext, StackRecord } from '../core/contracts';
import type { Credentials } from '../core/credentials';
import type { Actor, CmsStore } from './cms-store';

/** What the CMA and delivery routers need: the context, the CMS state, and a way to say "state changed". */
export interface CmsDeps {
  ctx: SandboxContext;
  cms: CmsStore;
  credentials: Credentials;
  changed(): void;
  /**
   * The Personalize project connected to a stack, if any: a CMA client may not create a group (or variant)
   * claiming that project's metadata, which only Personalize's sync writes.
   */
  connectedProject(apiKey: string): string | undefined;
}

export interface Caller {
  stack: StackRecord;
  principal: Principal;
}

export const callerOf = (res: Response): Caller => {
  const caller = (res.locals as { caller?: Caller }).caller;
  if (caller === undefined) throw new Error('CMA route reached without the stack guard');
  return caller;
};

export const actorOf = (caller: Caller, at: Date): Actor => {
  const p = caller.principal;
  const uid = p.kind === 'user' ? p.userUid : p.kind === 'app' ? p.appUid : `mgmt_${p.stackApiKey}`;
  return { uid, at: at.toISOString() };
};
