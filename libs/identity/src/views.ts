import { AuditEntry } from './audit/audit-entry.entity';
import { MerchantRow, RoleRow, ShopRow, StaffRow } from './entities';

export interface StaffView {
  id: string;
  name: string;
  login: string;
  status: 'active' | 'disabled';
  isOwner: boolean;
  roleIds: string[];
  shopIds: string[] | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoleView {
  id: string;
  code: string;
  name: string;
  permissions: string[];
  orderScope: 'all' | 'assigned';
  builtIn: boolean;
}

export interface ShopView {
  id: string;
  name: string;
  status: 'active' | 'closed';
  createdAt: string;
}

export interface MerchantView {
  id: string;
  name: string;
  status: string;
  refundLimitFen: number;
  createdAt: string;
}

export interface AuditEntryView {
  id: string;
  actorStaffId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
  requestId: string;
  ip: string | null;
  at: string;
}

export const staffView = (s: StaffRow): StaffView => ({
  id: s.id,
  name: s.name,
  login: s.login,
  status: s.status,
  isOwner: s.isOwner,
  roleIds: s.roleIds,
  shopIds: s.shopIds,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const roleView = (r: RoleRow): RoleView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  permissions: r.permissions,
  orderScope: r.orderScope,
  builtIn: r.builtIn,
});

export const shopView = (s: ShopRow): ShopView => ({
  id: s.id,
  name: s.name,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
});

export const merchantView = (m: MerchantRow): MerchantView => ({
  id: m.id,
  name: m.name,
  status: m.status,
  refundLimitFen: m.refundLimitFen,
  createdAt: m.createdAt.toISOString(),
});

export const auditView = (a: AuditEntry): AuditEntryView => ({
  id: a.id,
  actorStaffId: a.actorStaffId,
  actorName: a.actorName,
  action: a.action,
  targetType: a.targetType,
  targetId: a.targetId,
  summary: a.summary,
  requestId: a.requestId,
  ip: a.ip,
  at: a.createdAt.toISOString(),
});
