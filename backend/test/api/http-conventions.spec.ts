import pg from 'pg';
import { createTestApp, TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: { authorization: string };
let sales: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = { authorization: `Bearer ${(await t.login('admin@demo.local')).access_token}` };
  sales = { authorization: `Bearer ${(await t.login('sales1@demo.local')).access_token}` };
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(res.text).not.toMatch(/\bat \w+ \(|node_modules|SELECT |INSERT |UPDATE |_key\b|_pkey\b|constraint/i);
}

describe('problem+json', () => {
  it('401 without token, 403 for a role-only route, 404 for unknown routes and invisible rows', async () => {
    expectProblem(await t.http().get('/api/users'), 401);
    expectProblem(await t.http().get('/api/users').set(sales), 403);
    expectProblem(await t.http().get('/api/no-such-route').set(sales), 404);
    expectProblem(await t.http().get('/api/users/00000000-0000-0000-0000-000000000000').set(admin), 404);
    expectProblem(await t.http().get('/api/users/not-a-uuid').set(admin), 404);
    expectProblem(await t.http().get('/api/files/00000000-0000-0000-0000-000000000000').set(sales), 404);
  });

  it('422 lists field errors, including unknown fields; 400 only for malformed JSON', async () => {
    const r = await t.http().post('/api/users').set(admin).send({ email: 'x', role: 'king', password: 'short', extra: 1 });
    expectProblem(r, 422);
    const fields = (r.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'role', 'password', 'full_name', 'dept_code', 'extra']));
    expectProblem(await t.http().post('/api/users').set(admin).set('content-type', 'application/json').send('{"a":'), 400);
    const q = await t.http().get('/api/users?limit=9999').set(admin);
    expectProblem(q, 422);
  });

  it('409 for a duplicate, with a message fit for users and no constraint name', async () => {
    const body = { email: 'dup@demo.local', full_name: 'Dup', role: 'salesperson', dept_code: 'SAL', password: 'Long-enough-1' };
    expect((await t.http().post('/api/users').set(admin).send(body)).status).toBe(201);
    const again = await t.http().post('/api/users').set(admin).send(body);
    expectProblem(again, 409);
    expect(again.body.errors).toEqual([{ field: 'email', message: 'already in use' }]);
  });

  it('security headers and CORS allow-list', async () => {
    const r = await t.http().get('/api/health').set('origin', 'http://localhost:4200');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const evil = await t.http().get('/api/health').set('origin', 'https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Idempotency-Key', () => {
  const body = (n: string) => ({ email: `${n}@demo.local`, full_name: n, role: 'salesperson', dept_code: 'SAL', password: 'Long-enough-1' });

  it('replays the original status and body for the same key and body, creating once', async () => {
    const h = { ...admin, 'idempotency-key': 'create-idem1' };
    const a = await t.http().post('/api/users').set(h).send(body('idem1'));
    const b = await t.http().post('/api/users').set(h).send({ ...body('idem1') });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(a.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body).toEqual(a.body);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.profiles WHERE email = 'idem1@demo.local'`);
    expect(n.rows[0].n).toBe(1);
  });

  it('treats key order in the body as the same request (canonical JSON)', async () => {
    const h = { ...admin, 'idempotency-key': 'create-idem-order' };
    const x = body('idemorder');
    const a = await t.http().post('/api/users').set(h).send(x);
    const reordered = Object.fromEntries(Object.entries(x).reverse());
    const b = await t.http().post('/api/users').set(h).send(reordered);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.user_id).toBe(a.body.user_id);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const h = { ...admin, 'idempotency-key': 'create-idem2' };
    expect((await t.http().post('/api/users').set(h).send(body('idem2'))).status).toBe(201);
    const other = await t.http().post('/api/users').set(h).send(body('idem2b'));
    expectProblem(other, 422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.profiles WHERE email = 'idem2b@demo.local'`);
    expect(n.rows[0].n).toBe(0);
  });

  it('answers 409 while a request with the same key is in flight', async () => {
    const me = (await t.http().get('/api/me').set(admin)).body.user_id as string;
    const key = 'in-flight-key';
    // Hold the key's lock as a concurrent request would.
    const c = new pg.Client({ connectionString: t.db.adminUrl });
    await c.connect();
    await c.query('SELECT pg_advisory_lock(hashtextextended($1, 7001))', [`${me}:${key}`]);
    try {
      const r = await t.http().post('/api/users').set({ ...admin, 'idempotency-key': key }).send(body('inflight'));
      expectProblem(r, 409);
      expect(r.body.detail).toMatch(/still being processed/);
    } finally {
      await c.end();
    }
    const after = await t.http().post('/api/users').set({ ...admin, 'idempotency-key': key }).send(body('inflight'));
    expect(after.status).toBe(201);
  });

  it('a failed request stores nothing: the retry runs for real', async () => {
    const h = { ...admin, 'idempotency-key': 'fails-first' };
    const dupe = { ...body('dup'), email: 'dup2@demo.local' };
    expect((await t.http().post('/api/users').set(admin).send(dupe)).status).toBe(201);
    expect((await t.http().post('/api/users').set(h).send(dupe)).status).toBe(409);
    const { rows } = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.idempotency_keys WHERE key = 'fails-first'`);
    expect(rows[0].n).toBe(0);
  });

  it('20 parallel requests with one key create exactly one record', async () => {
    const h = { ...admin, 'idempotency-key': 'parallel-20' };
    const res = await Promise.all(Array.from({ length: 20 }, () => t.http().post('/api/users').set(h).send(body('par20'))));
    const statuses = res.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.profiles WHERE email = 'par20@demo.local'`);
    expect(n.rows[0].n).toBe(1);
  });

  it('keys are per caller: another user may use the same key', async () => {
    const k = 'shared-key';
    const a = await t.http().post('/api/api-tokens').set({ ...sales, 'idempotency-key': k }).send({ name: 'A' });
    const fin = { authorization: `Bearer ${(await t.login('finance@demo.local')).access_token}`, 'idempotency-key': k };
    const b = await t.http().post('/api/api-tokens').set(fin).send({ name: 'A' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.token_id).not.toBe(a.body.token_id);
  });

  it('rejects an over-long key', async () => {
    const r = await t.http().post('/api/api-tokens').set({ ...sales, 'idempotency-key': 'x'.repeat(256) }).send({ name: 'A' });
    expectProblem(r, 422);
  });
});
