/**
 * `POST /v3/user-session` (log in with email and password, as `csdx auth:login` and the management SDK's
 * `client.login()` do) and `DELETE /v3/user-session` (log out the `authtoken` header). Mounted before the
 * stack guard: a login names no stack. Shapes follow the CMA's "Log in to your account" / "Log out" docs:
 * `{notice, user:{uid, email, authtoken, …}}`; a wrong email or password is 422 / 104.
 */
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { CmaError } from '../core/errors';
import { handle, header, validate } from '../core/http';
import type { CmsDeps } from './deps';

const loginSchema = z.object({
  user: z.object({
    email: z.string().min(1),
    password: z.string().min(1),
    // Two-factor codes are accepted and ignored: no seeded user has 2FA enabled.
    tfa_token: z.string().optional(),
  }),
});

const invalidLogin = (): CmaError =>
  new CmaError(422, {
    error_message: 'Looks like your email or password is invalid. Please try again or reset your password.',
    error_code: 104,
    errors: {},
  });

export const userSessionRouter = (deps: CmsDeps): Router => {
  const router = Router();

  router.post(
    '/user-session',
    handle((req, res) => {
      const body = validate(loginSchema, req.body, 'Login failed.', 104);
      const session = deps.credentials.login(
        body.user.email,
        body.user.password,
        () => `blt${randomBytes(12).toString('hex')}`,
      );
      if (session === undefined) throw invalidLogin();
      const { account, authtoken } = session;
      const at = deps.ctx.clock.now().toISOString();
      res.json({
        notice: 'Login Successful.',
        user: {
          uid: account.userUid,
          created_at: at,
          updated_at: at,
          email: account.email,
          username: account.email.split('@')[0],
          first_name: account.firstName,
          last_name: account.lastName,
          org_uid: [account.orgUid],
          shared_org_uid: [],
          active: true,
          failed_attempts: 0,
          authtoken,
          roles: [],
        },
      });
    }),
  );

  router.delete(
    '/user-session',
    handle((req, res) => {
      const authtoken = header(req, 'authtoken');
      if (authtoken === undefined || !deps.credentials.logout(authtoken)) {
        throw new CmaError(401, {
          error_message: "You're not allowed in here unless you're logged in.",
          error_code: 105,
          errors: { authtoken: ['is not valid.'] },
        });
      }
      res.json({ notice: "You've logged out successfully." });
    }),
  );

  return router;
};
