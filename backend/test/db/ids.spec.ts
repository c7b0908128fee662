import { asUser, createTestDatabase, demoUsers, expectSqlState, TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db.drop();
});

describe('next_prefixed_id()', () => {
  it('formats PREFIX-YYYY-NNNNNN with the Asia/Jakarta year and registers the sequence', async () => {
    const { rows } = await db.admin.query(`SELECT app.next_prefixed_id('QA') AS a, app.next_prefixed_id('QA') AS b,
      extract(year FROM now() AT TIME ZONE 'Asia/Jakarta')::int AS y`);
    expect(rows[0].a).toBe(`QA-${rows[0].y}-000001`);
    expect(rows[0].b).toBe(`QA-${rows[0].y}-000002`);
    const reg = await db.admin.query(`SELECT prefix, year FROM app.id_sequences WHERE prefix = 'QA'`);
    expect(reg.rows).toEqual([{ prefix: 'QA', year: rows[0].y }]);
  });

  it('keeps counting past 999999 without truncating', async () => {
    await db.admin.query(`SELECT app.next_prefixed_id('QB')`);
    const seq = (await db.admin.query(`SELECT sequence_name FROM app.id_sequences WHERE prefix = 'QB'`)).rows[0].sequence_name;
    await db.admin.query(`SELECT setval('${seq}', 999999)`);
    const { rows } = await db.admin.query(`SELECT app.next_prefixed_id('QB') AS id`);
    expect(rows[0].id).toMatch(/^QB-\d{4}-1000000$/);
  });

  it('refuses malformed prefixes', async () => {
    await expectSqlState(db.admin.query(`SELECT app.next_prefixed_id('x;drop')`), 'BC422');
  });

  it('is unique under concurrency, including the very first id of a prefix', async () => {
    const u = await demoUsers(db);
    const who = u['mkt.staff@demo.local'];
    const ids = await Promise.all(
      Array.from({ length: 40 }, () => asUser(db, who, async (c) => (await c.query(`SELECT app.next_prefixed_id('QC') AS id`)).rows[0].id as string, true)),
    );
    expect(new Set(ids).size).toBe(40);
  });
});
