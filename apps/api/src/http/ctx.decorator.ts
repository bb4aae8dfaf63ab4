import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestContext, currentRequestContext } from '@tongdao/kernel';

/** The RequestContext built for this request (tenant and actor once the access guard has run). */
export const Ctx = createParamDecorator((_: unknown, execution: ExecutionContext): RequestContext => {
  const req = execution.switchToHttp().getRequest<Request & { id?: string }>();
  return currentRequestContext() ?? RequestContext.anonymous(String(req.id ?? 'unknown'), req.ip ?? null);
});
