import type { NextFunction, Request, Response } from 'express';
import { RequestContext, requestContextStorage } from '@tongdao/kernel';
import { requestIdFor } from '@tongdao/runtime';

/**
 * First middleware of every request: mints (or keeps) the request id and opens the ambient context that
 * log lines read. The access guard later swaps in the authenticated context.
 */
export function requestContextMiddleware(
  req: Request & { id?: string },
  res: Response,
  next: NextFunction,
): void {
  const requestId = requestIdFor(req, res);
  req.id = requestId;
  requestContextStorage.run({ ctx: RequestContext.anonymous(requestId, req.ip ?? null) }, next);
}
