import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { isPermission } from '@tongdao/identity';
import { TestApp, startTestApp } from '@tongdao/testing';
import { ACCESS_METADATA, AccessPolicy } from '../apps/api/src/http/access.decorators';

const PUBLIC_ALLOWED = new Set([
  'POST /admin/v1/signup',
  'POST /admin/v1/auth/login',
  'GET /health/live',
  'GET /health/ready',
  // The WeChat store: what a buyer may see before signing in, and the sign-in itself.
  'GET /store/v1/shops/:shopId/auth/wechat',
  'POST /store/v1/shops/:shopId/auth/wechat',
  'GET /store/v1/shops/:shopId/products',
  'GET /store/v1/shops/:shopId/products/:productId',
  'GET /store/v1/shops/:shopId/shares/:code',
]);

describe('every route declares its access policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => t.close());

  it('has a policy on every route, and only the expected routes are public', () => {
    const reflector = t.app.get(Reflector);
    const routes: Array<{ route: string; policy: AccessPolicy | undefined }> = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as new () => object;
        if (!controller?.prototype) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_METADATA, [
            handler,
            controller,
          ]);
          routes.push({
            route: `${method} /${[base, path].filter((p) => p && p !== '/').join('/')}`,
            policy,
          });
        }
      }
    }
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.policy).map((r) => r.route)).toEqual([]);
    const publicRoutes = routes
      .filter((r) => r.policy?.kind === 'public')
      .map((r) => r.route.replace(/\/+/g, '/'));
    expect(publicRoutes.filter((r) => !PUBLIC_ALLOWED.has(r) && !r.includes('/channels/'))).toEqual([]);
    const adminRoutes = routes.filter((r) => r.route.replace(/\/+/g, '/').includes(' /admin/v1/'));
    expect(adminRoutes.length).toBeGreaterThan(20);
    expect(
      adminRoutes
        .filter((r) => r.policy?.kind === 'public')
        .map((r) => r.route.replace(/\/+/g, '/'))
        .sort(),
    ).toEqual(['POST /admin/v1/auth/login', 'POST /admin/v1/signup']);
    // Buyer sessions are per shop: a buyer route must name the shop the guard checks the session against,
    // and every other /store/v1 route is one of the public ones above.
    const normalised = routes.map((r) => ({ ...r, route: r.route.replace(/\/+/g, '/') }));
    const buyerRoutes = normalised.filter((r) => r.policy?.kind === 'buyer');
    expect(buyerRoutes.length).toBeGreaterThanOrEqual(6);
    expect(buyerRoutes.filter((r) => !/^[A-Z]+ \/store\/v1\/shops\/:shopId\//.test(r.route))).toEqual([]);
    expect(
      normalised
        .filter((r) => r.route.includes(' /store/v1/') && !r.route.includes('/channels/'))
        .filter(
          (r) => r.policy?.kind !== 'buyer' && !(r.policy?.kind === 'public' && PUBLIC_ALLOWED.has(r.route)),
        )
        .map((r) => `${r.route}: ${r.policy?.kind}`),
    ).toEqual([]);
    // A misspelt permission would lock out everyone but the owner, silently.
    const unknown = routes.flatMap((r) =>
      r.policy?.kind === 'permissions'
        ? r.policy.permissions.filter((p) => !isPermission(p)).map((p) => `${r.route}: ${p}`)
        : [],
    );
    expect(unknown).toEqual([]);
  });
});
