import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { BuyerSession } from '@tongdao/storefront';
import { ACCESS_METADATA, AccessPolicy } from '../http/access.decorators';

const BUYER_SESSION = Symbol('tongdao:buyer-session');
type BuyerRequest = Request & { [BUYER_SESSION]?: BuyerSession };

/**
 * A WeChat-store route for a signed-in buyer: `Authorization: Bearer <buyer token>` from
 * POST /store/v1/shops/:shopId/auth/wechat, issued for the route's `:shopId` (another shop's → 403 wrong_shop).
 * Staff tokens are refused (401), as buyer tokens are on staff routes.
 */
export const BuyerAccess = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata<string, AccessPolicy>(ACCESS_METADATA, { kind: 'buyer' }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing, expired or signed-out buyer token' }),
    ApiForbiddenResponse({ description: 'wrong_shop: the token was issued for another shop' }),
  );

/** The access guard's hand-over: the buyer session it admitted this request with. */
export function attachBuyer(req: Request, session: BuyerSession): void {
  (req as BuyerRequest)[BUYER_SESSION] = session;
}

/** The BuyerSession of a @BuyerAccess() route (a programming error anywhere else). */
export const CurrentBuyer = createParamDecorator((_: unknown, execution: ExecutionContext): BuyerSession => {
  const session = execution.switchToHttp().getRequest<BuyerRequest>()[BUYER_SESSION];
  if (!session) throw new Error('@CurrentBuyer() used on a route without @BuyerAccess()');
  return session;
});
