import { Db } from '../../src/core/database/db.service.js';
import { createTestApp, TestApp } from '../helpers/app.js';

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
