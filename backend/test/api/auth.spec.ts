import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/auth/login', () => {
  it('returns tokens and the user for valid credentials (email case-insensitive)', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'Sales1@Demo.Local', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { email: 'sales1@demo.local', role: 'salesperson', dept_code: 'SAL' } });
    expect(res.body.access_token.split('.')).toHaveLength(3);
    expect(res.body.refresh_token).toMatch(/^bcc_rt_/);
    expect(res.body.user.manager_user_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown email and wrong password identically with 401 problem+json', async () => {
    const a = await t.http().post('/api/auth/login').send({ email: 'nobody@demo.local', password: 'whatever-1' });
    const b = await t.http().post('/api/auth/login').send({ email: 'finance@demo.local', password: 'wrong-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({ type: expect.any(String), title: 'Unauthorized', status: 401, detail: 'Email or password is incorrect' });
  });

  it('throttles an account after 5 failures in 15 minutes (429 + Retry-After), even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.http().post('/api/auth/login').send({ email: 'ops.exi@demo.local', password: `bad-${i}` });
      expect(r.status).toBe(401);
    }
    const blocked = await t.http().post('/api/auth/login').send({ email: 'ops.exi@demo.local', password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.detail).toMatch(/Too many/);
    // Another account from the same address is not affected.
    expect((await t.http().post('/api/auth/login').send({ email: 'ops.dom@demo.local', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('refuses a deactivated user with the same 401', async () => {
    await t.db.admin.query(`UPDATE app.profiles SET is_active = false WHERE email = 'sales3@demo.local'`);
    const r = await t.http().post('/api/auth/login').send({ email: 'sales3@demo.local', password: DEMO_PASSWORD });
    expect(r.status).toBe(401);
    expect(r.body.detail).toBe('Email or password is incorrect');
    await t.db.admin.query(`UPDATE app.profiles SET is_active = true WHERE email = 'sales3@demo.local'`);
  });

  it('validates the body with 422 field errors and rejects malformed JSON with 400', async () => {
    const v = await t.http().post('/api/auth/login').send({ email: 'not-an-email' });
    expect(v.status).toBe(422);
    expect(v.body.errors).toEqual(expect.arrayContaining([{ field: 'email', message: 'must be an email address' }, expect.objectContaining({ field: 'password' })]));
    const m = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(m.status).toBe(400);
    expect(m.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' });
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing a spent token revokes the whole family', async () => {
    const first = await t.login('mkt.staff@demo.local');
    const r1 = await t.http().post('/api/auth/refresh').send({ refresh_token: first.refresh_token });
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).not.toBe(first.refresh_token);
    const r2 = await t.http().post('/api/auth/refresh').send({ refresh_token: r1.body.refresh_token });
    expect(r2.status).toBe(200);
    // The first token is spent: presenting it again is reuse.
    const reuse = await t.http().post('/api/auth/refresh').send({ refresh_token: first.refresh_token });
    expect(reuse.status).toBe(401);
    expect(reuse.body.detail).toMatch(/already used/);
    // ...and the newest token of that family is dead too.
    const after = await t.http().post('/api/auth/refresh').send({ refresh_token: r2.body.refresh_token });
    expect(after.status).toBe(401);
    // A different sign-in of the same user is untouched.
    const other = await t.login('mkt.staff@demo.local');
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: other.refresh_token })).status).toBe(200);
  });

  it('logout revokes the family; unknown tokens are 401', async () => {
    const s = await t.login('finance@demo.local');
    expect((await t.http().post('/api/auth/logout').send({ refresh_token: s.refresh_token })).status).toBe(204);
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token })).status).toBe(401);
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: 'bcc_rt_unknown-token-value' })).status).toBe(401);
  });

  it('stores only hashes of refresh tokens', async () => {
    const s = await t.login('director@demo.local');
    const { rows } = await t.db.admin.query(`SELECT count(*)::int AS n FROM auth.refresh_tokens WHERE token_hash = $1`, [s.refresh_token]);
    expect(rows[0].n).toBe(0);
  });
});

describe('access tokens', () => {
  it('GET /api/me returns the caller; no token → 401', async () => {
    const s = await t.login('sales.manager@demo.local');
    const me = await t.http().get('/api/me').set('authorization', `Bearer ${s.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'sales.manager@demo.local', role: 'sales_manager', dept_code: 'SAL', manager_user_id: null });
    const none = await t.http().get('/api/me');
    expect(none.status).toBe(401);
    expect(none.body.detail).toBe('A bearer token is required');
  });

  it('rejects tokens with another algorithm, a wrong signature or garbage', async () => {
    const s = await t.login('sales1@demo.local');
    const [h, p] = s.access_token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const forged = `${h}.${p}.${Buffer.from('forged-signature').toString('base64url')}`;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const elevated = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'super_admin' })).toString('base64url')}.${s.access_token.split('.')[2]}`;
    for (const tok of [none, forged, elevated, 'garbage']) {
      const r = await t.http().get('/api/me').set('authorization', `Bearer ${tok}`);
      expect(r.status).toBe(401);
    }
  });

  it('PATCH /api/me changes name and language; POST /api/me/password re-checks the current password', async () => {
    const s = await t.login('sales2@demo.local');
    const auth = { authorization: `Bearer ${s.access_token}` };
    const p = await t.http().patch('/api/me').set(auth).send({ locale: 'en' });
    expect(p.status).toBe(200);
    expect(p.body.locale).toBe('en');
    const bad = await t.http().patch('/api/me').set(auth).send({ role: 'super_admin' });
    expect(bad.status).toBe(422);
    const wrong = await t.http().post('/api/me/password').set(auth).send({ current_password: 'nope', new_password: 'Another#Pass1' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'current_password', message: 'is incorrect' }]);
    const ok = await t.http().post('/api/me/password').set(auth).send({ current_password: DEMO_PASSWORD, new_password: 'Another#Pass1' });
    expect(ok.status).toBe(204);
    // Old sessions end; the new password works.
    expect((await t.http().post('/api/auth/refresh').send({ refresh_token: s.refresh_token })).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ email: 'sales2@demo.local', password: 'Another#Pass1' })).status).toBe(200);
  });
});

describe('partner API tokens', () => {
  it('are shown once, hashed at rest, act as their owner, and stop working when revoked', async () => {
    const s = await t.login('finance@demo.local');
    const auth = { authorization: `Bearer ${s.access_token}` };
    const created = await t.http().post('/api/api-tokens').set(auth).send({ name: 'ERP', expires_in_days: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^bcc_pat_/);
    expect(created.body.token_prefix).toBe(created.body.token.slice(0, 12));
    const stored = await t.db.admin.query('SELECT token_hash FROM auth.api_tokens WHERE token_id = $1', [created.body.token_id]);
    expect(stored.rows[0].token_hash).not.toContain(created.body.token);

    const me = await t.http().get('/api/me').set('authorization', `Bearer ${created.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('finance@demo.local');

    const list = await t.http().get('/api/api-tokens').set(auth);
    expect(list.body.items.map((x: { token_id: string }) => x.token_id)).toContain(created.body.token_id);
    expect(list.body.items[0].token).toBeUndefined();

    // Someone else cannot see or revoke it.
    const other = await t.login('sales1@demo.local');
    const otherList = await t.http().get('/api/api-tokens').set('authorization', `Bearer ${other.access_token}`);
    expect(otherList.body.items).toEqual([]);
    const otherDel = await t.http().delete(`/api/api-tokens/${created.body.token_id}`).set('authorization', `Bearer ${other.access_token}`);
    expect(otherDel.status).toBe(404);

    expect((await t.http().delete(`/api/api-tokens/${created.body.token_id}`).set(auth)).status).toBe(204);
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${created.body.token}`)).status).toBe(401);
  });

  it('expired tokens and tokens of deactivated users are refused', async () => {
    const s = await t.login('ops.dom@demo.local');
    const created = await t.http().post('/api/api-tokens').set('authorization', `Bearer ${s.access_token}`).send({ name: 'tmp' });
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${created.body.token}`)).status).toBe(200);
    await t.db.admin.query(`UPDATE auth.api_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE token_id = $1`, [created.body.token_id]);
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${created.body.token}`)).status).toBe(401);
    await t.db.admin.query(`UPDATE auth.api_tokens SET expires_at = now() + interval '1 day' WHERE token_id = $1`, [created.body.token_id]);
    await t.db.admin.query(`UPDATE app.profiles SET is_active = false WHERE email = 'ops.dom@demo.local'`);
    expect((await t.http().get('/api/me').set('authorization', `Bearer ${created.body.token}`)).status).toBe(401);
    await t.db.admin.query(`UPDATE app.profiles SET is_active = true WHERE email = 'ops.dom@demo.local'`);
  });

  it('a replayed creation never reveals the secret again', async () => {
    const s = await t.login('mkt.manager@demo.local');
    const auth = { authorization: `Bearer ${s.access_token}`, 'idempotency-key': 'tok-1' };
    const a = await t.http().post('/api/api-tokens').set(auth).send({ name: 'Ads' });
    const b = await t.http().post('/api/api-tokens').set(auth).send({ name: 'Ads' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.token_id).toBe(a.body.token_id);
    expect(b.body.token).toBeNull();
    const { rows } = await t.db.admin.query(`SELECT body::text AS b FROM app.idempotency_keys WHERE key = 'tok-1'`);
    expect(rows[0].b).not.toContain(a.body.token);
  });
});
