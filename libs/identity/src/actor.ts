import { Actor } from '@tongdao/kernel';
import { MerchantRow, RoleRow, StaffRow } from './entities';
import { ALL_PERMISSIONS, UNLIMITED_REFUND_ROLES } from './permissions';

/** What a staff member may do, computed from their roles: the actor every request carries. */
export function actorFor(staff: StaffRow, roles: RoleRow[], merchant: MerchantRow): Actor {
  if (staff.isOwner) {
    return {
      kind: 'staff',
      staffId: staff.id,
      name: staff.name,
      isOwner: true,
      permissions: new Set(ALL_PERMISSIONS),
      shopScope: 'all',
      orderScope: 'all',
      refundLimitFen: null,
    };
  }
  const permissions = new Set(roles.flatMap((r) => r.permissions));
  const orderReaders = roles.filter((r) => r.permissions.includes('order.read'));
  const orderScope =
    orderReaders.length > 0 && orderReaders.every((r) => r.orderScope === 'assigned') ? 'assigned' : 'all';
  const unlimitedRefunds = roles.some((r) => r.builtIn && UNLIMITED_REFUND_ROLES.has(r.code));
  return {
    kind: 'staff',
    staffId: staff.id,
    name: staff.name,
    isOwner: false,
    permissions,
    shopScope: staff.shopIds ?? 'all',
    orderScope,
    refundLimitFen: unlimitedRefunds ? null : merchant.refundLimitFen,
  };
}
