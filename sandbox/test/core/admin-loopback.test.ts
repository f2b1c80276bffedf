import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { loopbackOnly } from '../../src/admin/index';

/** Runs the guard with a caller at `address`; answers what it did. */
const guard = (address: string): { passed: boolean; status?: number; body?: unknown } => {
  const outcome: { passed: boolean; status?: number; body?: unknown } = { passed: false };
  const req = { socket: { remoteAddress: address } } as unknown as Request;
  const res = {
    setHeader: () => res,
    status(code: number) {
      outcome.status = code;
      return res;
    },
    json(body: unknown) {
      outcome.body = body;
      return res;
    },
  } as unknown as Response;
  const next: NextFunction = () => {
    outcome.passed = true;
  };
  void loopbackOnly()(req, res, next);
  return outcome;
};

describe('admin API guard', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('lets %s through', (address) => {
    expect(guard(address).passed).toBe(true);
  });

  it.each(['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7'])('answers %s with 403', (address) => {
    const outcome = guard(address);
    expect(outcome.passed).toBe(false);
    expect(outcome.status).toBe(403);
    expect(outcome.body).toMatchObject({ error_code: 162 });
  });
});
