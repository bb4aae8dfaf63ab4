import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext, assertFen } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { AuditLog } from './audit/audit-log.service';
import { MerchantRow } from './entities';
import { IdentityRepositories } from './repositories';
import { MerchantView, merchantView } from './views';

@Injectable()
export class MerchantService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  async get(ctx: RequestContext): Promise<MerchantView> {
    return merchantView(await this.find(ctx));
  }

  async update(
    ctx: RequestContext,
    patch: { name?: string; refundLimitFen?: number },
  ): Promise<MerchantView> {
    if (patch.refundLimitFen !== undefined) assertFen(patch.refundLimitFen, 'refundLimitFen');
    return this.tx.run(async () => {
      const merchant = await this.find(ctx);
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name.trim() !== merchant.name) {
        changes.name = [merchant.name, patch.name.trim()];
        merchant.name = patch.name.trim();
      }
      if (patch.refundLimitFen !== undefined && patch.refundLimitFen !== merchant.refundLimitFen) {
        changes.refundLimitFen = [merchant.refundLimitFen, patch.refundLimitFen];
        merchant.refundLimitFen = patch.refundLimitFen;
      }
      merchant.updatedAt = new Date();
      await this.repos.merchants().save(merchant);
      await this.audit.record(ctx, {
        action: 'merchant.update',
        targetType: 'merchant',
        targetId: merchant.id,
        summary: changes,
      });
      return merchantView(merchant);
    });
  }

  /** The tenant's own row: found by the context's tenant id, never by a caller-supplied id. */
  private async find(ctx: RequestContext): Promise<MerchantRow> {
    const merchant = await this.repos.merchants().findOne({ where: { id: ctx.tenantId } });
    if (!merchant) throw new NotFoundError('merchant', ctx.tenantId);
    return merchant;
  }
}
