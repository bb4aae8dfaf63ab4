import { Injectable } from '@nestjs/common';
import { Tenant } from '../state/model';
import { ErpStore } from '../state/store';
import { erpErrors } from '../wire/errors';
import { Endpoint, EndpointCall, EndpointGroup, EndpointResult } from './endpoint';

const TOKEN_TTL_S = 30 * 24 * 3600;

/**
 * §5.1 self-built-app token calls. The ERP account is treated as authorised already, so `getInitToken` hands out
 * the current pair; `refreshToken` rotates it and the old access_token stops working at once.
 */
@Injectable()
export class AuthEndpoints implements EndpointGroup {
  constructor(private readonly store: ErpStore) {}

  endpoints(): Endpoint[] {
    return [
      { path: '/openWeb/auth/getInitToken', kind: 'auth', handle: (call) => this.initToken(call) },
      { path: '/openWeb/auth/refreshToken', kind: 'auth', handle: (call) => this.refresh(call) },
    ];
  }

  private initToken({ tenant, params }: EndpointCall): EndpointResult {
    if (params.grant_type !== 'authorization_code') throw erpErrors.commonParam('grant_type');
    if (!/^[0-9A-Za-z]{6}$/.test(params.code ?? '')) throw erpErrors.commonParam('code');
    return { data: tokenData(tenant) };
  }

  private refresh({ tenant, params }: EndpointCall): EndpointResult {
    if (params.grant_type !== 'refresh_token') throw erpErrors.commonParam('grant_type');
    if (!params.refresh_token || params.refresh_token !== tenant.refreshToken)
      throw erpErrors.badRefreshToken();
    tenant.accessToken = this.store.rng.hex(32);
    tenant.refreshToken = this.store.rng.hex(32);
    tenant.tokenExpired = false;
    return { data: tokenData(tenant) };
  }
}

function tokenData(tenant: Tenant): Record<string, unknown> {
  return {
    access_token: tenant.accessToken,
    expires_in: TOKEN_TTL_S,
    refresh_token: tenant.refreshToken,
    scope: 'all',
  };
}
