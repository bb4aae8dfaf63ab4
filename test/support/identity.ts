import { randomInt } from 'node:crypto';
import { TestApp } from './test-app';

export interface SignedUpMerchant {
  merchantId: string;
  shopId: string;
  staffId: string;
  token: string;
  phone: string;
  password: string;
}

/** A fresh phone number per call, so suites never collide on the platform-wide login index. */
export function uniquePhone(): string {
  return `1${randomInt(3, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
}

export async function signupMerchant(
  t: TestApp,
  overrides: Partial<{ merchantName: string; shopName: string; phone: string; password: string }> = {},
): Promise<SignedUpMerchant> {
  const body = {
    merchantName: 'Test Merchant',
    shopName: 'Main Shop',
    phone: uniquePhone(),
    password: 'correct-horse-battery',
    ...overrides,
  };
  const res = await t.http.post('/admin/v1/signup').send(body);
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: res.body.accessToken, phone: body.phone, password: body.password };
}

let loginCounter = 0;

/** A staff member holding one built-in (or custom) role, logged in. */
export async function createStaffWithRole(
  t: TestApp,
  ownerToken: string,
  roleCode: string,
  opts: { shopIds?: string[] } = {},
): Promise<{ staffId: string; token: string; login: string }> {
  const roles = await t.http.get('/admin/v1/roles').set('Authorization', `Bearer ${ownerToken}`).expect(200);
  const role = (roles.body as Array<{ id: string; code: string }>).find((r) => r.code === roleCode);
  if (!role) throw new Error(`no role ${roleCode}`);
  loginCounter += 1;
  const login = `u${process.env.JEST_WORKER_ID ?? '0'}.${Date.now().toString(36)}.${loginCounter}`;
  const password = 'staff-password-1';
  const created = await t.http
    .post('/admin/v1/staff')
    .set('Authorization', `Bearer ${ownerToken}`)
    .send({
      name: `${roleCode} person`,
      login,
      password,
      roleIds: [role.id],
      ...(opts.shopIds ? { shopIds: opts.shopIds } : {}),
    });
  if (created.status !== 201)
    throw new Error(`staff create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const session = await t.http.post('/admin/v1/auth/login').send({ login, password }).expect(200);
  return { staffId: created.body.id, token: session.body.accessToken, login };
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
