import { Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { AuditLog } from './audit/audit-log.service';
import { PERMISSIONS, Permission, isPermission } from './permissions';
import { IdentityRepositories } from './repositories';
import { RoleView, roleView } from './views';

export interface CreateRoleInput {
  code: string;
  name: string;
  permissions: string[];
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

  async create(ctx: RequestContext, input: CreateRoleInput): Promise<RoleView> {
    const unknown = input.permissions.filter((p) => !isPermission(p));
    if (unknown.length > 0) {
      throw new ValidationFailedError(
        'unknown_permission',
        'Some permissions do not exist',
        unknown.map((p) => ({ field: 'permissions', problem: `unknown permission ${p}` })),
      );
    }
    const beyond = input.permissions.filter((p) => !ctx.can(p));
    if (beyond.length > 0) {
      throw new ForbiddenError(
        'privilege_escalation',
        'A role cannot grant permissions you do not hold',
        beyond.map((p) => ({ field: 'permissions', problem: `you do not hold ${p}` })),
      );
    }
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
}

function codeTaken(): ConflictError {
  return new ConflictError('role_code_taken', 'A role with this code exists', [
    { field: 'code', problem: 'already used' },
  ]);
}
