import { Tenant } from '../state/model';

export interface EndpointCall {
  tenant: Tenant;
  params: Record<string, string>;
  /** `biz`, parsed; undefined on the auth endpoints. */
  biz: unknown;
}

export interface EndpointResult {
  data: object | null;
  /** The call did its work but its answer is to be withheld (timeout-after-store). */
  withhold?: boolean;
}

/** One path of the open API. `auth` endpoints are signed but carry no access_token and no biz. */
export interface Endpoint {
  path: string;
  kind: 'open' | 'auth';
  handle(call: EndpointCall): EndpointResult;
}

export interface EndpointGroup {
  endpoints(): Endpoint[];
}

export const ENDPOINT_GROUPS = Symbol('ERP_ENDPOINT_GROUPS');
