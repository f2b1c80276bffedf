/**
 * The query module seen from a route: list options read from the request, and a refused query turned into the
 * calling API's error (the CMA answers 422, the CDA 400; both with `{error_message, error_code, errors}`, the
 * refused operator named in the message, under `errors.query` or `errors.<parameter>` for a list parameter).
 */
import type { Request } from 'express';
import { CmaError } from '../core/errors';
import { queryString } from '../core/http';
import { parseListOptions } from './list-params';
import type { ListOptions } from './list-params';
import { QueryError } from './query-error';

export type QueryApi = 'cma' | 'cda';

/** Assumption: the real code for a refused query is not public; 141 is the code the CMA uses for invalid input. */
const QUERY_ERROR_CODE = 141;

export const queryRefused = (error: QueryError, api: QueryApi): CmaError =>
  new CmaError(api === 'cma' ? 422 : 400, {
    error_message: error.message,
    error_code: QUERY_ERROR_CODE,
    errors: { [error.parameter]: [error.message] },
  });

export const listOptionsOf = (req: Request, api: QueryApi, defaultLimit?: number): ListOptions => {
  try {
    return parseListOptions(req.query, defaultLimit);
  } catch (error) {
    if (error instanceof QueryError) throw queryRefused(error, api);
    throw error;
  }
};

/** `locale=` with no value (the delivery SDK sends it) means the master locale, like no `locale` at all. */
export const localeParam = (req: Request): string | undefined => {
  const locale = queryString(req, 'locale');
  return locale === undefined || locale === '' ? undefined : locale;
};
