/**
 * The CMA's error taxonomy, answered once in one shape: `{error_message, error_code, errors}`.
 * Codes follow what the real service is known to send (105 not logged in, 109 bad api_key,
 * 118 content type not found, 141 object not found, 119/115 validation); where the real code is not
 * public the sandbox picks one and the README says so.
 */
export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  error_message: string;
  error_code: number;
  errors: FieldErrors;
}

export class CmaError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error_message);
    this.name = 'CmaError';
  }
}

const fail = (status: number, code: number, message: string, errors: FieldErrors = {}): CmaError =>
  new CmaError(status, { error_message: message, error_code: code, errors });

export const apiErrors = {
  apiKeyMissing: () => fail(412, 109, 'Api key is required.', { api_key: ['is required.'] }),
  apiKeyInvalid: () => fail(412, 109, 'Api key is not valid.', { api_key: ['is not valid.'] }),
  notLoggedIn: () =>
    fail(401, 105, "You're not allowed in here unless you're logged in.", { authtoken: ['is not valid.'] }),
  accessTokenInvalid: () => fail(412, 109, 'Access token is not valid.', { access_token: ['is not valid.'] }),
  contentTypeNotFound: (uid: string) =>
    fail(422, 118, `The Content Type '${uid}' was not found. Please try again.`, { uid: ['is not valid.'] }),
  entryNotFound: () => fail(404, 141, "The requested object doesn't exist.", { uid: ['is not valid.'] }),
  variantGroupNotFound: (uid: string) =>
    fail(404, 141, `Variant group '${uid}' was not found.`, { uid: ['is not valid.'] }),
  variantNotFound: (uid: string) => fail(404, 141, `Variant '${uid}' was not found.`, { uid: ['is not valid.'] }),
  entryVariantNotFound: () =>
    fail(404, 141, "The requested entry variant doesn't exist.", { variant_uid: ['is not valid.'] }),
  notBelong: (variantUid: string, contentTypeUid: string) =>
    fail(422, 141, `The Variant '${variantUid}' does not belong to the Content Type '${contentTypeUid}'.`, {
      variant_uid: ['is not valid.'],
    }),
  validation: (message: string, errors: FieldErrors, code = 119) => fail(422, code, message, errors),
  malformedJson: () =>
    fail(400, 100, 'Bad request. The request body is not valid JSON.', { body: ['is not valid JSON.'] }),
  notFoundRoute: (method: string, path: string) =>
    fail(404, 404, `The requested route ${method} ${path} does not exist.`, {}),
  rateLimited: (retryAfterSec: number, limit: number) =>
    new CmaError(
      429,
      { error_message: 'Too many requests. Please try again later.', error_code: 429, errors: {} },
      { 'Retry-After': String(retryAfterSec), 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0' },
    ),
  forbidden: (message: string) => fail(403, 162, message, {}),
  missingScope: (scope: string) =>
    fail(403, 162, `The app token lacks the scope this request needs.`, { scope: [`'${scope}' is required.`] }),
  upstream: (status: number) =>
    fail(status, status, status === 504 ? 'Gateway timeout.' : 'Something went wrong. Please try again later.'),
} as const;
