import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  Id,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  toPage,
} from '@tongdao/kernel';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { AuditLog } from './audit/audit-log.service';
import { AuthService } from './auth.service';
import { hashPassword } from './auth/passwords';
import { RoleRow, StaffRow } from './entities';
import { outsideActorGrant, privilegeEscalation } from './grants';
import { IdentityRepositories } from './repositories';
import { ShopsService } from './shops.service';
import { StaffView, staffView } from './views';

export interface CreateStaffInput {
  name: string;
  login: string;
  password: string;
  roleIds: string[];
  shopIds?: string[] | null;
}

export interface UpdateStaffInput {
  name?: string;
  roleIds?: string[];
  shopIds?: string[] | null;
  status?: 'active' | 'disabled';
  password?: string;
}

@Injectable()
export class StaffService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly shops: ShopsService,
    private readonly auth: AuthService,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<StaffView>> {
    const rows = await this.repos.staff.pageRows(ctx, query);
    return toPage(rows, query.limit ?? 20, staffView);
  }

  async get(ctx: RequestContext, id: Id): Promise<StaffView> {
    return staffView(await this.repos.staff.getById(ctx, id));
  }

  async create(ctx: RequestContext, input: CreateStaffInput): Promise<StaffView> {
    const login = input.login.toLowerCase();
    await this.checkGrant(ctx, input.roleIds, input.shopIds ?? null);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.tx.run(async () => {
        if (await this.repos.staffByLogin(login)) throw loginTaken();
        const staff = await this.repos.staff.insert(ctx, {
          name: input.name.trim(),
          login,
          passwordHash,
          status: 'active',
          isOwner: false,
          roleIds: [...new Set(input.roleIds)],
          shopIds: input.shopIds ? [...new Set(input.shopIds)] : null,
        });
        await this.audit.record(ctx, {
          action: 'staff.create',
          targetType: 'staff',
          targetId: staff.id,
          summary: { name: staff.name, login, roleIds: staff.roleIds, shopIds: staff.shopIds },
        });
        return staffView(staff);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw loginTaken();
      throw error;
    }
  }

  async update(ctx: RequestContext, id: Id, patch: UpdateStaffInput): Promise<StaffView> {
    const staff = await this.repos.staff.getById(ctx, id);
    if (staff.isOwner) {
      if (!ctx.actor?.isOwner)
        throw new ForbiddenError('owner_protected', 'Only the owner can change the owner');
      if (patch.status === 'disabled') {
        throw new ConflictError('owner_cannot_be_disabled', 'The owner cannot be disabled', [
          { field: 'status', problem: 'the owner is always active' },
        ]);
      }
      if (patch.roleIds !== undefined || patch.shopIds !== undefined) {
        throw new ConflictError('owner_roles_fixed', "The owner's roles and shops cannot change", [
          {
            field: patch.roleIds !== undefined ? 'roleIds' : 'shopIds',
            problem: 'the owner holds every role and shop',
          },
        ]);
      }
    }
    if (!staff.isOwner) await this.checkTarget(ctx, staff);
    if (patch.roleIds !== undefined || patch.shopIds !== undefined) {
      await this.checkGrant(
        ctx,
        patch.roleIds ?? staff.roleIds,
        patch.shopIds === undefined ? staff.shopIds : patch.shopIds,
      );
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : null;
    return this.tx.run(async () => {
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name.trim() !== staff.name) {
        changes.name = [staff.name, patch.name.trim()];
        staff.name = patch.name.trim();
      }
      if (patch.roleIds !== undefined) {
        changes.roleIds = [staff.roleIds, patch.roleIds];
        staff.roleIds = [...new Set(patch.roleIds)];
      }
      if (patch.shopIds !== undefined) {
        changes.shopIds = [staff.shopIds, patch.shopIds];
        staff.shopIds = patch.shopIds ? [...new Set(patch.shopIds)] : null;
      }
      if (patch.status !== undefined && patch.status !== staff.status) {
        changes.status = [staff.status, patch.status];
        staff.status = patch.status;
      }
      if (passwordHash) {
        changes.password = 'changed';
        staff.passwordHash = passwordHash;
      }
      await this.repos.staff.save(ctx, staff);
      if (staff.status === 'disabled' || passwordHash) await this.auth.revokeAll(staff.id);
      await this.audit.record(ctx, {
        action: 'staff.update',
        targetType: 'staff',
        targetId: id,
        summary: changes,
      });
      return staffView(staff);
    });
  }

  /** Roles and shops must be the tenant's, and nobody grants more than they hold (the owner excepted). */
  private async checkGrant(ctx: RequestContext, roleIds: string[], shopIds: string[] | null): Promise<void> {
    const unique = [...new Set(roleIds)];
    const roles = await this.repos.roles.findByIds(ctx, unique);
    if (roles.length !== unique.length) {
      const known = new Set(roles.map((r) => r.id));
      throw new ValidationFailedError(
        'unknown_role',
        'Some roles do not exist',
        unique.filter((id) => !known.has(id)).map((id) => ({ field: 'roleIds', problem: `no role ${id}` })),
      );
    }
    if (roles.some((r: RoleRow) => r.builtIn && r.code === 'owner')) {
      throw new ValidationFailedError(
        'owner_role_not_assignable',
        'The owner role belongs to the owner alone',
        [{ field: 'roleIds', problem: 'owner cannot be granted' }],
      );
    }
    if (shopIds) await this.shops.assertAllExist(ctx, shopIds);
    const details = outsideActorGrant(
      ctx,
      roles.flatMap((r) => r.permissions),
      shopIds,
      { permissions: 'roleIds', shopIds: 'shopIds' },
    );
    if (details.length > 0) throw privilegeEscalation('You cannot grant more than you hold', details);
  }

  /** Editing an account stronger than one's own (its password, its status) would be an escalation too. */
  private async checkTarget(ctx: RequestContext, target: StaffRow): Promise<void> {
    const roles = await this.repos.roles.findByIds(ctx, target.roleIds);
    const details = outsideActorGrant(
      ctx,
      roles.flatMap((r) => r.permissions),
      target.shopIds,
      { permissions: 'id', shopIds: 'id' },
    );
    if (details.length > 0) {
      throw privilegeEscalation('This staff member holds permissions or shops you do not', details);
    }
  }
}

function loginTaken(): ConflictError {
  return new ConflictError('login_taken', 'This login is already used', [
    { field: 'login', problem: 'already used' },
  ]);
}
