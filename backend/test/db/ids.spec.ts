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

describe('next_prefixed_ids() (bulk writers: one call per batch)', () => {
  it('hands out n ids of the same format from the same sequence as next_prefixed_id(), in ascending order, the first of a year included', async () => {
    const { rows } = await db.admin.query(`SELECT app.next_prefixed_ids('QD', 3) AS a, extract(year FROM now() AT TIME ZONE 'Asia/Jakarta')::int AS y`);
    const y = rows[0].y;
    expect(rows[0].a).toEqual([`QD-${y}-000001`, `QD-${y}-000002`, `QD-${y}-000003`]);
    const one = await db.admin.query(`SELECT app.next_prefixed_id('QD') AS id`);
    expect(one.rows[0].id).toBe(`QD-${y}-000004`);
    const more = await db.admin.query(`SELECT app.next_prefixed_ids('QD', 2) AS a, app.next_prefixed_ids('QD', 0) AS none`);
    expect(more.rows[0]).toEqual({ a: [`QD-${y}-000005`, `QD-${y}-000006`], none: [] });
    const reg = await db.admin.query(`SELECT count(*)::int AS n FROM app.id_sequences WHERE prefix = 'QD'`);
    expect(reg.rows[0].n).toBe(1);
  });

  it('keeps counting past 999999 exactly as next_prefixed_id() formats it', async () => {
    await db.admin.query(`SELECT app.next_prefixed_ids('QE', 1)`);
    const seq = (await db.admin.query(`SELECT sequence_name FROM app.id_sequences WHERE prefix = 'QE'`)).rows[0].sequence_name;
    await db.admin.query(`SELECT setval('${seq}', 999998)`);
    const { rows } = await db.admin.query(`SELECT app.next_prefixed_ids('QE', 2) AS a, app.next_prefixed_id('QE') AS b`);
    expect(rows[0].a[0]).toMatch(/^QE-\d{4}-999999$/);
    expect(rows[0].a[1]).toMatch(/^QE-\d{4}-1000000$/);
    expect(rows[0].b).toMatch(/^QE-\d{4}-1000001$/);
  });

  it('refuses malformed prefixes and is not callable by application roles', async () => {
    await expectSqlState(db.admin.query(`SELECT app.next_prefixed_ids('x;drop', 2)`), 'BC422');
    const { rows } = await db.admin.query(
      `SELECT has_function_privilege('authenticated', 'app.next_prefixed_ids(text, integer)', 'EXECUTE') AS auth,
              has_function_privilege('anon', 'app.next_prefixed_ids(text, integer)', 'EXECUTE') AS anon,
              has_function_privilege('bcc_api', 'app.next_prefixed_ids(text, integer)', 'EXECUTE') AS api`);
    expect(rows[0]).toEqual({ auth: false, anon: false, api: false });
  });

  it('is unique under concurrency, mixed with single ids, the very first id of a prefix included, and holds no lock', async () => {
    const calls = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? db.admin.query(`SELECT ARRAY[app.next_prefixed_id('QF')] AS a`)
        : db.admin.query(`SELECT app.next_prefixed_ids('QF', 25) AS a`));
    const ids = (await Promise.all(calls)).flatMap((r) => r.rows[0].a as string[]);
    expect(ids.length).toBe(10 + 20 * 25);
    expect(new Set(ids).size).toBe(ids.length);
    // A transaction that took ids and is still open does not hold up another one.
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT app.next_prefixed_ids('QF', 10)`);
      const other = await db.admin.query(`SELECT app.next_prefixed_ids('QF', 10) AS a`);
      expect(other.rows[0].a).toHaveLength(10);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });
});
