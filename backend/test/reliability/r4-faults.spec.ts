import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../../src/core/auth/password.js';
import { DEMO_SEED_DIR } from '../../src/core/config/config.js';
import { EmbeddedCluster, startEmbeddedPostgres } from '../../src/core/database/embedded.js';
import { bootstrapDatabase, migrate } from '../../src/core/database/migrator.js';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { ChildServer, startChildApi } from '../helpers/processes.js';
import { freePort, leaksInternals, sleep } from './support.js';

/**
 * R4 — faults, with real processes: the API runs as a child process
 * (`node backend/dist/main.js`, production wiring, inline import worker)
 * against an embedded PostgreSQL this test owns.
 *  1. PostgreSQL is restarted (fast shutdown: connections cut, transactions
 *     aborted) while clients create leads: /api/health/ready reports 503, the
 *     API process stays up and answers 503 problems, then recovers by itself
 *     when the database is back; no request is half-applied (every 201 is a
 *     whole bundle, every failed request retried with its Idempotency-Key
 *     yields exactly one whole bundle).
 *  2. The API process is killed (SIGKILL) in the middle of an import; after a
 *     restart, processing the import again finishes with exact counts and no
 *     duplicates. (test/api/imports-faults.spec.ts drills the same in-process:
 *     batches in flight, stale run tokens, graceful shutdown.)
 */
const JWT_SECRET = 'r4-secret-r4-secret-r4-secret-r4-secret-0123';
const DB = 'bcc';
let dir: string;
let pgPort: number;
let cluster: EmbeddedCluster | undefined;
let adminUrl: string;
let apiUrl: string;
let admin: pg.Pool;

type Api = ChildServer;
const apis: Api[] = [];

async function startCluster(): Promise<void> {
  cluster = await startEmbeddedPostgres({ databaseDir: join(dir, 'pg'), port: pgPort, password: 'r4-superuser' });
}

async function startApi(): Promise<Api> {
  const api = await startChildApi({
    DATABASE_URL: apiUrl, JWT_SECRET, DATA_DIR: join(dir, 'data'), CORS_ORIGINS: 'http://localhost:4200', DB_POOL_MAX: '4', IMPORT_WORKER: 'inline',
  });
  apis.push(api);
  return api;
}

async function login(api: Api, email: string): Promise<{ authorization: string }> {
  const r = await request(api.url).post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
  return { authorization: `Bearer ${r.body.access_token}` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bcc-r4-'));
  pgPort = await freePort();
  await startCluster();
  await cluster!.createDatabase(DB);
  adminUrl = cluster!.adminUrl(DB);
  await bootstrapDatabase(adminUrl, 'r4-api-password');
  await migrate(adminUrl);
  // Only the demo users (the rest of the demo story is not needed here, and this cluster is built from nothing).
  const seed = new pg.Client({ connectionString: adminUrl });
  await seed.connect();
  await seed.query('BEGIN');
  await seed.query(`SELECT set_config('bcc.demo_password_hash', $1, true)`, [await hash(DEMO_PASSWORD, ARGON2_OPTIONS)]);
  await seed.query(readFileSync(join(DEMO_SEED_DIR, '0001_core_users.sql'), 'utf8'));
  await seed.query(`INSERT INTO app.customers (company_name, npwp) VALUES ('PT Pelanggan R4', '0123456789012345')`);
  await seed.query('COMMIT');
  await seed.end();
  apiUrl = cluster!.apiUrl(DB, 'r4-api-password');
  admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  admin.on('error', () => undefined);
}, 120_000);

afterAll(async () => {
  for (const a of apis) await a.stop();
  await admin?.end().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL restarted under load', () => {
  it('the API reports not-ready, answers 503 problems, recovers by itself, and no request is half-applied', async () => {
    const api = await startApi();
    const auth = await login(api, 'mkt.staff@demo.local');
    const tag = randomUUID().slice(0, 8);
    type Sent = { key: string; company: string; rfq: boolean; status: number; body: Record<string, unknown>; text: string; at: 'before' | 'down' | 'after' };
    const sent: Sent[] = [];
    let phase: Sent['at'] = 'before';
    let stop = false;
    let n = 0;
    const client = async () => {
      while (!stop) {
        const i = n++;
        const key = `r4-${tag}-${i}`;
        const company = `PT Gangguan ${tag} ${i}`;
        const rfq = i % 3 === 0;
        const at = phase;
        const body = { company_name: company, contact_name: 'Pak Budi', source_channel: 'website',
          ...(rfq ? { rfq: { origin: 'Jakarta', destination: 'Medan', service_type: 'land' } } : {}) };
        const r = await request(api.url).post('/api/leads').set({ ...auth, 'idempotency-key': key }).send(body)
          .then((x) => ({ status: x.status, body: x.body as Record<string, unknown>, text: x.text }), (e: Error) => ({ status: 0, body: {}, text: e.message }));
        sent.push({ key, company, rfq, at, ...r });
        if (phase === 'down') await sleep(50);
      }
    };
    const load = Array.from({ length: 6 }, client);
    const until = (cond: () => boolean | Promise<boolean>, ms: number, what: string) => (async () => {
      const end = Date.now() + ms;
      while (!(await cond())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; API output: ${api.output.join('').slice(-2000)}`);
        await sleep(100);
      }
    })();
    const ready = () => request(api.url).get('/api/health/ready').then((r) => r.status, () => 0);

    await until(() => sent.filter((s) => s.status === 201).length >= 20, 60_000, '20 leads before the restart');
    // Fast shutdown: every connection is cut, transactions in flight abort.
    await cluster!.stop();
    phase = 'down';
    await until(async () => (await ready()) === 503, 15_000, 'not-ready');
    const notReady = await request(api.url).get('/api/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ status: 'error' });
    expect((await request(api.url).get('/api/health')).status).toBe(200); // alive, only not ready
    await until(() => sent.filter((s) => s.at === 'down').length >= 12, 15_000, 'requests while the database is down');

    await startCluster();
    phase = 'after';
    const t0 = Date.now();
    await until(async () => (await ready()) === 200, 30_000, 'ready again');
    const recoveredInMs = Date.now() - t0;
    const doneBefore = sent.length;
    await until(() => sent.slice(doneBefore).filter((s) => s.status === 201).length >= 12, 30_000, 'leads after recovery');
    stop = true;
    await Promise.all(load);

    // The same process served throughout.
    expect(api.proc.exitCode).toBeNull();
    expect(recoveredInMs).toBeLessThan(30_000);
    // While the database was down the API answered 503 problems (no 500, no internals).
    const down = sent.filter((s) => s.at === 'down' && s.status !== 201);
    expect(down.length).toBeGreaterThan(0);
    const badDown = down.filter((s) => s.status !== 503 || !/"status":503/.test(s.text) || leaksInternals(s.text));
    expect(badDown.map((s) => `${s.status} ${s.text.slice(0, 200)}`)).toEqual([]);
    // After recovery everything succeeds again.
    expect(sent.filter((s) => s.at === 'after').slice(-10).every((s) => s.status === 201)).toBe(true);

    // Every request that failed is retried with its key: exactly one lead per key, whole bundles only.
    for (const s of sent.filter((x) => x.status !== 201)) {
      const body = { company_name: s.company, contact_name: 'Pak Budi', source_channel: 'website',
        ...(s.rfq ? { rfq: { origin: 'Jakarta', destination: 'Medan', service_type: 'land' } } : {}) };
      const r = await request(api.url).post('/api/leads').set({ ...auth, 'idempotency-key': s.key }).send(body);
      expect({ key: s.key, status: r.status }).toEqual({ key: s.key, status: 201 });
    }
    const { rows } = await admin.query(
      `SELECT l.company_name, count(*)::int AS leads,
              bool_and(l.customer_id IS NOT NULL AND l.prospect_id IS NOT NULL) AS linked,
              bool_and(EXISTS (SELECT 1 FROM app.customers c WHERE c.customer_id = l.customer_id)) AS has_customer,
              bool_and(EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = l.prospect_id)) AS has_prospect,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM app.tickets t WHERE t.related_lead_id = l.lead_id))::int AS tickets,
              bool_and(EXISTS (SELECT 1 FROM app.audit_logs a WHERE a.table_name = 'leads' AND a.record_id = l.lead_id AND a.action = 'INSERT')) AS audited
         FROM app.leads l WHERE l.company_name LIKE $1 GROUP BY 1`, [`PT Gangguan ${tag} %`]);
    const byCompany = new Map(rows.map((r) => [r.company_name as string, r]));
    const problems: string[] = [];
    for (const s of sent) {
      const r = byCompany.get(s.company);
      if (!r) problems.push(`${s.key}: no lead`);
      else if (r.leads !== 1 || !r.linked || !r.has_customer || !r.has_prospect || !r.audited || r.tickets !== (s.rfq ? 1 : 0)) problems.push(`${s.key}: ${JSON.stringify(r)}`);
    }
    expect(problems).toEqual([]);
    expect(byCompany.size).toBe(sent.length);
    // And nothing half-written anywhere in the database.
    const orphans = await admin.query(`SELECT count(*)::int AS n FROM app.leads WHERE customer_id IS NULL OR prospect_id IS NULL`);
    expect(orphans.rows[0].n).toBe(0);
  }, 180_000);
});

describe('the API killed in the middle of an import', () => {
  it('after a restart, processing again finishes with exact counts and no duplicates', async () => {
    const api = apis[0] ?? (await startApi());
    const auth = await login(api, 'finance@demo.local');
    const customer = (await admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
    const k = randomUUID().slice(0, 6);
    const total = 12_000;
    const lines = ['invoice_number,customer_id,invoice_date,due_date,amount'];
    let bad = 0;
    for (let i = 1; i <= total; i++) {
      const neg = i % 97 === 0;
      if (neg) bad++;
      lines.push(`KILL-${k}-${i},${customer},2026-02-01,2026-03-03,${neg ? '-5' : 1000 + i}`);
    }
    const good = total - bad;
    const up = await request(api.url).post('/api/imports').set(auth).field('module', 'invoices').attach('file', Buffer.from(lines.join('\n') + '\n'), 'kill.csv');
    expect(up.status).toBe(201);
    const id = up.body.import_id as string;
    expect((await request(api.url).post(`/api/imports/${id}/process`).set(auth)).status).toBe(202);
    const state = async () => (await admin.query(
      `SELECT status, progress_rows, success_rows, error_rows, total_rows,
              (SELECT count(*)::int FROM app.invoices WHERE invoice_number LIKE $2) AS invoices
         FROM app.imports WHERE import_id = $1`, [id, `KILL-${k}-%`])).rows[0];
    // Kill -9 as soon as some batches are committed.
    const end = Date.now() + 60_000;
    while ((await state()).progress_rows === 0 && Date.now() < end) await sleep(20);
    api.proc.kill('SIGKILL');
    await api.exited;
    const mid = await state();
    expect(mid.status).toBe('PROCESSING');
    expect(mid.progress_rows).toBeGreaterThan(0);
    expect(mid.progress_rows).toBeLessThan(total);
    // Committed batches are whole: the counters match the rows written, nothing of the batch in flight.
    expect(mid.invoices).toBe(mid.success_rows);

    // Restart; minutes later the run is visibly stalled (simulated), and the importer processes it again.
    const api2 = await startApi();
    const auth2 = await login(api2, 'finance@demo.local');
    await admin.query(`UPDATE app.imports SET heartbeat_at = now() - interval '10 minutes' WHERE import_id = $1`, [id]);
    const again = await request(api2.url).post(`/api/imports/${id}/process`).set(auth2);
    expect(again.status).toBe(202);
    const until = Date.now() + 120_000;
    let s = await state();
    while (s.status === 'PROCESSING' && Date.now() < until) {
      await sleep(200);
      s = await state();
    }
    expect(s).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total_rows: total, progress_rows: total, success_rows: good, error_rows: bad, invoices: good });
    const dup = await admin.query(`SELECT count(*)::int AS n, count(DISTINCT invoice_number)::int AS d FROM app.invoices WHERE invoice_number LIKE $1`, [`KILL-${k}-%`]);
    expect(dup.rows[0]).toEqual({ n: good, d: good });
    const rows = await admin.query(`SELECT status, count(*)::int AS n FROM app.import_rows WHERE import_id = $1 GROUP BY 1 ORDER BY 1`, [id]);
    expect(rows.rows).toEqual([{ status: 'ERROR', n: bad }, { status: 'OK', n: good }]);
    // The importer's claims authored every row.
    const authors = await admin.query(
      `SELECT count(*)::int AS n FROM app.audit_logs a JOIN app.profiles p ON p.user_id = a.changed_by
        WHERE a.table_name = 'invoices' AND a.action = 'INSERT' AND a.after_data ->> 'invoice_number' LIKE $1 AND p.email = 'finance@demo.local'`, [`KILL-${k}-%`]);
    expect(authors.rows[0].n).toBe(good);
  }, 240_000);
});
