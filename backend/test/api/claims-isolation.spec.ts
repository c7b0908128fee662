import { Db } from '../../src/core/database/db.service.js';
import { createTestApp, TestApp } from '../helpers/app.js';
import { demoUsers } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  // A pool of two connections so consecutive requests share connections.
  t = await createTestApp({ env: { DB_POOL_MAX: '2' } });
});
afterAll(async () => {
  await t.close();
});

describe('per-request claims on a small pool', () => {
  it('interleaved requests of two users never see each other\'s claims', async () => {
    const users = ['sales1@demo.local', 'finance@demo.local', 'ops.dom@demo.local'];
    const sessions = await Promise.all(users.map((e) => t.login(e)));
    // Each user owns one API token; the list is filtered by auth.uid() in SQL.
    const tokenIds: string[] = [];
    for (const s of sessions) {
      const r = await t.http().post('/api/api-tokens').set('authorization', `Bearer ${s.access_token}`).send({ name: s.user.user_id });
      tokenIds.push(r.body.token_id);
    }
    const calls = Array.from({ length: 90 }, (_, i) => i % 3).map(async (k) => {
      const r = await t.http().get('/api/api-tokens').set('authorization', `Bearer ${sessions[k].access_token}`);
      return { k, ids: r.body.items.map((x: { token_id: string }) => x.token_id) };
    });
    for (const { k, ids } of await Promise.all(calls)) expect(ids).toEqual([tokenIds[k]]);
  });

  it('a pooled connection carries no role or claims once its transaction ends, also after an error', async () => {
    const db = t.app.get(Db);
    const claims = { sub: '00000000-0000-0000-0000-000000000001', role: 'authenticated' as const, app_role: 'salesperson', dept_code: 'SAL', via: 'jwt' as const };
    const inside = await db.transaction(claims, (tx) => tx.one<{ u: string; r: string }>(`SELECT auth.uid()::text AS u, current_user AS r`));
    expect(inside).toEqual({ u: claims.sub, r: 'authenticated' });
    await expect(db.transaction(claims, (tx) => tx.query('SELECT 1/0'))).rejects.toMatchObject({ code: '22012' });
    // Both pooled connections, checked raw (outside any prelude).
    const ds = (db as unknown as { dataSource: { createQueryRunner(): { connect(): Promise<import('pg').PoolClient>; release(): Promise<void> } } }).dataSource;
    const runners = [ds.createQueryRunner(), ds.createQueryRunner()];
    const clients = await Promise.all(runners.map((r) => r.connect()));
    for (const c of clients) {
      const { rows } = await c.query(`SELECT current_user AS r, coalesce(current_setting('request.jwt.claims', true), '') AS c, auth.uid() AS u`).catch(async () =>
        // bcc_api itself may not execute auth.uid(); read the raw setting instead.
        c.query(`SELECT current_user AS r, coalesce(current_setting('request.jwt.claims', true), '') AS c, NULL AS u`),
      );
      expect(rows[0]).toEqual({ r: 'bcc_api', c: '', u: null });
    }
    await Promise.all(runners.map((r) => r.release()));
  });

  it('anonymous transactions run as anon and see no claims', async () => {
    const db = t.app.get(Db);
    const r = await db.transaction(null, (tx) => tx.one<{ r: string; u: string | null }>(`SELECT current_user AS r, auth.uid() AS u`));
    expect(r).toEqual({ r: 'anon', u: null });
  });
});

describe('pipelined transactions (prelude + statement in one flight; @OneStatement adds the COMMIT)', () => {
  const bundle = (name: string) =>
    JSON.stringify({ company_name: name, contact_name: 'Budi Santoso', source_channel: 'website', email: `${name.replace(/\W/g, '').toLowerCase()}@flight.example` });
  async function claimsOf(email: string) {
    const u = (await demoUsers(t.db))[email];
    return { sub: u.user_id, role: 'authenticated' as const, app_role: u.role, dept_code: u.dept_code, via: 'jwt' as const };
  }
  const leadsNamed = async (name: string) => Number((await t.db.admin.query('SELECT count(*) AS n FROM app.leads WHERE company_name = $1', [name])).rows[0].n);

  it('a one-statement transaction commits what its statement wrote', async () => {
    const db = t.app.get(Db);
    const r = await db.transaction(await claimsOf('mkt.staff@demo.local'), (tx) => tx.one<{ r: { lead_id: string } }>('SELECT app.crm_create_lead_bundle($1::jsonb) AS r', [bundle('PT Flight Satu')]), {
      oneStatement: true,
    });
    expect(r!.r.lead_id).toMatch(/^LD-\d{4}-\d{6}$/);
    expect(await leadsNamed('PT Flight Satu')).toBe(1);
  });

  it('when its statement fails, the pipelined COMMIT rolls back: nothing is written and the connection is clean', async () => {
    const db = t.app.get(Db);
    const claims = await claimsOf('mkt.staff@demo.local');
    await expect(
      db.transaction(claims, (tx) => tx.query('SELECT app.crm_create_lead_bundle($1::jsonb) AS r, 1/0 AS boom', [bundle('PT Flight Dua')]), { oneStatement: true }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await leadsNamed('PT Flight Dua')).toBe(0);
    // Every pooled connection is usable and outside any transaction afterwards.
    for (let i = 0; i < 4; i++) {
      expect(await db.transaction(claims, (tx) => tx.one<{ u: string }>('SELECT auth.uid()::text AS u'))).toEqual({ u: claims.sub });
    }
  });

  it('a second statement in a one-statement transaction is refused loudly', async () => {
    const db = t.app.get(Db);
    await expect(
      db.transaction(await claimsOf('mkt.staff@demo.local'), async (tx) => {
        await tx.query('SELECT 1');
        return tx.query('SELECT 2');
      }, { oneStatement: true }),
    ).rejects.toThrow('A @OneStatement handler issued a second statement');
  });

  it('several statements pipelined at once in a normal transaction keep their order and roll back together', async () => {
    const db = t.app.get(Db);
    const claims = await claimsOf('mkt.staff@demo.local');
    const rows = await db.transaction(claims, (tx) => Promise.all([1, 2, 3].map((n) => tx.one<{ n: number }>('SELECT $1::int AS n', [n]))));
    expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await expect(
      db.transaction(claims, (tx) =>
        Promise.all([tx.query('SELECT app.crm_create_lead_bundle($1::jsonb)', [bundle('PT Flight Tiga')]), tx.query('SELECT 1/0')]),
      ),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await leadsNamed('PT Flight Tiga')).toBe(0);
  });

  it('POST /api/leads (a @OneStatement route) still honours an Idempotency-Key: one lead for two identical requests', async () => {
    const s = await t.login('mkt.staff@demo.local');
    const body = { company_name: 'PT Flight Empat', contact_name: 'Sari', source_channel: 'website', email: 'empat@flight.example' };
    const send = () => t.http().post('/api/leads').set('authorization', `Bearer ${s.access_token}`).set('idempotency-key', 'flight-4').send(body);
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.lead_id).toBe(a.body.lead_id);
    expect(await leadsNamed('PT Flight Empat')).toBe(1);
  });
});
