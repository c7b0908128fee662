#!/usr/bin/env node
// P2: every dashboard / list endpoint on the large dataset, as a salesperson
// and as the director (and the ops RFQ queue as ops): p50/p95 of the first
// page through the real API (its own process, NODE_ENV=production), and for
// each RLS-filtered list the same first-page query run in SQL twice,
// interleaved: as `authenticated` with the user's claims (RLS on) and as the
// owner with the equivalent WHERE written out — reporting the ratio.
// Not a test.
//
//   npm run bench:p2 [-- --scale small|large|0.05] [--data-dir DIR] [--database-url URL] [--requests 30] [--only rfq] [--explain-dir DIR]
//
// The dataset comes from the generator (database/generator). With
// --database-url (a superuser URL of a migrated database) it is used as is
// (generated first when it holds no generated data). Otherwise an embedded
// PostgreSQL keeps it in --data-dir (default: <tmp>/bcc-bench-p2-scale<S>)
// so the (slow at scale 1) generation happens once; later runs reuse it and
// only apply pending migrations. Generation time is printed when it runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import {
  API_PASSWORD, fmt, importDist, login, machine, median, pct, requireBuild, startApi, table,
} from './lib/harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split(/\s*--/).filter(Boolean).map((a) => a.split(/[ =]/)));
const { generateDataset, scaleOf } = await import('../database/generator/generate.mjs');
const SCALE = scaleOf(args.scale ?? 0.05);
const SEED = Number(args.seed ?? 42);
const REQUESTS = Number(args.requests ?? 30);
const SQL_REPEATS = Number(args['sql-repeats'] ?? 15);
// --only <substring>: measure only the endpoints (and SQL pairs) whose label contains it.
const ONLY = args.only ? String(args.only).toLowerCase() : null;
// --explain-dir DIR: save EXPLAIN (ANALYZE, BUFFERS) of the RLS and the owner query of the slowest pair per role.
const EXPLAIN_DIR = args['explain-dir'] ? String(args['explain-dir']) : null;
requireBuild();
const pg = (await import('pg')).default;
const { bootstrapDatabase, migrate } = await importDist('core/database/migrator.js');
const { DEMO_PASSWORD } = await importDist('core/database/seed.js');
const { ARGON2_OPTIONS } = await importDist('core/auth/password.js');
const { hash } = await import('@node-rs/argon2');

// ------------------------------------------------------------ the dataset ---
let cluster;
let adminUrl = args['database-url'];
if (!adminUrl) {
  const { startEmbeddedPostgres } = await importDist('core/database/embedded.js');
  const dir = args['data-dir'] ?? join(tmpdir(), `bcc-bench-p2-scale${SCALE}`);
  mkdirSync(dir, { recursive: true });
  const port = Number(args.port ?? 0) || (await (await import('./lib/harness.mjs')).freePort());
  cluster = await startEmbeddedPostgres({ databaseDir: join(dir, 'pg'), port, password: 'bench-superuser' });
  await cluster.createDatabase('bench');
  adminUrl = cluster.adminUrl('bench');
  console.log(`embedded PostgreSQL in ${dir} (kept for the next run)`);
}
const apiUrl = (() => {
  const u = new URL(adminUrl);
  u.username = 'bcc_api';
  u.password = API_PASSWORD;
  return u.toString();
})();
let api;
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await bootstrapDatabase(adminUrl, API_PASSWORD);
  const m = await migrate(adminUrl);
  if (m.applied.length) console.log(`migrations applied: ${m.applied.join(', ')}`);
  await admin.connect();
  const generated = Number((await admin.query(`SELECT count(*) FROM app.profiles WHERE email LIKE 'gen.%@gen.local'`)).rows[0].count);
  if (!generated) {
    console.log(`generating the dataset at scale ${SCALE}, seed ${SEED} (scale 1 takes a long while) …`);
    const t0 = performance.now();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await generateDataset(c, { scale: SCALE, seed: SEED, passwordHash: await hash(DEMO_PASSWORD, ARGON2_OPTIONS), log: (s) => console.log(`  ${s}`) });
    } finally {
      await c.end();
    }
    console.log(`generation: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const counts = (await admin.query(`SELECT (SELECT count(*) FROM app.customers) AS customers, (SELECT count(*) FROM app.leads) AS leads,
      (SELECT count(*) FROM app.tickets) AS tickets, (SELECT count(*) FROM app.ticket_messages) AS messages,
      (SELECT count(*) FROM app.invoices) AS invoices, (SELECT count(*) FROM app.payments) AS payments,
      (SELECT count(*) FROM app.profiles WHERE role IN ('salesperson', 'sales_manager')) AS sales`)).rows[0];
  console.log(`P2 on ${machine()}; dataset ${JSON.stringify(counts)}`);

  // ---------------------------------------------------------- personas ---
  const person = async (email) => (await admin.query(`SELECT user_id, role::text AS role, dept_code FROM app.profiles WHERE email = $1`, [email])).rows[0];
  // The salesperson with the most leads (the heaviest own lists).
  const salesEmail = (await admin.query(`SELECT p.email FROM app.profiles p WHERE p.role = 'salesperson' AND p.email LIKE 'gen.%'
      ORDER BY (SELECT count(*) FROM app.leads l WHERE l.sales_owner_user_id = p.user_id) DESC LIMIT 1`)).rows[0].email;
  const personas = {
    salesperson: { email: salesEmail, ...(await person(salesEmail)) },
    director: { email: 'gen.director01@gen.local', ...(await person('gen.director01@gen.local')) },
    ops: { email: 'gen.ops.exi01@gen.local', ...(await person('gen.ops.exi01@gen.local')) },
  };
  const manager = (await admin.query(`SELECT manager_user_id FROM app.profiles WHERE email = $1`, [salesEmail])).rows[0].manager_user_id;

  // ------------------------------------------------------------- HTTP ---
  api = await startApi(apiUrl);
  for (const p of Object.values(personas)) p.token = await login(api.base, p.email, DEMO_PASSWORD);
  const agent = new Agent({ connections: 2 });
  const endpoints = [
    ['dashboard summary', '/api/dashboard/summary'],
    ['leads', '/api/leads'],
    ['leads, search (a surname)', '/api/leads?q=wijaya'],
    ['customers', '/api/customers'],
    ['prospects', '/api/prospects'],
    ['activities', '/api/activities'],
    ['tickets', '/api/tickets'],
    ['tickets, stale', '/api/tickets/stale'],
    ['tickets, SLA summary', '/api/tickets/sla/summary'],
    ['tickets, first response chart', '/api/tickets/sla/first-response'],
    ['ops RFQs (masked)', '/api/ops/rfqs', ['ops']],
    ['invoices', '/api/invoices'],
    ['payments', '/api/payments'],
    ['outstanding', '/api/dso/outstanding'],
    ['aging', '/api/dso/aging'],
    ['rolling DSO', '/api/dso/rolling'],
    ['KPI progress', (p) => `/api/kpi/progress${p === 'director' ? `?assignee_user_id=${manager}` : ''}`],
    ['KPI targets', '/api/kpi/targets'],
    ['imports', '/api/imports'],
    ['audit', '/api/audit', ['director']],
  ];
  const httpRows = [];
  for (const [label, path, only] of endpoints) {
    if (ONLY && !label.toLowerCase().includes(ONLY)) continue;
    for (const who of only ?? ['salesperson', 'director']) {
      const p = personas[who];
      const url = api.base + (typeof path === 'function' ? path(who) : path);
      const lat = [];
      let status = 0;
      for (let i = 0; i < REQUESTS + 3; i++) {
        const t0 = performance.now();
        const res = await request(url, { headers: { authorization: `Bearer ${p.token}` }, dispatcher: agent });
        const body = await res.body.text();
        status = res.statusCode;
        if (status !== 200) {
          if (i === 0) console.log(`  ${label} as ${who}: ${status} ${body.slice(0, 160)}`);
          break;
        }
        if (i >= 3) lat.push(performance.now() - t0);
      }
      if (status !== 200) {
        httpRows.push([label, who, `HTTP ${status}`, '', '', status === 403 || status === 404 ? 'not for this role' : 'failed']);
        continue;
      }
      const p95 = pct(lat, 95);
      httpRows.push([label, who, fmt(pct(lat, 50)), fmt(p95), '≤ 100 ms', p95 <= 100 ? 'met' : 'missed']);
      console.log(`  ${label} as ${who}: p50 ${fmt(pct(lat, 50))} p95 ${fmt(p95)}`);
    }
  }
  await agent.close();

  // ------------------------------------------------ RLS vs owner in SQL ---
  // First pages as the API asks for them (keyset order, 51 rows), under RLS
  // as the user, and as the owner (superuser: no RLS) with the WHERE a
  // hand-written query would use for the same rows.
  const S = personas.salesperson.user_id;
  const mine = `(SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = '${S}')`;
  const pairs = [
    ['leads', 'SELECT * FROM app.leads ORDER BY created_at DESC, lead_id DESC LIMIT 51',
      `SELECT * FROM app.leads WHERE sales_owner_user_id = '${S}' ORDER BY created_at DESC, lead_id DESC LIMIT 51`],
    ['customers', 'SELECT * FROM app.customers ORDER BY company_name, customer_id LIMIT 51',
      `SELECT * FROM app.customers WHERE customer_id IN ${mine} ORDER BY company_name, customer_id LIMIT 51`],
    ['prospects', 'SELECT * FROM app.prospects ORDER BY stage_changed_at DESC, prospect_id DESC LIMIT 51',
      `SELECT * FROM app.prospects WHERE owner_user_id = '${S}' ORDER BY stage_changed_at DESC, prospect_id DESC LIMIT 51`],
    ['activities', 'SELECT * FROM app.sales_activities ORDER BY occurred_at DESC, activity_id DESC LIMIT 51',
      `SELECT * FROM app.sales_activities a WHERE a.owner_user_id = '${S}' OR (a.is_system AND a.prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = '${S}'))
        ORDER BY occurred_at DESC, activity_id DESC LIMIT 51`],
    ['tickets', 'SELECT * FROM app.tickets ORDER BY created_at DESC, ticket_id DESC LIMIT 51',
      `SELECT * FROM app.tickets t WHERE t.created_by = '${S}' OR t.related_customer_id IN ${mine}
          OR t.related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = '${S}')
        ORDER BY created_at DESC, ticket_id DESC LIMIT 51`],
    ['invoices', 'SELECT * FROM app.invoices ORDER BY invoice_date DESC, invoice_id DESC LIMIT 51',
      `SELECT * FROM app.invoices WHERE customer_id IN ${mine} ORDER BY invoice_date DESC, invoice_id DESC LIMIT 51`],
    ['payments', 'SELECT * FROM app.payments ORDER BY payment_date DESC, payment_id DESC LIMIT 51',
      `SELECT y.* FROM app.payments y JOIN app.invoices i ON i.invoice_id = y.invoice_id WHERE i.customer_id IN ${mine}
        ORDER BY y.payment_date DESC, y.payment_id DESC LIMIT 51`],
    ['outstanding (overdue)', 'SELECT * FROM app.v_invoice_outstanding WHERE is_overdue ORDER BY days_past_due DESC, invoice_id LIMIT 51',
      `SELECT * FROM app.v_invoice_outstanding WHERE is_overdue AND customer_id IN ${mine} ORDER BY days_past_due DESC, invoice_id LIMIT 51`],
    ['aging total', 'SELECT sum(total) FROM app.v_ar_aging',
      `SELECT sum(total) FROM app.v_ar_aging WHERE customer_id IN ${mine}`],
    // The AR aggregates of today as the endpoints and the dashboard read them (0730), against the
    // owner reading the same source with the WHERE written out (4th element: the director's owner
    // query, where the function reads the whole-book counters).
    ['AR-totals today (outstanding, overdue, buckets)', 'SELECT * FROM app.ar_open_summary(app.today_jakarta())',
      `SELECT b.due_date, sum(b.amount - b.paid_amount) FROM app.ar_invoice_balances b
        WHERE b.paid_amount < b.amount AND b.customer_id IN ${mine} GROUP BY b.due_date`,
      'SELECT t.due_date, sum(t.outstanding) FROM app.ar_open_due_totals t GROUP BY t.due_date'],
    // Salesperson: the branch query of the function, run by the owner on the same customers (no RLS);
    // director: the threshold walk has no single-query equivalent, so its owner query is the direct
    // aggregate over every open balance (what the walk avoids).
    ['outstanding per customer, first page', 'SELECT * FROM app.ar_outstanding_customers(app.today_jakarta(), NULL, NULL, NULL, NULL, NULL, 51)',
      `SELECT r.*, c.company_name FROM app.ar_outstanding_of_customers(app.today_jakarta(), ARRAY(SELECT DISTINCT p.customer_id FROM app.prospects p
          WHERE p.owner_user_id = '${S}' AND p.customer_id IS NOT NULL)) r LEFT JOIN app.customers c ON c.customer_id = r.customer_id
        ORDER BY r.overdue_amount DESC, r.outstanding_amount DESC, r.customer_id DESC LIMIT 51`,
      `SELECT b.customer_id, sum(b.amount - b.paid_amount) AS o, coalesce(sum(b.amount - b.paid_amount) FILTER (WHERE b.due_date < app.today_jakarta()), 0) AS d
         FROM app.ar_invoice_balances b WHERE b.paid_amount < b.amount
        GROUP BY b.customer_id ORDER BY d DESC, o DESC, b.customer_id DESC LIMIT 51`],
    ...[['aging per customer, first page', `AND t.customer_id IN ${mine}`]].map(([label, where]) => {
      const owner = (w) => `SELECT t.customer_id, c.company_name, s.* FROM (SELECT t.customer_id, t.outstanding FROM app.ar_open_customer_totals t
          WHERE t.open_count > 0 ${w} ORDER BY t.outstanding DESC, t.customer_id DESC LIMIT 51) t
        CROSS JOIN LATERAL (SELECT array_agg(b.due_date) AS due, array_agg(b.amount - b.paid_amount) AS o FROM app.ar_invoice_balances b
          WHERE b.customer_id = t.customer_id AND b.paid_amount < b.amount) i
        CROSS JOIN LATERAL app.ar_bucket_sums(app.today_jakarta(), i.due, i.o) s
        LEFT JOIN app.customers c ON c.customer_id = t.customer_id ORDER BY t.outstanding DESC, t.customer_id DESC`;
      return [label, 'SELECT * FROM app.ar_aging_page(app.today_jakarta(), NULL, NULL, NULL, 51)', owner(where), owner('')];
    }),
  ];
  const apiConn = new pg.Client({ connectionString: apiUrl });
  await apiConn.connect();
  const claimsOf = (p) => JSON.stringify({ sub: p.user_id, role: 'authenticated', app_role: p.role, dept_code: p.dept_code, via: 'jwt' });
  const timeRls = async (p, sql) => {
    await apiConn.query(`BEGIN READ ONLY; SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${pg.escapeLiteral(claimsOf(p))}, true)`);
    const t0 = performance.now();
    await apiConn.query(sql);
    const ms = performance.now() - t0;
    await apiConn.query('COMMIT');
    return ms;
  };
  const timeOwner = async (sql) => {
    const t0 = performance.now();
    await admin.query(sql);
    return performance.now() - t0;
  };
  const sqlRows = [];
  const slowest = {};
  for (const who of ['salesperson', 'director']) {
    for (const [label, rlsSql, ownerSql, directorOwnerSql] of pairs) {
      if (ONLY && !label.toLowerCase().includes(ONLY)) continue;
      // The director reads everything: no WHERE at all (or the given owner query where the function reads counters).
      const owner = who === 'director' ? (directorOwnerSql ?? rlsSql) : ownerSql;
      const a = [];
      const b = [];
      for (let i = 0; i < SQL_REPEATS + 2; i++) {
        const x = await timeRls(personas[who], rlsSql);
        const y = await timeOwner(owner);
        if (i >= 2) { a.push(x); b.push(y); }
      }
      const ratio = median(a) / median(b);
      sqlRows.push([label, who, fmt(median(a)), fmt(pct(a, 95)), fmt(median(b)), `${ratio.toFixed(2)}×`, ratio <= 1.5 ? 'met' : 'missed']);
      if (!slowest[who] || median(a) > slowest[who].ms) slowest[who] = { ms: median(a), label, rlsSql, owner };
      console.log(`  SQL ${label} as ${who}: RLS ${fmt(median(a))} vs owner ${fmt(median(b))} → ${ratio.toFixed(2)}×`);
    }
  }
  if (EXPLAIN_DIR) {
    mkdirSync(EXPLAIN_DIR, { recursive: true });
    for (const [who, x] of Object.entries(slowest)) {
      const slug = `${who}-${x.label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`;
      await apiConn.query(`BEGIN READ ONLY; SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${pg.escapeLiteral(claimsOf(personas[who]))}, true)`);
      const rls = (await apiConn.query(`EXPLAIN (ANALYZE, BUFFERS) ${x.rlsSql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      await apiConn.query('COMMIT');
      const own = (await admin.query(`EXPLAIN (ANALYZE, BUFFERS) ${x.owner}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      writeFileSync(join(EXPLAIN_DIR, `p2-${slug}-rls.txt`), `-- ${x.label}, as ${who} (RLS, authenticated with claims)\n${x.rlsSql}\n\n${rls}\n`);
      writeFileSync(join(EXPLAIN_DIR, `p2-${slug}-owner.txt`), `-- ${x.label}, the owner's equivalent\n${x.owner}\n\n${own}\n`);
      console.log(`  EXPLAIN (ANALYZE, BUFFERS) of the slowest pair as ${who} (${x.label}) saved in ${EXPLAIN_DIR}`);
    }
  }
  await apiConn.end();

  console.log(`\nP2 — first page of every dashboard/list endpoint, ${REQUESTS} sequential requests each (after 3 warm-up):`);
  console.log(table(httpRows, ['endpoint', 'as', 'p50', 'p95', 'target', 'status']));
  console.log(`\nP2 — RLS-filtered query vs the owner's query with the equivalent WHERE, median of ${SQL_REPEATS} interleaved runs:`);
  console.log(table(sqlRows, ['list', 'as', 'RLS p50', 'RLS p95', 'owner p50', 'ratio', '≤ 1.5×']));
} catch (err) {
  console.error(`benchmark failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  await api?.stop().catch(() => undefined);
  await admin.end().catch(() => undefined);
  await cluster?.stop();
}
