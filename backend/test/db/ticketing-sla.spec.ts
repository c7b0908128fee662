import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';

/**
 * Business time (Mon–Fri 08:00–17:00 Asia/Jakarta minus app.holidays) and the
 * SLA built on it: table tests with hand-computed answers, the waiting pause,
 * breach / at-risk / paused states, the daily median and stale tickets.
 * Calendar used: Mon 2026-11-02 … Mon 2026-11-09; Fri 2026-12-25 (Christmas)
 * and Mon 2026-08-17 (Independence Day) are holidays in the seeded table.
 */
let db: TestDatabase;
let u: Record<string, Session & { email: string }>;
beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
});
afterAll(async () => {
  await db.drop();
});

const q1 = async (sql: string, params: unknown[] = []) => (await db.admin.query(sql, params)).rows[0];
const ts = (s: string) => `${s}+07`;

describe('business_minutes(a, b) — per calendar day, never minute by minute', () => {
  it.each([
    ['same day, inside hours', '2026-11-02 09:00', '2026-11-02 10:30', 90],
    ['starts before 08:00', '2026-11-02 06:00', '2026-11-02 09:00', 60],
    ['ends after 17:00', '2026-11-02 16:00', '2026-11-02 20:00', 60],
    ['entirely after hours', '2026-11-02 18:00', '2026-11-02 23:00', 0],
    ['overnight', '2026-11-02 16:00', '2026-11-03 09:00', 120],
    ['over a weekend', '2026-11-06 16:00', '2026-11-09 09:00', 120],
    ['inside a weekend', '2026-11-07 09:00', '2026-11-08 17:00', 0],
    ['over Christmas (Fri holiday) and a weekend', '2026-12-24 16:00', '2026-12-28 09:00', 120],
    ['over a Monday holiday', '2026-08-14 16:00', '2026-08-18 09:00', 120],
    ['a whole week', '2026-11-02 08:00', '2026-11-09 08:00', 2700],
    ['a whole working day from before to after hours', '2026-11-03 00:00', '2026-11-03 23:59', 540],
    ['seconds count', '2026-11-02 09:00:00', '2026-11-02 09:00:30', 0.5],
    ['reversed', '2026-11-03 09:00', '2026-11-02 09:00', 0],
    ['empty', '2026-11-02 09:00', '2026-11-02 09:00', 0],
  ])('%s: %s → %s = %d', async (_name, a, b, expected) => {
    const r = await q1('SELECT app.business_minutes($1::timestamptz, $2::timestamptz)::float8 AS m', [ts(a), ts(b)]);
    expect(r.m).toBe(expected);
  });

  it('reads its instants in Asia/Jakarta whatever offset they were written with', async () => {
    const r = await q1(`SELECT app.business_minutes('2026-11-02T01:00:00Z', '2026-11-02T10:00:00Z')::float8 AS m`);
    expect(r.m).toBe(540);
  });

  it('a holiday added by the admin is skipped from then on', async () => {
    const before = await q1(`SELECT app.business_minutes('2026-11-10 08:00+07', '2026-11-11 08:00+07')::float8 AS m`);
    const after = await asUser(db, u['admin@demo.local'], async (c) => {
      await c.query(`INSERT INTO app.holidays (holiday_date, name) VALUES ('2026-11-10', 'Libur uji')`);
      return (await c.query(`SELECT app.business_minutes('2026-11-10 08:00+07', '2026-11-11 08:00+07')::float8 AS m`)).rows[0].m;
    });
    expect([before.m, after]).toEqual([540, 0]);
  });
});

describe('add_business_minutes(ts, n) — the inverse', () => {
  it.each([
    ['inside hours', '2026-11-02 09:00', 60, '2026-11-02 10:00'],
    ['across the night', '2026-11-02 16:30', 60, '2026-11-03 08:30'],
    ['across the weekend', '2026-11-06 16:30', 60, '2026-11-09 08:30'],
    ['from a Saturday', '2026-11-07 10:00', 30, '2026-11-09 08:30'],
    ['from before 08:00', '2026-11-02 06:00', 10, '2026-11-02 08:10'],
    ['from after 17:00', '2026-11-02 20:00', 10, '2026-11-03 08:10'],
    ['across Christmas', '2026-12-24 16:30', 60, '2026-12-28 08:30'],
    ['exactly to closing time', '2026-11-02 08:00', 540, '2026-11-02 17:00'],
    ['one minute more', '2026-11-02 08:00', 541, '2026-11-03 08:01'],
    ['three working days', '2026-11-02 09:00', 1620, '2026-11-05 09:00'],
    ['zero', '2026-11-02 09:00', 0, '2026-11-02 09:00'],
  ])('%s: %s + %d → %s', async (_name, from, n, expected) => {
    const r = await q1(`SELECT to_char(app.add_business_minutes($1::timestamptz, $2) AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS t`, [ts(from), n]);
    expect(r.t).toBe(expected);
  });

  it('business_minutes(ts, add_business_minutes(ts, n)) = n for hundreds of (ts, n)', async () => {
    const r = await q1(`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE app.business_minutes(x.ts, app.add_business_minutes(x.ts, x.m)) <> x.m)::int AS bad
        FROM (SELECT g AS ts, (1 + (extract(epoch FROM g)::bigint / 60) % 3000)::numeric AS m
                FROM generate_series('2026-12-20 00:00+07'::timestamptz, '2026-12-31 00:00+07', interval '53 minutes') g) x`);
    expect(r.n).toBeGreaterThan(200);
    expect(r.bad).toBe(0);
  });
});

/** A complaint (normal: first response 120, resolution 1620 business minutes) with a history written by hand, then recomputed. */
async function ticketWithHistory(createdAt: string, events: [string, string, string][], status: string, extra = ''): Promise<Record<string, any>> {
  const c = await db.admin.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: u['sales1@demo.local'].user_id })]);
    const id = (await c.query(`SELECT ticket_id FROM app.ticket_create('{"ticket_type":"complaint","dept_target":"DOM","description":"x","shipment_reference":"SLA-1"}')`)).rows[0].ticket_id;
    await c.query(`SELECT set_config('request.jwt.claims', '', true)`);
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query(`UPDATE app.tickets SET created_at = $2, ticket_status = $3::app.ticket_status ${extra} WHERE ticket_id = $1`, [id, ts(createdAt), status]);
    for (const [from, to, at] of events) {
      await c.query(`INSERT INTO app.sla_events (ticket_id, event_type, metadata, occurred_at) VALUES ($1, 'STATUS_CHANGE', $2, $3)`, [id, { from, to }, ts(at)]);
      if (to === 'RESOLVED') await c.query(`INSERT INTO app.sla_events (ticket_id, event_type, occurred_at) VALUES ($1, 'RESOLVED', $2) ON CONFLICT DO NOTHING`, [id, ts(at)]);
    }
    await c.query('SELECT app.ticket_recompute_sla($1)', [id]);
    const r = (await c.query(
      `SELECT ticket_id, to_char(first_response_due_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS fr_due,
              to_char(resolution_due_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS res_due,
              to_char(resolved_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS resolved,
              paused_business_minutes::float8 AS paused, resolution_business_minutes::float8 AS res_bm, resolution_minutes::float8 AS res_min,
              to_char(waiting_since AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS waiting
         FROM app.tickets WHERE ticket_id = $1`, [id])).rows[0];
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

describe('time waiting on the customer does not count', () => {
  it('a one-day wait shifts the due times by one business day and is excluded from the resolution time', async () => {
    const r = await ticketWithHistory('2026-11-02 09:00', [
      ['OPEN', 'IN_PROGRESS', '2026-11-02 09:30'],
      ['IN_PROGRESS', 'WAITING_CUSTOMER', '2026-11-02 10:00'],
      ['WAITING_CUSTOMER', 'IN_PROGRESS', '2026-11-03 10:00'],
      ['IN_PROGRESS', 'RESOLVED', '2026-11-04 11:00'],
    ], 'RESOLVED');
    // Without the wait: first response due Mon 11:00, resolution due Thu 09:00; both shifted by 540.
    expect(r).toMatchObject({ fr_due: '2026-11-03 11:00', res_due: '2026-11-06 09:00', resolved: '2026-11-04 11:00', paused: 540, res_bm: 660 });
    // Calendar form: 50 h − the 24 h wait = 26 h.
    expect(r.res_min).toBe(26 * 60);
  });

  it.each([
    ['over a weekend', 'Fri 16:00 → Mon 09:00', '2026-11-06 16:00', '2026-11-09 09:00', 120],
    ['outside business hours only', 'Mon 18:00 → Mon 20:00', '2026-11-02 18:00', '2026-11-02 20:00', 0],
    ['across Christmas', 'Thu 16:00 → Mon 09:00', '2026-12-24 16:00', '2026-12-28 09:00', 120],
  ])('a wait %s (%s) pauses exactly the business minutes in it', async (_n, _d, from, to, paused) => {
    const created = from.slice(0, 10) + ' 08:00';
    const r = await ticketWithHistory(created, [
      ['OPEN', 'IN_PROGRESS', created.slice(0, 10) + ' 08:05'],
      ['IN_PROGRESS', 'WAITING_CUSTOMER', from],
      ['WAITING_CUSTOMER', 'IN_PROGRESS', to],
    ], 'IN_PROGRESS');
    const plain = await q1(`SELECT to_char(app.add_business_minutes(app.add_business_minutes($1::timestamptz, 1620), $2) AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') AS d`, [ts(created), paused]);
    expect(r).toMatchObject({ paused, res_due: plain.d, waiting: null });
  });

  it('a wait that starts after a due time passed does not move that due time', async () => {
    const r = await ticketWithHistory('2026-11-02 08:00', [
      ['OPEN', 'IN_PROGRESS', '2026-11-02 08:30'],
      ['IN_PROGRESS', 'WAITING_CUSTOMER', '2026-11-02 12:00'],
      ['WAITING_CUSTOMER', 'IN_PROGRESS', '2026-11-02 14:00'],
    ], 'IN_PROGRESS');
    // Resolution due Wed 17:00 (3 × 540) was still ahead: shifted by 120 to Thu 10:00; first response due Mon 10:00 had passed.
    expect(r).toMatchObject({ paused: 120, fr_due: '2026-11-02 10:00', res_due: '2026-11-05 10:00' });
  });

  it('still waiting: waiting_since is kept and nothing is shifted yet', async () => {
    const r = await ticketWithHistory('2026-11-02 08:00', [
      ['OPEN', 'IN_PROGRESS', '2026-11-02 08:30'],
      ['IN_PROGRESS', 'WAITING_CUSTOMER', '2026-11-02 09:00'],
    ], 'WAITING_CUSTOMER');
    expect(r).toMatchObject({ waiting: '2026-11-02 09:00', paused: 0, res_due: '2026-11-04 17:00' });
  });

  it('the lifecycle trigger does the same live: leaving WAITING_CUSTOMER shifts by the business time waited', async () => {
    const id = (await db.admin.query(`SELECT t.ticket_id FROM app.tickets t WHERE t.ticket_status = 'IN_PROGRESS' AND t.dept_target = 'DOM' LIMIT 1`)).rows[0].ticket_id;
    await db.admin.query(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE app.tickets SET ticket_status = 'WAITING_CUSTOMER', waiting_since = now() - interval '3 days', resolved_at = NULL,
             resolution_due_at = now() + interval '1 hour', resolution_risk_at = now() - interval '1 hour' WHERE ticket_id = '${id}'; COMMIT;`);
    const r = await asUser(db, u['ops.dom@demo.local'], async (c) => {
      const before = (await c.query(`SELECT waiting_since, resolution_due_at, paused_business_minutes FROM app.tickets WHERE ticket_id = $1`, [id])).rows[0];
      const sla = (await c.query(`SELECT sla_state, resolution_breached FROM app.v_ticket_sla WHERE ticket_id = $1`, [id])).rows[0];
      await c.query(`SELECT app.ticket_update($1, '{"status":"IN_PROGRESS"}')`, [id]);
      const exp = (await c.query(`SELECT app.business_minutes($1::timestamptz, now()) AS p, app.add_business_minutes($2::timestamptz, app.business_minutes($1::timestamptz, now())) AS due`, [before.waiting_since, before.resolution_due_at])).rows[0];
      const after = (await c.query(`SELECT waiting_since, resolution_due_at, paused_business_minutes FROM app.tickets WHERE ticket_id = $1`, [id])).rows[0];
      return { sla, exp, after, before };
    });
    expect(r.sla).toEqual({ sla_state: 'paused', resolution_breached: false });
    expect(r.after.waiting_since).toBeNull();
    expect(Number(r.after.paused_business_minutes)).toBeCloseTo(Number(r.before.paused_business_minutes) + Number(r.exp.p), 1);
    expect(r.after.resolution_due_at).toEqual(r.exp.due);
  });
});

describe('breach and at-risk (stored due times vs now())', () => {
  const open: Record<string, string> = {
    ticket_status: `'OPEN'`, waiting_since: 'NULL', resolved_at: 'NULL', closed_at: 'NULL', first_response_at: 'NULL',
    resolution_risk_at: `now() + interval '2 days'`, resolution_due_at: `now() + interval '3 days'`,
  };
  async function shaped(set: Record<string, string>): Promise<Record<string, any>> {
    const id = (await db.admin.query(`SELECT ticket_id FROM app.tickets WHERE ticket_type = 'general_request' AND dept_target = 'FIN' ORDER BY ticket_id LIMIT 1`)).rows[0].ticket_id;
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      await c.query(`UPDATE app.tickets SET ${Object.entries(set).map(([k, v]) => `${k} = ${v}`).join(', ')} WHERE ticket_id = $1`, [id]);
      return (await c.query(`SELECT sla_state, is_open, first_response_breached, first_response_at_risk, resolution_breached, resolution_at_risk,
                                    business_minutes_to_due::float8 AS left FROM app.v_ticket_sla WHERE ticket_id = $1`, [id])).rows[0];
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  }

  it('unanswered past the first-response due time → breached', async () => {
    expect(await shaped({ ...open, first_response_risk_at: `now() - interval '2 hours'`, first_response_due_at: `now() - interval '1 hour'` }))
      .toMatchObject({ sla_state: 'breached', first_response_breached: true, first_response_at_risk: false, is_open: true });
  });
  it('≥ 80 % elapsed and still open → at_risk, with the business time left', async () => {
    const r = await shaped({ ...open, first_response_risk_at: `now() - interval '1 minute'`, first_response_due_at: `now() + interval '10 days'` });
    expect(r).toMatchObject({ sla_state: 'at_risk', first_response_at_risk: true, first_response_breached: false });
    expect(r.left).toBeGreaterThan(0);
  });
  it('< 80 % elapsed → on_track', async () => {
    expect(await shaped({ ...open, first_response_risk_at: `now() + interval '1 hour'`, first_response_due_at: `now() + interval '2 hours'` }))
      .toMatchObject({ sla_state: 'on_track', first_response_at_risk: false, first_response_breached: false });
  });
  it('answered in time but resolution overdue → breached on resolution', async () => {
    expect(await shaped({ ...open, ticket_status: `'IN_PROGRESS'`, first_response_at: `now() - interval '5 days'`, first_response_due_at: `now() - interval '4 days'`,
                          resolution_risk_at: `now() - interval '3 days'`, resolution_due_at: `now() - interval '1 day'` }))
      .toMatchObject({ sla_state: 'breached', first_response_breached: false, resolution_breached: true });
  });
  it('resolved before the due times → met; after → breached (and no longer open)', async () => {
    const done = { ...open, ticket_status: `'RESOLVED'`, first_response_at: `now() - interval '5 days'`, first_response_due_at: `now() - interval '4 days'` };
    expect(await shaped({ ...done, resolved_at: `now() - interval '2 days'`, resolution_due_at: `now() - interval '1 day'` })).toMatchObject({ sla_state: 'met', is_open: false });
    expect(await shaped({ ...done, resolved_at: `now() - interval '1 day'`, resolution_due_at: `now() - interval '2 days'` })).toMatchObject({ sla_state: 'breached', is_open: false });
  });
  it('waiting on the customer → paused: the clock stands still, no breach while waiting', async () => {
    expect(await shaped({ ...open, ticket_status: `'WAITING_CUSTOMER'`, first_response_at: `now() - interval '9 days'`, first_response_due_at: 'now()',
                          waiting_since: `now() - interval '5 days'`, resolution_due_at: `now() - interval '4 days'` }))
      .toMatchObject({ sla_state: 'paused', resolution_breached: false });
  });
});

describe('first response views', () => {
  beforeAll(async () => {
    // Days far from the demo data: Mon 2025-03-03 (3 answered: 30, 60, 90), Tue (one unanswered), Wed (10, 20),
    // Thu (created 16:30, answered Fri 08:30: 16 h calendar, 60 business minutes).
    const plan: [string, string | null][] = [
      ['2025-03-03 09:00', '2025-03-03 09:30'], ['2025-03-03 09:00', '2025-03-03 10:00'], ['2025-03-03 09:00', '2025-03-03 10:30'],
      ['2025-03-04 09:00', null], ['2025-03-05 09:00', '2025-03-05 09:10'], ['2025-03-05 09:00', '2025-03-05 09:20'], ['2025-03-06 16:30', '2025-03-07 08:30'],
    ];
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      for (const [created, answered] of plan) {
        await c.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: u['sales1@demo.local'].user_id })]);
        const id = (await c.query(`SELECT ticket_id FROM app.ticket_create('{"ticket_type":"complaint","dept_target":"WHS","description":"x","shipment_reference":"MED-1"}')`)).rows[0].ticket_id;
        await c.query(`SELECT set_config('request.jwt.claims', '', true)`);
        await c.query('SET LOCAL session_replication_role = replica');
        await c.query('UPDATE app.tickets SET created_at = $2, first_response_at = $3 WHERE ticket_id = $1', [id, ts(created), answered ? ts(answered) : null]);
        await c.query('SELECT app.ticket_recompute_sla($1)', [id]);
        await c.query('SET LOCAL session_replication_role = origin');
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
  });

  it('per ticket: calendar and business minutes', async () => {
    const r = await asUser(db, u['admin@demo.local'], (c) =>
      c.query(`SELECT first_response_minutes::float8 AS cal, first_response_business_minutes::float8 AS bus FROM app.v_ticket_first_response
                WHERE created_day = '2025-03-06'`));
    expect(r.rows).toEqual([{ cal: 960, bus: 60 }]);
  });

  it('daily medians; days without an answered ticket are absent (not 0)', async () => {
    const r = await asUser(db, u['admin@demo.local'], (c) =>
      c.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, tickets, median_first_response_minutes::float8 AS cal, median_first_response_business_minutes::float8 AS bus
                 FROM app.v_ticket_first_response_median_daily WHERE day BETWEEN '2025-03-01' AND '2025-03-09' ORDER BY day`));
    expect(r.rows).toEqual([
      { day: '2025-03-03', tickets: 3, cal: 60, bus: 60 },
      { day: '2025-03-05', tickets: 2, cal: 15, bus: 15 },
      { day: '2025-03-06', tickets: 1, cal: 960, bus: 60 },
    ]);
    const d = await asUser(db, u['admin@demo.local'], (c) =>
      c.query(`SELECT dept_target, sum(tickets)::int AS n FROM app.v_ticket_first_response_median_daily_dept WHERE day BETWEEN '2025-03-01' AND '2025-03-09' GROUP BY 1`));
    expect(d.rows).toEqual([{ dept_target: 'WHS', n: 6 }]);
  });

  it('the medians follow RLS: a salesperson sees only the days of tickets visible to them', async () => {
    const r = await asUser(db, u['sales2@demo.local'], (c) =>
      c.query(`SELECT count(*)::int AS n FROM app.v_ticket_first_response_median_daily WHERE day BETWEEN '2025-03-01' AND '2025-03-09'`));
    expect(r.rows[0].n).toBe(0);
  });
});

describe('stale tickets', () => {
  it('open tickets idle past app.stale_thresholds(ticket); closed ones never; the threshold is data', async () => {
    const ids = (await db.admin.query(`SELECT ticket_id FROM app.tickets WHERE dept_target = 'DOM' AND NOT need_customer_masking ORDER BY ticket_id LIMIT 3`)).rows.map((r) => r.ticket_id);
    await db.admin.query(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE app.tickets SET ticket_status = 'IN_PROGRESS', closed_at = NULL, last_activity_at = now() - interval '3 days' WHERE ticket_id = '${ids[0]}';
      UPDATE app.tickets SET ticket_status = 'IN_PROGRESS', closed_at = NULL, last_activity_at = now() - interval '1 day' WHERE ticket_id = '${ids[1]}';
      UPDATE app.tickets SET ticket_status = 'CLOSED', closed_at = now() - interval '9 days', last_activity_at = now() - interval '9 days' WHERE ticket_id = '${ids[2]}';
      COMMIT;`);
    const stale = async (email: string) => new Set((await asUser(db, u[email], (c) => c.query('SELECT ticket_id, idle_hours, threshold_hours FROM app.v_tickets_stale'))).rows.map((r) => r.ticket_id));
    const s = await stale('ops.dom@demo.local');
    expect([s.has(ids[0]), s.has(ids[1]), s.has(ids[2])]).toEqual([true, false, false]);
    expect((await stale('sales2@demo.local')).has(ids[0])).toBe(false);
    const lowered = await asUser(db, u['admin@demo.local'], async (c) => {
      await c.query(`UPDATE app.stale_thresholds SET threshold = interval '12 hours' WHERE entity = 'ticket'`);
      return new Set((await c.query('SELECT ticket_id FROM app.v_tickets_stale')).rows.map((r) => r.ticket_id));
    });
    expect([lowered.has(ids[0]), lowered.has(ids[1]), lowered.has(ids[2])]).toEqual([true, true, false]);
  });

  it('thresholds exist for the dashboard\'s other stuck lists too', async () => {
    const r = await db.admin.query(`SELECT entity FROM app.stale_thresholds ORDER BY entity`);
    expect(r.rows.map((x) => x.entity)).toEqual(['import', 'lead', 'prospect', 'ticket']);
  });
});

describe('SLA-state counts and stale pages from the open-ticket indexes (0760) = the views', () => {
  const viewCounts = `SELECT count(*)::int AS open,
                             count(*) FILTER (WHERE sla_state = 'on_track')::int AS on_track,
                             count(*) FILTER (WHERE sla_state = 'at_risk')::int AS at_risk,
                             count(*) FILTER (WHERE sla_state = 'breached')::int AS breached,
                             count(*) FILTER (WHERE sla_state = 'paused')::int AS paused
                        FROM app.v_ticket_sla WHERE is_open AND ($1::text IS NULL OR dept_target = $1)`;

  beforeAll(async () => {
    // Every ticket gets an independent mix of status, pause, answer, resolution and due/risk
    // times around now() (past, near, future, none), so each SLA state and edge shows up.
    await db.admin.query(`BEGIN; SET LOCAL session_replication_role = replica;
      WITH s AS (SELECT ticket_id, ticket_type, abs(hashtext(ticket_id || 'sla-0760')) AS h FROM app.tickets),
           w AS (SELECT s.*, (ARRAY[NULL, '-3 days', '-30 minutes', '+1 hour'])[1 + (s.h / 7) % 4]::interval AS fr_risk,
                             (ARRAY[NULL, '-2 days', '+2 hours', '+1 day'])[1 + (s.h / 7) % 4]::interval AS fr_due,
                             (ARRAY[NULL, '-1 day', '-1 minute', '+3 hours'])[1 + (s.h / 29) % 4]::interval AS res_risk,
                             (ARRAY[NULL, '-2 hours', '+1 day', '+2 days'])[1 + (s.h / 29) % 4]::interval AS res_due
                FROM s)
      UPDATE app.tickets t SET
        ticket_status = CASE WHEN w.ticket_type = 'inquiry_tariff' THEN NULL
                             ELSE (ARRAY['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'OPEN', 'RESOLVED', 'CLOSED'])[1 + w.h % 6]::app.ticket_status END,
        inquiry_status = CASE WHEN w.ticket_type = 'inquiry_tariff'
                              THEN (ARRAY['OPEN', 'IN_PROGRESS', 'QUOTED', 'OPEN', 'WON', 'CANCELLED'])[1 + w.h % 6]::app.inquiry_status END,
        closed_at = CASE WHEN w.h % 6 IN (4, 5) AND (w.ticket_type = 'inquiry_tariff' OR w.h % 6 = 5) THEN now() - interval '1 hour' END,
        waiting_since = now() + (ARRAY[NULL, '-2 days', '-1 hour'])[1 + (w.h / 113) % 3]::interval,
        first_response_at = now() + (ARRAY[NULL, '-5 days', '-10 minutes', NULL])[1 + (w.h / 227) % 4]::interval,
        resolved_at = now() + (ARRAY[NULL, '-4 days', NULL])[1 + (w.h / 911) % 3]::interval,
        first_response_risk_at = now() + w.fr_risk, first_response_due_at = now() + w.fr_due,
        resolution_risk_at = now() + w.res_risk, resolution_due_at = now() + w.res_due,
        last_activity_at = now() - ((w.h / 3001) % 6) * interval '1 day'
        FROM w WHERE w.ticket_id = t.ticket_id;
      COMMIT;`);
  });

  it('for every demo user, overall and per department, the function counts exactly what the view does', async () => {
    const depts = [null, ...(await db.admin.query(`SELECT dept_code FROM app.departments ORDER BY dept_code`)).rows.map((r) => r.dept_code as string)];
    let compared = 0;
    for (const email of Object.keys(u).sort()) {
      const got = await asUser(db, u[email], async (c) => {
        const out: Array<[unknown, unknown]> = [];
        for (const d of depts) {
          out.push([(await c.query('SELECT * FROM app.ticket_sla_summary($1)', [d])).rows[0], (await c.query(viewCounts, [d])).rows[0]]);
        }
        return out;
      });
      for (const [fn, view] of got) expect(fn).toEqual(view);
      compared += got.length;
    }
    expect(compared).toBe(Object.keys(u).length * depts.length);
    // the data covers every state for the whole book
    const all = await asUser(db, u['admin@demo.local'], async (c) => (await c.query('SELECT * FROM app.ticket_sla_summary(NULL)')).rows[0]);
    expect(Math.min(all.on_track, all.at_risk, all.breached, all.paused)).toBeGreaterThan(0);
  });

  it('follows RLS: a salesperson counts only the tickets visible to them; anon may not call it', async () => {
    const sum = (email: string) => asUser(db, u[email], async (c) => (await c.query('SELECT * FROM app.ticket_sla_summary(NULL)')).rows[0]);
    const [admin, sales] = [await sum('admin@demo.local'), await sum('sales2@demo.local')];
    expect(sales.open).toBeLessThan(admin.open);
    const visible = await asUser(db, u['sales2@demo.local'], async (c) =>
      (await c.query(`SELECT count(*)::int AS n FROM app.tickets WHERE coalesce(ticket_status::text, inquiry_status::text) IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER')`)).rows[0].n);
    expect(sales.open).toBe(visible);
    await expectSqlState(asUser(db, null, (c) => c.query('SELECT * FROM app.ticket_sla_summary(NULL)')), '42501');
  });

  it('a stale page walked by keyset equals v_tickets_stale in order, for every demo user and filter', async () => {
    const order = 'ORDER BY last_activity_at, ticket_id';
    let walked = 0;
    for (const email of Object.keys(u).sort()) {
      const me = u[email];
      for (const [dept, mine, queue] of [[null, false, false], [null, true, false], [null, false, true], ['DOM', false, false]] as const) {
        const { pages, expected } = await asUser(db, me, async (c) => {
          const expected = (await c.query(
            `SELECT ticket_id, status, idle_hours::float8, threshold_hours::float8 FROM app.v_tickets_stale
              WHERE ($1::text IS NULL OR dept_target = $1) AND (NOT $2 OR created_by = $4 OR assigned_to_user_id = $4)
                AND (NOT $3 OR dept_target = app.current_dept()) ${order}`, [dept, mine, queue, me.user_id])).rows;
          const pages: unknown[] = [];
          let after: [string | null, string | null] = [null, null];
          for (;;) {
            const page = (await c.query(`SELECT ticket_id, status, idle_hours::float8, threshold_hours::float8, last_activity_at::text
                                            FROM app.tickets_stale_page($1, $2, $3, $4, $5, 4) ${order}`, [dept, mine, queue, ...after])).rows;
            pages.push(...page.map(({ last_activity_at: _l, ...r }) => r));
            if (page.length < 4) break;
            after = [page[3].last_activity_at, page[3].ticket_id];
          }
          return { pages, expected };
        });
        expect(pages).toEqual(expected);
        walked += expected.length;
      }
    }
    // the data has stale tickets for many callers, ops' masked RFQs among them
    expect(walked).toBeGreaterThan(50);
    const opsMasked = await asUser(db, u['ops.dom@demo.local'], async (c) =>
      (await c.query(`SELECT count(*)::int AS n FROM app.tickets_stale_page(NULL, false, false, NULL, NULL, 1000) WHERE need_customer_masking`)).rows[0].n);
    expect(opsMasked).toBeGreaterThan(0);
  });

  it('stale pages follow RLS: a salesperson never gets a ticket outside their scope', async () => {
    const page = (email: string) => asUser(db, u[email], async (c) => new Set((await c.query(`SELECT ticket_id FROM app.tickets_stale_page(NULL, false, false, NULL, NULL, 1000)`)).rows.map((r) => r.ticket_id as string)));
    const [admin, sales1, sales2] = [await page('admin@demo.local'), await page('sales1@demo.local'), await page('sales2@demo.local')];
    expect(sales2.size).toBeLessThan(admin.size);
    const visible2 = await asUser(db, u['sales2@demo.local'], async (c) => new Set((await c.query('SELECT ticket_id FROM app.tickets')).rows.map((r) => r.ticket_id as string)));
    expect([...sales2].every((id) => visible2.has(id))).toBe(true);
    expect([...sales1].filter((id) => !visible2.has(id)).length).toBeGreaterThan(0);
  });

  it('the window\'s first-response medians equal the daily median views restricted to it, for every demo user', async () => {
    let days = 0;
    for (const email of Object.keys(u).sort()) {
      const got = await asUser(db, u[email], async (c) => {
        const out: Array<[unknown, unknown]> = [];
        for (const [from, to, dept] of [['2026-01-01', '2026-12-31', null], ['2026-10-01', '2026-11-30', null], ['2026-01-01', '2026-12-31', 'DOM']] as const) {
          const fn = (await c.query(`SELECT day::text, tickets, median_first_response_minutes::float8 AS m, median_first_response_business_minutes::float8 AS bm
                                       FROM app.ticket_first_response_daily($1, $2, $3) ORDER BY day`, [from, to, dept])).rows;
          const view = (await c.query(`SELECT day::text, tickets, median_first_response_minutes::float8 AS m, median_first_response_business_minutes::float8 AS bm
                                         FROM ${dept ? 'app.v_ticket_first_response_median_daily_dept' : 'app.v_ticket_first_response_median_daily'}
                                        WHERE day BETWEEN $1 AND $2 ${dept ? 'AND dept_target = $3' : ''} ORDER BY day`, dept ? [from, to, dept] : [from, to])).rows;
          out.push([fn, view]);
        }
        return out;
      });
      for (const [fn, view] of got) {
        expect(fn).toEqual(view);
        days += (view as unknown[]).length;
      }
    }
    expect(days).toBeGreaterThan(20);
  });

  it('stale leads and prospects (0761: cut-off as an index condition) are the rows of the threshold join, for every demo user', async () => {
    await db.admin.query(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE app.leads SET last_activity_at = now() - ((abs(hashtext(lead_id)) % 9) * interval '12 hours');
      UPDATE app.prospects SET last_activity_at = now() - ((abs(hashtext(prospect_id)) % 9) * interval '3 days');
      COMMIT;`);
    const oracle = {
      lead: `SELECT l.lead_id AS id, round(extract(epoch FROM th.threshold) / 3600, 1)::float8 AS th FROM app.leads l JOIN app.stale_thresholds th ON th.entity = 'lead'
              WHERE l.status IN ('NEW', 'QUALIFIED') AND l.last_activity_at < now() - th.threshold ORDER BY 1`,
      prospect: `SELECT p.prospect_id AS id, round(extract(epoch FROM th.threshold) / 3600, 1)::float8 AS th FROM app.prospects p JOIN app.stale_thresholds th ON th.entity = 'prospect'
                  WHERE p.stage NOT IN ('WON', 'LOST') AND p.last_activity_at < now() - th.threshold ORDER BY 1`,
    };
    let rows = 0;
    for (const email of Object.keys(u).sort()) {
      const [leads, leadsWant, prospects, prospectsWant] = await asUser(db, u[email], async (c) => [
        (await c.query('SELECT lead_id AS id, threshold_hours::float8 AS th FROM app.v_leads_stale ORDER BY 1')).rows,
        (await c.query(oracle.lead)).rows,
        (await c.query('SELECT prospect_id AS id, threshold_hours::float8 AS th FROM app.v_prospects_stale ORDER BY 1')).rows,
        (await c.query(oracle.prospect)).rows,
      ]);
      expect(leads).toEqual(leadsWant);
      expect(prospects).toEqual(prospectsWant);
      rows += leads.length + prospects.length;
    }
    expect(rows).toBeGreaterThan(20);
  });
});
