import { createTestApp, TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/audit', () => {
  it('shows who changed what, as a readable diff, filtered by table and record', async () => {
    const admin = await t.login('admin@demo.local');
    const s2 = (await t.db.admin.query(`SELECT user_id FROM app.profiles WHERE email = 'sales2@demo.local'`)).rows[0].user_id;
    await t.http().patch(`/api/users/${s2}`).set('authorization', `Bearer ${admin.access_token}`).send({ full_name: 'Agus P.' }).expect(200);
    const r = await t.http().get(`/api/audit?table_name=profiles&record_id=${s2}&action=UPDATE`).set('authorization', `Bearer ${admin.access_token}`);
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({
      table_name: 'profiles', record_id: s2, action: 'UPDATE', changed_by: admin.user.user_id, changed_by_name: 'Andi Administrator',
      changes: [{ field: 'full_name', before: 'Agus Pratama', after: 'Agus P.' }],
    });
    expect(r.body.items[0].changed_at).toMatch(/\+07:00$/);
  });

  it('filters by user and date, paginates with a cursor', async () => {
    const d = await t.login('director@demo.local');
    const auth = { authorization: `Bearer ${d.access_token}` };
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const p1 = await t.http().get(`/api/audit?limit=3&from=2020-01-01&to=${today}`).set(auth);
    expect(p1.status).toBe(200);
    expect(p1.body.items).toHaveLength(3);
    const p2 = await t.http().get(`/api/audit?limit=3&cursor=${p1.body.next_cursor}`).set(auth);
    const ids1 = p1.body.items.map((x: { id: string }) => x.id);
    expect(p2.body.items.map((x: { id: string }) => x.id).some((id: string) => ids1.includes(id))).toBe(false);
    const none = await t.http().get('/api/audit?to=2000-01-01').set(auth);
    expect(none.body.items).toEqual([]);
    expect((await t.http().get('/api/audit?from=yesterday').set(auth)).status).toBe(422);
  });

  it('is refused (403) to every other role', async () => {
    for (const email of ['mkt.manager@demo.local', 'sales.manager@demo.local', 'sales1@demo.local', 'ops.dom@demo.local', 'finance@demo.local']) {
      const s = await t.login(email);
      expect((await t.http().get('/api/audit').set('authorization', `Bearer ${s.access_token}`)).status).toBe(403);
    }
  });
});
