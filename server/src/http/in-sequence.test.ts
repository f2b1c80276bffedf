import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inSequence } from './in-sequence';

let base: string;
let server: Server;

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.append('x-ran', name);
    next();
  };

beforeAll(async () => {
  const app = express();
  app.use('/order', inSequence(mark('a'), mark('b'), mark('c')));
  app.use(
    '/stop',
    inSequence(mark('a'), (_req, res) => void res.status(429).end(), mark('never')),
  );
  app.use(
    '/throw',
    inSequence(mark('a'), () => {
      throw new Error('thrown');
    }),
  );
  app.use(
    '/reject',
    inSequence(mark('a'), () => Promise.reject(new Error('rejected'))),
  );
  app.use(
    '/next-error',
    inSequence((_req, _res, next) => next(new Error('passed')), mark('never')),
  );
  app.all('/{*rest}', (_req, res) => void res.status(200).end());
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).send(error.message);
  app.use(onError);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('middlewares in sequence as one layer', () => {
  it('runs each in order, then the rest of the app', async () => {
    const response = await fetch(`${base}/order`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ran')).toBe('a, b, c');
  });

  it('stops where one answers', async () => {
    const response = await fetch(`${base}/stop`);
    expect(response.status).toBe(429);
    expect(response.headers.get('x-ran')).toBe('a');
  });

  it.each([
    ['/throw', 'thrown'],
    ['/reject', 'rejected'],
    ['/next-error', 'passed'],
  ])('hands %s’s error to the error handler', async (path, message) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(message);
    expect(response.headers.get('x-ran') ?? '').not.toContain('never');
  });
});
