import { parse } from 'csv-parse/sync';
import { TestApp, bearer } from '@tongdao/testing';

/** Rows of an exported CSV as objects keyed by the header, BOM checked and removed. */
export function csvObjects(text: string): Array<Record<string, string>> {
  if (!text.startsWith('\uFEFF')) throw new Error('export does not start with a UTF-8 BOM');
  return parse<Record<string, string>>(text.slice(1), { columns: true, skip_empty_lines: true });
}

/** Supertest buffers text/csv as a string in `res.text`. */
export async function getCsv(t: TestApp, path: string, token: string, status = 200): Promise<string> {
  const res = await t.http
    .get(path)
    .set(...bearer(token))
    .buffer(true)
    .expect(status);
  return res.text;
}

/** A staff member holding several roles (a cs_agent plus an export-only custom role, say), logged in. */
export async function createStaffWithRoles(
  t: TestApp,
  ownerToken: string,
  roleIds: string[],
): Promise<{ staffId: string; token: string }> {
  const login = `x${process.env.JEST_WORKER_ID ?? '0'}.${Date.now().toString(36)}.${Math.floor(Math.random() * 1e6)}`;
  const password = 'staff-password-1';
  const created = await t.http
    .post('/admin/v1/staff')
    .set(...bearer(ownerToken))
    .send({ name: '李四', login, password, roleIds })
    .expect(201);
  const session = await t.http.post('/admin/v1/auth/login').send({ login, password }).expect(200);
  return { staffId: created.body.id, token: session.body.accessToken };
}

export async function roleId(t: TestApp, ownerToken: string, code: string): Promise<string> {
  const roles = await t.http
    .get('/admin/v1/roles')
    .set(...bearer(ownerToken))
    .expect(200);
  const role = (roles.body as Array<{ id: string; code: string }>).find((r) => r.code === code);
  if (!role) throw new Error(`no role ${code}`);
  return role.id;
}

/** Polls a job's status until `done` says so (or the time runs out). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
