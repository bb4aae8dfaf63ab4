/** Every permission a role can hold. Codes are stable: merchants' custom roles store them. */
export const PERMISSIONS = {
  'order.read': 'See orders (cs_agent: only those assigned to them)',
  'order.assign': 'Assign and reassign orders to staff',
  'order.remark': 'Write seller memos, flags and tags on orders',
  'order.ship': 'Ship orders and record tracking numbers',
  'order.refund': 'Approve refunds (up to the merchant refund limit unless owner/admin)',
  'order.export': 'Export order lists',
  'stock.read': 'See stock levels, reservations and the ledger',
  'stock.adjust': 'Adjust stock, manage warehouses and allocation rules',
  'catalog.read': 'See products, SKUs and channel listings',
  'catalog.manage': 'Create and change products, SKUs and listings; import catalogs',
  'channel.manage': 'Connect and configure channel accounts',
  'customer.read': 'See customers',
  'customer.read_pii': 'See buyer phone numbers and addresses unmasked',
  'customer.tag': 'Tag customers and build segments',
  'marketing.manage': 'Run campaigns, coupons and promotions',
  'staff.manage': 'Invite, change and disable staff; define roles',
  'shop.manage': 'Open and change shops',
  'audit.read': 'Read the audit log',
  'dead_letter.manage': 'See and replay failed jobs',
  'finance.read': 'See settlements and payments',
  'settings.manage': 'Change merchant settings such as the refund limit',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}

export interface BuiltInRole {
  code: string;
  name: string;
  permissions: readonly Permission[];
  /** `assigned`: orders are visible only when assigned to the staff member. */
  orderScope: 'all' | 'assigned';
}

/** Created for every merchant at signup; cannot be edited or deleted. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { code: 'owner', name: 'Owner', permissions: ALL_PERMISSIONS, orderScope: 'all' },
  { code: 'admin', name: 'Administrator', permissions: ALL_PERMISSIONS, orderScope: 'all' },
  {
    code: 'cs_supervisor',
    name: 'Customer service supervisor',
    permissions: [
      'order.read',
      'order.assign',
      'order.remark',
      'order.ship',
      'order.refund',
      'order.export',
      'customer.read',
      'customer.read_pii',
      'catalog.read',
      'stock.read',
    ],
    orderScope: 'all',
  },
  {
    code: 'cs_agent',
    name: 'Customer service agent',
    permissions: ['order.read', 'order.remark', 'order.ship', 'customer.read', 'catalog.read', 'stock.read'],
    orderScope: 'assigned',
  },
  {
    code: 'warehouse',
    name: 'Warehouse',
    permissions: ['order.read', 'order.ship', 'stock.read', 'stock.adjust', 'catalog.read'],
    orderScope: 'all',
  },
  {
    code: 'marketing',
    name: 'Marketing',
    permissions: ['customer.read', 'customer.tag', 'marketing.manage', 'catalog.read'],
    orderScope: 'all',
  },
  {
    code: 'finance',
    name: 'Finance',
    permissions: ['order.read', 'order.export', 'finance.read', 'audit.read'],
    orderScope: 'all',
  },
];

/** Roles whose holders refund without the merchant's limit. */
export const UNLIMITED_REFUND_ROLES = new Set(['owner', 'admin']);
