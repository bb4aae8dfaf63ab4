import type { ImportView } from '@tongdao/catalog';
import { Actor, RequestContext, newId } from '@tongdao/kernel';
import { TestApp, waitFor } from '@tongdao/testing';
import { createStaffWithRole, signupMerchant } from '../support/identity';

export interface TestMerchant {
  merchantId: string;
  shopId: string;
  /** "Bearer …" of the owner (every permission). */
  token: string;
  ownerToken: string;
  /** The same merchant, straight into the services (owner actor). */
  ctx: RequestContext;
}

export async function newMerchant(t: TestApp): Promise<TestMerchant> {
  const m = await signupMerchant(t);
  const actor: Actor = {
    kind: 'staff',
    staffId: m.staffId,
    name: 'test owner',
    isOwner: true,
    permissions: new Set<string>(),
    shopScope: 'all',
    orderScope: 'all',
    refundLimitFen: null,
  };
  return {
    merchantId: m.merchantId,
    shopId: m.shopId,
    token: `Bearer ${m.token}`,
    ownerToken: m.token,
    ctx: new RequestContext(`test-${newId()}`, m.merchantId, actor),
  };
}

/** "Bearer …" of a staff member of `m` holding a built-in role. */
export async function staffToken(t: TestApp, m: TestMerchant, roleCode: string): Promise<string> {
  return `Bearer ${(await createStaffWithRole(t, m.ownerToken, roleCode)).token}`;
}

export function csv(lines: string[]): string {
  return lines.join('\n') + '\n';
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.dataSource.query(sql, params);
  return Number(row.n);
}

export function uploadCsv(t: TestApp, token: string, text: string) {
  return t.http
    .post('/admin/v1/catalog/imports')
    .set('Authorization', token)
    .set('Content-Type', 'text/csv')
    .send(text);
}

export async function importUntilDone(
  t: TestApp,
  token: string,
  importId: string,
  timeoutMs = 60000,
  onProgress: (status: ImportView) => void = () => undefined,
): Promise<ImportView> {
  return waitFor(
    async () => {
      const res = await t.http
        .get(`/admin/v1/catalog/imports/${importId}`)
        .set('Authorization', token)
        .expect(200);
      onProgress(res.body);
      return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : null;
    },
    { timeoutMs, intervalMs: 100, what: `import ${importId} to finish` },
  );
}

export { waitFor };
