import { Injectable } from '@nestjs/common';
import { ConflictError, Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { AuditLog } from './audit/audit-log.service';
import { RoleRow } from './entities';
import { outsideActorGrant, privilegeEscalation } from './grants';
import { PERMISSIONS, Permission, isPermission } from './permissions';
import { IdentityRepositories } from './repositories';
import { RoleView, roleView } from './views';

export interface CreateRoleInput {
  code: string;
  name: string;
  permissions: string[];
}

export interface UpdateRoleInput {
  name?: string;
  permissions?: string[];
}

@Injectable()
export class RolesService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  permissions(): Array<{ code: Permission; description: string }> {
    return Object.entries(PERMISSIONS).map(([code, description]) => ({
      code: code as Permission,
      description,
    }));
  }

  async list(ctx: RequestContext): Promise<RoleView[]> {
    const rows = await this.repos.roles.find(ctx, {}, { id: 'ASC' });
    return rows.map(roleView);
  }

  async get(ctx: RequestContext, id: Id): Promise<RoleView> {
    return roleView(await this.repos.roles.getById(ctx, id));
  }

  async create(ctx: RequestContext, input: CreateRoleInput): Promise<RoleView> {
    assertKnown(input.permissions);
    assertGrantable(ctx, input.permissions, 'A role cannot grant permissions you do not hold');
    try {
      return await this.tx.run(async () => {
        if (await this.repos.roles.findOne(ctx, { code: input.code })) throw codeTaken();
        const role = await this.repos.roles.insert(ctx, {
          code: input.code,
          name: input.name.trim(),
          permissions: [...new Set(input.permissions)],
          orderScope: 'all',
          builtIn: false,
        });
        await this.audit.record(ctx, {
          action: 'role.create',
          targetType: 'role',
          targetId: role.id,
          summary: { code: role.code, permissions: role.permissions },
        });
        return roleView(role);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw codeTaken();
      throw error;
    }
  }

  /** Custom roles only; the change reaches holders on their next request (the actor is built per request). */
  async update(ctx: RequestContext, id: Id, patch: UpdateRoleInput): Promise<RoleView> {
    if (patch.permissions) assertKnown(patch.permissions);
    return this.tx.run(async () => {
      const role = await this.editable(ctx, id);
      if (patch.permissions) {
        assertGrantable(ctx, patch.permissions, 'A role cannot grant permissions you do not hold');
      }
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name.trim() !== role.name) {
        changes.name = [role.name, patch.name.trim()];
        role.name = patch.name.trim();
      }
      if (patch.permissions) {
        const next = [...new Set(patch.permissions)];
        changes.permissions = [role.permissions, next];
        role.permissions = next;
      }
      await this.repos.roles.save(ctx, role);
      await this.audit.record(ctx, {
        action: 'role.update',
        targetType: 'role',
        targetId: role.id,
        summary: changes,
      });
      return roleView(role);
    });
  }

  async remove(ctx: RequestContext, id: Id): Promise<void> {
    await this.tx.run(async () => {
      const role = await this.editable(ctx, id);
      // role_ids is a JSON column; a merchant's staff list is small, so filtering here beats dialect JSON SQL.
      const holders = (await this.repos.staff.find(ctx)).filter((s) => s.roleIds.includes(id));
      if (holders.length > 0) {
        throw new ConflictError('role_in_use', 'Staff members still hold this role', [
          { field: 'id', problem: `held by ${holders.length} staff member(s)` },
        ]);
      }
      await this.repos.roles.delete(ctx, { id });
      await this.audit.record(ctx, {
        action: 'role.delete',
        targetType: 'role',
        targetId: id,
        summary: { code: role.code },
      });
    });
  }

  /** A custom role of this tenant that the actor could have created themselves. */
  private async editable(ctx: RequestContext, id: Id): Promise<RoleRow> {
    const role = await this.repos.roles.getById(ctx, id);
    if (role.builtIn) {
      throw new ConflictError('built_in_role', 'Built-in roles cannot be changed or deleted', [
        { field: 'id', problem: `${role.code} is built in` },
      ]);
    }
    assertGrantable(ctx, role.permissions, 'This role holds permissions you do not hold');
    return role;
  }
}

function assertKnown(permissions: readonly string[]): void {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new ValidationFailedError(
      'unknown_permission',
      'Some permissions do not exist',
      unknown.map((p) => ({ field: 'permissions', problem: `unknown permission ${p}` })),
    );
  }
}

function assertGrantable(ctx: RequestContext, permissions: readonly string[], message: string): void {
  const details = outsideActorGrant(ctx, permissions, undefined, {
    permissions: 'permissions',
    shopIds: 'shopIds',
  });
  if (details.length > 0) throw privilegeEscalation(message, details);
}

function codeTaken(): ConflictError {
  return new ConflictError('role_code_taken', 'A role with this code exists', [
    { field: 'code', problem: 'already used' },
  ]);
}
