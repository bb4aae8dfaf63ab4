import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

/**
 * Every route declares its access policy with exactly one of these; the access guard refuses a route that
 * declares none, and a test walks every route to prove it (the twenty-server habit).
 */
export const ACCESS_METADATA = 'tongdao:access';

export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permissions'; permissions: string[] }
  /** A WeChat-store buyer's session of the route's `:shopId` (see apps/api/src/store/buyer-access.ts). */
  | { kind: 'buyer' };

/** No token needed: health, signup, login, platform callbacks (which verify their own signatures). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata<string, AccessPolicy>(ACCESS_METADATA, { kind: 'public' });

/** Any signed-in staff member of the merchant. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata<string, AccessPolicy>(ACCESS_METADATA, { kind: 'authenticated' }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing, expired or revoked token' }),
  );

/** Signed in and holding every listed permission (the owner holds all). */
export const RequirePermissions = (...permissions: string[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata<string, AccessPolicy>(ACCESS_METADATA, { kind: 'permissions', permissions }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing, expired or revoked token' }),
    ApiForbiddenResponse({ description: `needs ${permissions.join(', ')}` }),
  );
