import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = { authorization: `Bearer ${(await t.login('admin@demo.local')).access_token}` };
});
afterAll(async () => {
  await t.close();
});

describe('/api/users (super_admin)', () => {
  it('lists with filters and keyset pagination', async () => {
    const p1 = await t.http().get('/api/users?limit=5').set(admin);
    expect(p1.status).toBe(200);
    expect(p1.body.items).toHaveLength(5);
    expect(p1.body.next_cursor).toEqual(expect.any(String));
    const p2 = await t.http().get(`/api/users?limit=5&cursor=${p1.body.next_cursor}`).set(admin);
    const p3 = await t.http().get(`/api/users?limit=5&cursor=${p2.body.next_cursor}`).set(admin);
    const all = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((u: { email: string }) => u.email);
    expect(new Set(all).size).toBe(12);
    expect(p3.body.next_cursor).toBeNull();
    const sales = await t.http().get('/api/users?role=salesperson').set(admin);
    expect(sales.body.items.map((u: { email: string }) => u.email).sort()).toEqual(['sales1@demo.local', 'sales2@demo.local', 'sales3@demo.local']);
    const q = await t.http().get('/api/users?q=rina').set(admin);
    expect(q.body.items.map((u: { email: string }) => u.email)).toEqual(['finance@demo.local']);
    expect((await t.http().get('/api/users?cursor=bogus').set(admin)).status).toBe(422);
  });

  it('creates a user who can sign in, with an audit row by the admin', async () => {
    const mgr = (await t.db.admin.query(`SELECT user_id FROM app.profiles WHERE email = 'sales.manager@demo.local'`)).rows[0].user_id;
    const r = await t.http().post('/api/users').set(admin).send({
      email: 'New.Sales@Demo.Local', full_name: 'Dian Sastro', role: 'salesperson', dept_code: 'SAL', manager_user_id: mgr, password: 'Welcome#2026',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email: 'new.sales@demo.local', role: 'salesperson', manager_user_id: mgr, is_active: true, locale: 'id' });
    expect(r.body.created_at).toMatch(/\+07:00$/);
    expect((await t.http().post('/api/auth/login').send({ email: 'new.sales@demo.local', password: 'Welcome#2026' })).status).toBe(200);
    const me = (await t.http().get('/api/me').set(admin)).body.user_id;
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'profiles' AND record_id = $1 AND action = 'INSERT'`, [r.body.user_id]);
    expect(audit.rows).toEqual([{ changed_by: me }]);
  });

  it('refuses unknown departments, non-manager managers and reporting cycles with 422', async () => {
    const ids = Object.fromEntries((await t.db.admin.query(`SELECT email, user_id FROM app.profiles`)).rows.map((r) => [r.email, r.user_id]));
    const base = { full_name: 'X', role: 'salesperson', password: 'Welcome#2026' };
    const dept = await t.http().post('/api/users').set(admin).send({ ...base, email: 'x1@demo.local', dept_code: 'ZZZ' });
    expect(dept.status).toBe(422);
    expect(dept.body.errors).toEqual([{ field: 'dept_code', message: 'unknown department' }]);
    const notMgr = await t.http().post('/api/users').set(admin).send({ ...base, email: 'x2@demo.local', dept_code: 'SAL', manager_user_id: ids['sales1@demo.local'] });
    expect(notMgr.status).toBe(422);
    expect(notMgr.body.errors[0].field).toBe('manager_user_id');
    // director reports to nobody; make the sales manager report to a director, then try the reverse.
    await t.http().patch(`/api/users/${ids['sales.manager@demo.local']}`).set(admin).send({ manager_user_id: ids['director@demo.local'] }).expect(200);
    const cycle = await t.http().patch(`/api/users/${ids['director@demo.local']}`).set(admin).send({ manager_user_id: ids['sales.manager@demo.local'] });
    expect(cycle.status).toBe(422);
  });

  it('changes role and deactivates: the user loses their sessions and cannot sign in', async () => {
    const s = await t.login('sales3@demo.local');
    const id = s.user.user_id;
    const p = await t.http().patch(`/api/users/${id}`).set(admin).send({ is_active: false });
    expect(p.status).toBe(200);
    expect(p.body.is_active).toBe(false);
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token })).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ email: 'sales3@demo.local', password: DEMO_PASSWORD })).status).toBe(401);
    await t.http().patch(`/api/users/${id}`).set(admin).send({ is_active: true }).expect(200);
    const r = await t.http().post(`/api/users/${id}/password`).set(admin).send({ password: 'Reset#Password1' });
    expect(r.status).toBe(204);
    expect((await t.http().post('/api/auth/login').send({ email: 'sales3@demo.local', password: 'Reset#Password1' })).status).toBe(200);
  });

  it('every other role gets 403 on every users route', async () => {
    for (const email of ['director@demo.local', 'sales.manager@demo.local', 'finance@demo.local', 'ops.dom@demo.local']) {
      const auth = { authorization: `Bearer ${(await t.login(email)).access_token}` };
      expect((await t.http().get('/api/users').set(auth)).status).toBe(403);
      expect((await t.http().post('/api/users').set(auth).send({})).status).toBe(403);
      expect((await t.http().patch('/api/users/00000000-0000-0000-0000-000000000000').set(auth).send({ role: 'super_admin' })).status).toBe(403);
    }
  });
});

describe('/api/files', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(200, 1), Buffer.from([0xff, 0xd9])]);

  it('stores an upload, judges its type by content, and serves it only to those who may see it', async () => {
    const s1 = { authorization: `Bearer ${(await t.login('sales1@demo.local')).access_token}` };
    const up = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence').attach('file', jpeg, { filename: 'visit photo.png', contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ bucket: 'prospect-evidence', size: jpeg.length, content_type: 'image/jpeg', original_name: 'visit photo.png' });
    const dl = await t.http().get(`/api/files/${up.body.object_id}`).set(s1).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(dl.body as Buffer, jpeg)).toBe(0);
    const s2 = { authorization: `Bearer ${(await t.login('sales2@demo.local')).access_token}` };
    expect((await t.http().get(`/api/files/${up.body.object_id}`).set(s2)).status).toBe(404);
    const key = (await t.db.admin.query('SELECT object_key FROM app.storage_objects WHERE object_id = $1', [up.body.object_id])).rows[0].object_key;
    expect(key).toMatch(new RegExp(`^prospect-evidence/\\d{4}/\\d{2}/${up.body.object_id}$`));
  });

  it('refuses a file whose content is not allowed in the bucket (415), whatever its name says', async () => {
    const s1 = { authorization: `Bearer ${(await t.login('sales1@demo.local')).access_token}` };
    const r = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence').attach('file', Buffer.from('just text, not a photo'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(r.status).toBe(415);
    const exe = await t.http().post('/api/files').set(s1).field('bucket', 'customer-documents').attach('file', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'), { filename: 'x.pdf' });
    expect(exe.status).toBe(415);
    const n = await t.db.admin.query('SELECT count(*)::int AS n FROM app.storage_objects WHERE original_name IN ($1, $2)', ['photo.jpg', 'x.pdf']);
    expect(n.rows[0].n).toBe(0);
  });

  it('refuses a file over the bucket limit (413), a missing file and an unknown bucket (422)', async () => {
    const s1 = { authorization: `Bearer ${(await t.login('sales1@demo.local')).access_token}` };
    const big = Buffer.concat([jpeg.subarray(0, 12), Buffer.alloc(11 * 1024 * 1024, 7)]);
    const r = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence').attach('file', big, { filename: 'big.jpg' });
    expect(r.status).toBe(413);
    const none = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence');
    expect(none.status).toBe(422);
    const bucket = await t.http().post('/api/files').set(s1).field('bucket', '../../etc').attach('file', jpeg, { filename: 'a.jpg' });
    expect(bucket.status).toBe(422);
  });

  it('the director reads everything but uploads nothing (403)', async () => {
    const d = { authorization: `Bearer ${(await t.login('director@demo.local')).access_token}` };
    const r = await t.http().post('/api/files').set(d).field('bucket', 'customer-documents').attach('file', jpeg, { filename: 'a.jpg' });
    expect(r.status).toBe(403);
  });

  it('an idempotent upload retry returns the first object', async () => {
    const s1 = { authorization: `Bearer ${(await t.login('sales2@demo.local')).access_token}`, 'idempotency-key': 'upload-1' };
    const a = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence').attach('file', jpeg, { filename: 'a.jpg' });
    const b = await t.http().post('/api/files').set(s1).field('bucket', 'prospect-evidence').attach('file', jpeg, { filename: 'a.jpg' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.object_id).toBe(a.body.object_id);
  });
});

describe('health and OpenAPI', () => {
  it('liveness and readiness', async () => {
    const live = await t.http().get('/api/health');
    expect(live.body).toMatchObject({ status: 'ok', demo: false });
    const ready = await t.http().get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('readiness fails (503) when the database is behind the code', async () => {
    await t.db.admin.query('DELETE FROM bcc_migrations.schemaversion WHERE version = (SELECT max(version) FROM bcc_migrations.schemaversion)');
    try {
      const r = await t.http().get('/api/health/ready');
      expect(r.status).toBe(503);
      expect(r.body.error.migrations.status).toBe('down');
    } finally {
      await t.db.admin.query(`INSERT INTO bcc_migrations.schemaversion (version) SELECT max(version) + 1 FROM bcc_migrations.schemaversion`);
    }
  });

  it('/api/docs-json documents auth, users, tokens, files and health with bearer security', async () => {
    const r = await t.http().get('/api/docs-json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/me', '/api/users', '/api/users/{user_id}', '/api/api-tokens', '/api/api-tokens/{token_id}', '/api/files', '/api/files/{object_id}', '/api/health', '/api/health/ready']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.$ref).toMatch(/LoginDto/);
    expect(doc.components.schemas.CreateUserDto.required).toEqual(expect.arrayContaining(['email', 'role', 'dept_code', 'password']));
    expect((await t.http().get('/api/docs')).status).toBe(200);
  });
});
