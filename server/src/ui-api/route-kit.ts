// What every UI API route shares: its dependencies, the input schemas, and the helpers that answer the same way
// everywhere (a bad input is a 400 naming the field, an upstream failure a 502 with its reason).
import type { NextFunction, Request, Response } from 'express';
import { isExternalCallError } from '@pb/shared';
import { z } from 'zod';
import { sendError, sendInvalid } from '../http/errors';
import type { AllowedOrigins } from '../http/security';
import type { InstallationDirectory, Installation } from '../installations';
import type { ServedTable } from '../assignments/table-reader';
import type { ResultsEvents } from '../results/experience-results';
import type { EdgeKeyStore } from '../edge/edge-keys';
import type { AppTokenVerifier } from './app-token';
import type { SessionIssuer } from './session';
import type {
  CoverageTableSource,
  MirrorStatusSource,
  PersonalizeReader,
  QueuePort,
  StackEditor,
  StackReader,
} from './ports';

export interface UiApiDeps {
  verifier: AppTokenVerifier;
  sessions: SessionIssuer;
  installations: InstallationDirectory;
  readers(installation: Installation): { personalize: PersonalizeReader; stack: StackReader };
  /** CMA writes a person asks for (move entry variants, unlink an orphan). Unset: those routes answer 501. */
  editors?(installation: Installation): StackEditor;
  mirrorStatus: MirrorStatusSource;
  /** The projects' edge keys (the decision API's store). Unset: the edge-key routes answer 501. */
  edgeKeys?: Pick<EdgeKeyStore, 'read' | 'rotate'>;
  coverage: CoverageTableSource;
  queues: QueuePort;
  results: {
    tables: { get(projectUid: string): Promise<ServedTable | null> };
    events: ResultsEvents;
  };
  /** Our marketplace app's uid: app tokens minted for another app are refused. Unchecked when unset. */
  appUid?: string;
  /** The region this server talks to (lower case, e.g. `na`). */
  region: string;
  /** `*` or the exact origins the app is served from. */
  allowedOrigins: AllowedOrigins;
  log?: { warn(object: object, message: string): void };
}

export const uid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a uid');
export const sessionBody = z.object({ app_token: z.string().min(1).max(8192) });
export const uidParams = z.object({ uid });
export const experiencesQuery = z.object({ include: z.enum(['coverage']).optional() });

export const projectsQuery = z.object({ region: z.string().min(1).max(32).optional() });
export const moveBody = z
  .object({ fromVariantUid: uid, toVariantUid: uid })
  .refine((b) => b.fromVariantUid !== b.toVariantUid, {
    path: ['toVariantUid'],
    message: 'must differ from fromVariantUid',
  });
export const groupParams = z.object({ groupUid: uid });

export function badRequest(res: Response, error: z.ZodError): void {
  sendInvalid(res, error);
}

export type RouteHandler = (req: Request, res: Response, next: NextFunction) => void;

/** Upstream failures are answered 502 with their reason; anything else goes to the app's error handler. */
export function handler(deps: Pick<UiApiDeps, 'log'>) {
  return (route: (req: Request, res: Response) => Promise<void>): RouteHandler =>
    (req, res, next) => {
      route(req, res).catch((error: unknown) => {
        if (isExternalCallError(error)) {
          deps.log?.warn({ service: error.service, status: error.status, kind: error.kind }, 'ui api: upstream failed');
          sendError(res, 502, 'upstream', { reason: error.message });
          return;
        }
        next(error);
      });
    };
}

/**
 * Whether an experience is the installation's: one of its project's experiences, or one its stack's variant groups
 * still name (an experience deleted in Personalize whose group is left to clean up). Nothing else may be acted on.
 */
export async function ownsExperience(
  deps: Pick<UiApiDeps, 'readers'>,
  installation: Installation,
  experienceUid: string,
): Promise<boolean> {
  const readers = deps.readers(installation);
  if ((await readers.personalize.listExperiences()).some((e) => e.uid === experienceUid)) return true;
  return (await readers.stack.listGroups()).some(
    (g) => g.metadata?.projectUid === installation.projectUid && g.metadata.experienceUid === experienceUid,
  );
}

/** Best effort: the 5-minute sweep refreshes the report anyway when the queue is down. */
export async function queueMirror(
  deps: Pick<UiApiDeps, 'queues' | 'log'>,
  installation: Installation,
  experienceUid: string,
): Promise<void> {
  try {
    await deps.queues.enqueueMirror({
      stackApiKey: installation.stackApiKey,
      projectUid: installation.projectUid,
      experienceUid,
      trigger: 'manual',
    });
  } catch (error) {
    deps.log?.warn({ experienceUid, error: String(error) }, 'ui api: mirror not queued after a write');
  }
}

export function editorFor(
  deps: Pick<UiApiDeps, 'editors'>,
  installation: Installation,
  res: Response,
): StackEditor | null {
  const editor = deps.editors?.(installation) ?? null;
  if (editor === null) sendError(res, 501, 'not-implemented', { reason: 'this server cannot write to the CMA' });
  return editor;
}
