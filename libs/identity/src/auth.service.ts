import { Injectable } from '@nestjs/common';
import { RequestContext, UnauthenticatedError } from '@tongdao/kernel';

@Injectable()
export class AuthService {
  /** Resolves an access token to the tenant-scoped context of its staff member. */
  async authenticate(_token: string, _base: RequestContext): Promise<RequestContext> {
    throw new UnauthenticatedError();
  }
}
