import { Injectable } from '@nestjs/common';
import { ConflictError, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { AuditLog } from './audit/audit-log.service';
import { AuthService } from './auth.service';
import { hashPassword } from './auth/passwords';
import { MerchantRow } from './entities';
import { BUILT_IN_ROLES } from './permissions';
import { IdentityRepositories } from './repositories';

export interface SignupInput {
  merchantName: string;
  shopName: string;
  phone: string;
  password: string;
}

export interface SignupResult {
  merchantId: string;
  shopId: string;
  staffId: string;
  accessToken: string;
}

/** A new merchant: its first shop, its built-in roles, its owner (who logs in with the phone number). */
@Injectable()
export class SignupService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
  ) {}

  async signup(base: RequestContext, input: SignupInput): Promise<SignupResult> {
    const passwordHash = await hashPassword(input.password);
    if (await this.repos.staffByLogin(input.phone)) throw phoneTaken();
    try {
      return await this.tx.run(async () => {
        const now = new Date();
        const merchant: MerchantRow = {
          id: newId(),
          name: input.merchantName.trim(),
          status: 'active',
          refundLimitFen: 0,
          createdAt: now,
          updatedAt: now,
        };
        await this.repos.merchants().insert(merchant);
        const system = RequestContext.system(merchant.id, base.requestId);
        const shop = await this.repos.shops.insert(system, { name: input.shopName.trim(), status: 'active' });
        const roles = [];
        for (const role of BUILT_IN_ROLES) {
          roles.push(
            await this.repos.roles.insert(system, {
              code: role.code,
              name: role.name,
              permissions: [...role.permissions],
              orderScope: role.orderScope,
              builtIn: true,
            }),
          );
        }
        const owner = await this.repos.staff.insert(system, {
          name: input.merchantName.trim(),
          login: input.phone,
          passwordHash,
          status: 'active',
          isOwner: true,
          roleIds: [roles.find((r) => r.code === 'owner')!.id],
          shopIds: null,
        });
        const token = await this.auth.issue(owner, base.ip);
        const ctx = new RequestContext(
          base.requestId,
          merchant.id,
          {
            kind: 'staff',
            staffId: owner.id,
            name: owner.name,
            isOwner: true,
            permissions: new Set(),
            shopScope: 'all',
            orderScope: 'all',
            refundLimitFen: null,
          },
          base.ip,
        );
        await this.audit.record(ctx, {
          action: 'merchant.signup',
          targetType: 'merchant',
          targetId: merchant.id,
          summary: { merchantName: merchant.name, shopId: shop.id, phone: input.phone },
        });
        return {
          merchantId: merchant.id,
          shopId: shop.id,
          staffId: owner.id,
          accessToken: token.accessToken,
        };
      });
    } catch (error) {
      // Two signups racing for one phone: the unique index decides.
      if (isUniqueViolation(error)) throw phoneTaken();
      throw error;
    }
  }
}

function phoneTaken(): ConflictError {
  return new ConflictError('phone_taken', 'This phone number is already registered', [
    { field: 'phone', problem: 'already registered' },
  ]);
}
