// Several middlewares as one Express layer. Express' router matches and wraps every layer of every request; the
// security layer's parts (headers, CORS, rate limits) run on every request in a fixed order, so they are one layer
// and pay that once. Errors, thrown or rejected, go to Express' error handling as they would from separate layers.
import type { NextFunction, Request, RequestHandler, Response } from 'express';

function runFrom(
  handlers: readonly RequestHandler[],
  index: number,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  const handler = handlers[index];
  if (handler === undefined) {
    next();
    return;
  }
  try {
    const result: unknown = handler(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) next(error);
      else runFrom(handlers, index + 1, req, res, next);
    });
    if (result instanceof Promise) result.catch(next);
  } catch (thrown) {
    next(thrown);
  }
}

export function inSequence(...handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => runFrom(handlers, 0, req, res, next);
}
