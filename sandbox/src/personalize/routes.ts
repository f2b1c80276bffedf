/**
 * The Personalize Management API routes (mounted at `/personalize`). Lists are bare arrays; project-scoped
 * routes need `x-project-uid`; callers authenticate with `authtoken` or `authorization: Bearer <app token>`
 * (management tokens are refused). App tokens need `personalize:read` to read and `personalize:manage` to write.
 */
import express, { Router } from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { CredentialRegistry, Principal } from '../core/contracts';
import { PersonalizeError, issuesFromZod, perr } from './errors';
import type { Project } from './model';
import {
  attributeCreateBody,
  attributeUpdateBody,
  audienceBody,
  eventCreateBody,
  eventUpdateBody,
  experienceCreateBody,
  experienceUpdateBody,
  priorityBody,
  projectCreateBody,
  versionBody,
} from './requests';
import type { PersonalizeService } from './service';
import { attributeView, audienceView, eventView, experienceView, projectView, versionView } from './views';

interface Locals {
  principal: Principal;
  project: Project;
}

const locals = (res: Response): Locals => res.locals as Locals;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw perr.validation(issuesFromZod(parsed.error, body));
  return parsed.data;
}

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function createPersonalizeRouter(service: PersonalizeService, credentials: CredentialRegistry): Router {
  const router = Router();

  const authenticate: RequestHandler = (req, res, next) => {
    const principal = credentials.resolve({
      authtoken: single(req.headers.authtoken),
      authorization: req.headers.authorization,
    });
    if (principal === undefined || principal.kind === 'management-token') throw perr.notLoggedIn();
    if (principal.kind === 'app') {
      const needed =
        req.method === 'GET' || req.method === 'HEAD'
          ? ['personalize:read', 'personalize:manage']
          : ['personalize:manage'];
      if (!needed.some((s) => principal.scopes.includes(s))) throw perr.forbidden();
    }
    locals(res).principal = principal;
    next();
  };

  const projectScope: RequestHandler = (req, res, next) => {
    const uid = single(req.headers['x-project-uid']);
    if (uid === undefined || uid === '') throw perr.projectUidRequired();
    locals(res).project = service.project(locals(res).principal, uid);
    next();
  };

  // Body parsing first, as in the real service: malformed JSON is a 400 whatever the route or credential.
  router.use(express.json({ limit: '1mb' }));

  // ---- projects
  router.get('/projects', authenticate, (req, res) => {
    const stack = typeof req.query['connectedStackApiKey'] === 'string' ? req.query['connectedStackApiKey'] : undefined;
    res.json(service.projectsFor(locals(res).principal, stack).map(projectView));
  });
  router.post('/projects', authenticate, (req, res) => {
    res.status(201).json(projectView(service.createProject(locals(res).principal, parse(projectCreateBody, req.body))));
  });
  router.get('/projects/:uid', authenticate, (req, res) => {
    res.json(projectView(service.project(locals(res).principal, String(req.params['uid']))));
  });

  // ---- attributes
  router.get('/attributes', authenticate, projectScope, (_req, res) => {
    res.json(service.attributes(locals(res).project).map(attributeView));
  });
  router.post('/attributes', authenticate, projectScope, (req, res) => {
    res
      .status(201)
      .json(attributeView(service.createAttribute(locals(res).project, parse(attributeCreateBody, req.body))));
  });
  router.get('/attributes/:uid', authenticate, projectScope, (req, res) => {
    res.json(attributeView(service.attribute(locals(res).project, String(req.params['uid']))));
  });
  router.put('/attributes/:uid', authenticate, projectScope, (req, res) => {
    const body = parse(attributeUpdateBody, req.body);
    res.json(attributeView(service.updateAttribute(locals(res).project, String(req.params['uid']), body)));
  });
  router.delete('/attributes/:uid', authenticate, projectScope, (req, res) => {
    service.deleteAttribute(locals(res).project, String(req.params['uid']));
    res.status(204).end();
  });

  // ---- events
  router.get('/events', authenticate, projectScope, (_req, res) => {
    res.json(service.events(locals(res).project).map(eventView));
  });
  router.post('/events', authenticate, projectScope, (req, res) => {
    res.status(201).json(eventView(service.createEvent(locals(res).project, parse(eventCreateBody, req.body))));
  });
  router.get('/events/:uid', authenticate, projectScope, (req, res) => {
    res.json(eventView(service.event(locals(res).project, String(req.params['uid']))));
  });
  router.put('/events/:uid', authenticate, projectScope, (req, res) => {
    const body = parse(eventUpdateBody, req.body);
    res.json(eventView(service.updateEvent(locals(res).project, String(req.params['uid']), body)));
  });
  router.delete('/events/:uid', authenticate, projectScope, (req, res) => {
    service.deleteEvent(locals(res).project, String(req.params['uid']));
    res.status(204).end();
  });

  // ---- audiences
  router.get('/audiences', authenticate, projectScope, (_req, res) => {
    res.json(service.audiences(locals(res).project).map(audienceView));
  });
  router.post('/audiences', authenticate, projectScope, (req, res) => {
    res.status(201).json(audienceView(service.createAudience(locals(res).project, parse(audienceBody, req.body))));
  });
  router.get('/audiences/:uid', authenticate, projectScope, (req, res) => {
    res.json(audienceView(service.audience(locals(res).project, String(req.params['uid']))));
  });
  router.put('/audiences/:uid', authenticate, projectScope, (req, res) => {
    const body = parse(audienceBody, req.body);
    res.json(audienceView(service.replaceAudience(locals(res).project, String(req.params['uid']), body)));
  });
  router.delete('/audiences/:uid', authenticate, projectScope, (req, res) => {
    service.deleteAudience(locals(res).project, String(req.params['uid']));
    res.status(204).end();
  });

  // ---- experiences
  const expView = (project: Project, uid: string): Record<string, unknown> => {
    const e = service.experience(project, uid);
    return experienceView(e, service.versions(e));
  };
  router.get('/experiences', authenticate, projectScope, (_req, res) => {
    const project = locals(res).project;
    res.json(service.experiences(project).map((e) => experienceView(e, service.versions(e))));
  });
  router.post('/experiences', authenticate, projectScope, (req, res) => {
    const project = locals(res).project;
    const { name, description, __type, targeting, metrics } = parse(experienceCreateBody, req.body);
    const e = service.createExperience(project, { name, description, __type, targeting, metrics });
    res.status(201).json(expView(project, e.uid));
  });
  router.get('/experiences/:uid', authenticate, projectScope, (req, res) => {
    res.json(expView(locals(res).project, String(req.params['uid'])));
  });
  router.put('/experiences/:uid', authenticate, projectScope, (req, res) => {
    const project = locals(res).project;
    const { _cms: _ignored, ...body } = parse(experienceUpdateBody, req.body);
    const e = service.updateExperience(project, String(req.params['uid']), body);
    res.json(expView(project, e.uid));
  });
  router.delete('/experiences/:uid', authenticate, projectScope, (req, res) => {
    service.deleteExperience(locals(res).project, String(req.params['uid']));
    res.status(204).end();
  });

  // ---- versions (newest first; there is no GET of a single version, as in the real API)
  router.get('/experiences/:uid/versions', authenticate, projectScope, (req, res) => {
    const e = service.experience(locals(res).project, String(req.params['uid']));
    res.json([...service.versions(e)].reverse().map(versionView));
  });
  router.post('/experiences/:uid/versions', authenticate, projectScope, (req, res) => {
    const project = locals(res).project;
    const experienceUid = String(req.params['uid']);
    service.experience(project, experienceUid);
    const body = parse(versionBody, req.body);
    res.status(201).json(versionView(service.writeVersion(project, experienceUid, undefined, body)));
  });
  router.put('/experiences/:uid/versions/:versionUid', authenticate, projectScope, (req, res) => {
    const project = locals(res).project;
    const experienceUid = String(req.params['uid']);
    service.experience(project, experienceUid);
    const body = parse(versionBody, req.body);
    res.json(versionView(service.writeVersion(project, experienceUid, String(req.params['versionUid']), body)));
  });

  // ---- priority
  router.get('/experiences-priority', authenticate, projectScope, (_req, res) => {
    res.json(service.priority(locals(res).project));
  });
  router.put('/experiences-priority', authenticate, projectScope, (req, res) => {
    const body = parse(priorityBody, req.body);
    res.json(service.setPriority(locals(res).project, Array.isArray(body) ? body : body.priorityOrder));
  });

  router.use((req: Request) => {
    throw perr.routeNotFound(req.method, `${req.baseUrl}${req.path}`);
  });
  router.use(personalizeErrors);
  return router;
}

const personalizeErrors: ErrorRequestHandler = (err: unknown, _req: Request, res: Response, next: NextFunction) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof PersonalizeError) {
    res.status(err.statusCode).json(err.body());
    return;
  }
  if (typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed') {
    const detail = err instanceof Error ? err.message : 'Malformed JSON';
    res.status(400).json(perr.malformedJson(detail).body());
    return;
  }
  if (typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.too.large') {
    res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' });
    return;
  }
  res.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
};
