import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { EmbeddedCluster, startEmbeddedPostgres } from '../../src/core/database/embedded.js';
import { bootstrapDatabase, migrate } from '../../src/core/database/migrator.js';
import { seedDemo } from '../../src/core/database/seed.js';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { ChildServer, startChildApi, startChildWorker } from '../helpers/processes.js';
import { freePort, sleep } from '../reliability/support.js';

/**
 * quality.md "Scale beyond one machine", proven on one box: two API
 * processes (IMPORT_WORKER=off) and one background worker process
 * (`npm run worker`) against one PostgreSQL, all started exactly as deployed.
 * Every step of the acceptance flow goes to a different process than the one
 * before: nothing may depend on which instance answered (stateless API,
 * sessions and idempotency in the database, jobs on the Postgres queue, files
 * in the shared store).
 */
const JWT_SECRET = 'multi-instance-secret-0123456789-abcdefghij';
let dir: string;
let cluster: EmbeddedCluster | undefined;
let admin: pg.Pool;
const servers: ChildServer[] = [];
let A: string;
let B: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bcc-multi-'));
  cluster = await startEmbeddedPostgres({ databaseDir: join(dir, 'pg'), port: await freePort(), password: 'multi-superuser' });
  await cluster.createDatabase('bcc');
  const adminUrl = cluster.adminUrl('bcc');
  await bootstrapDatabase(adminUrl, 'multi-api-password');
  await migrate(adminUrl);
  await seedDemo(adminUrl);
  admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  const env = {
    DATABASE_URL: cluster.apiUrl('bcc', 'multi-api-password'), JWT_SECRET, DATA_DIR: join(dir, 'data'), CORS_ORIGINS: 'http://localhost:4200', DB_POOL_MAX: '4',
    RATE_LIMIT_PER_MINUTE: '100000',
  };
  const [a, b] = await Promise.all([startChildApi({ ...env, IMPORT_WORKER: 'off' }), startChildApi({ ...env, IMPORT_WORKER: 'off' })]);
  servers.push(a, b);
  servers.push(await startChildWorker(env));
  A = a.url;
  B = b.url;
}, 180_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  await admin?.end().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function login(url: string, email: string) {
  const r = await request(url).post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  expect(r.status).toBe(200);
  return { authorization: `Bearer ${r.body.access_token}`, refresh: r.body.refresh_token as string, user_id: r.body.user.user_id as string };
}

describe('two API processes and one worker on one PostgreSQL', () => {
  it('a session begun on one API works on the other; refresh rotation and reuse detection hold across them', async () => {
    const s = await login(A, 'mkt.staff@demo.local');
    expect((await request(B).get('/api/leads').set({ authorization: s.authorization })).status).toBe(200);
    const r1 = await request(B).post('/api/auth/refresh').send({ refresh_token: s.refresh });
    expect(r1.status).toBe(200);
    const reuse = await request(A).post('/api/auth/refresh').send({ refresh_token: s.refresh });
    expect(reuse.status).toBe(401);
    expect((await request(B).post('/api/auth/refresh').send({ refresh_token: r1.body.refresh_token })).status).toBe(401);
  });

  it('an Idempotency-Key sent to both APIs makes one lead; a manager hands it over on one, the salesperson sees it on the other', async () => {
    const mkt = await login(A, 'mkt.manager@demo.local');
    const body = { company_name: 'PT Dua Instans', contact_name: 'Ibu Rina', source_channel: 'website', email: 'rina@dua-instans.example',
      rfq: { origin: 'Surabaya', destination: 'Makassar', service_type: 'sea_lcl' } };
    const [x, y] = await Promise.all([
      request(A).post('/api/leads').set({ authorization: mkt.authorization, 'idempotency-key': 'multi-1' }).send(body),
      request(B).post('/api/leads').set({ authorization: mkt.authorization, 'idempotency-key': 'multi-1' }).send(body),
    ]);
    // One of them created it; the other replayed it, or (same instant) was told it is in flight.
    const created = [x, y].filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.lead_id)).size).toBe(1);
    for (const r of [x, y]) expect([201, 409]).toContain(r.status);
    const again = await request(B).post('/api/leads').set({ authorization: mkt.authorization, 'idempotency-key': 'multi-1' }).send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const leadId = created[0].body.lead_id as string;
    expect(Number((await admin.query(`SELECT count(*) FROM app.leads WHERE company_name = 'PT Dua Instans'`)).rows[0].count)).toBe(1);

    const mgr = await login(B, 'sales.manager@demo.local');
    const sales = await login(A, 'sales1@demo.local');
    const assign = await request(B).post(`/api/leads/${leadId}/assign`).set({ authorization: mgr.authorization }).send({ sales_owner_user_id: sales.user_id });
    expect(assign.status).toBe(200);
    const seen = await request(A).get(`/api/leads/${leadId}`).set({ authorization: sales.authorization });
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('HANDED_OVER');
  });

  it('an attachment uploaded through one API downloads through the other (shared file store)', async () => {
    const sales = await login(A, 'sales1@demo.local');
    const t = await request(A).post('/api/tickets').set({ authorization: sales.authorization })
      .send({ ticket_type: 'complaint', dept_target: 'DOM', description: 'Karton penyok', shipment_reference: 'SHP-MULTI-1' });
    expect(t.status).toBe(201);
    const bytes = Buffer.from('%PDF-1.4\n% multi-instance\n%%EOF\n');
    const up = await request(A).post(`/api/tickets/${t.body.ticket_id}/attachments`).set({ authorization: sales.authorization }).attach('file', bytes, 'surat.pdf');
    expect(up.status).toBe(201);
    const down = await request(B).get(`/api/tickets/${t.body.ticket_id}/attachments/${up.body.attachment_id ?? up.body.object_id}`)
      .set({ authorization: sales.authorization }).buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0);
  });

  it('an import uploaded to one API and started on the other is processed by the worker process, with exact counts', async () => {
    const fin = await login(B, 'finance@demo.local');
    const c = (await admin.query(`SELECT customer_id FROM app.customers ORDER BY customer_id LIMIT 1`)).rows[0].customer_id as string;
    const rows = ['invoice_number,customer_id,customer_npwp,invoice_date,due_date,amount,currency,notes'];
    for (let i = 1; i <= 40; i++) rows.push(`MULTI-${i},${c},,2026-10-${String(1 + (i % 28)).padStart(2, '0')},2026-11-30,${i}000000,,`);
    rows.push(`MULTI-BAD,${c},,2026-02-31,2026-03-01,100,,`);
    const up = await request(A).post('/api/imports').set({ authorization: fin.authorization }).field('module', 'invoices')
      .attach('file', Buffer.from(rows.join('\r\n') + '\r\n'), 'multi.csv');
    expect(up.status).toBe(201);
    const id = up.body.import_id as string;
    const p = await request(B).post(`/api/imports/${id}/process`).set({ authorization: fin.authorization });
    expect(p.status).toBe(202);
    let imp: { status: string; success_rows: number; error_rows: number } = p.body;
    for (const until = Date.now() + 60_000; ['PROCESSING', 'STAGED'].includes(imp.status) && Date.now() < until; ) {
      await sleep(200);
      imp = (await request(A).get(`/api/imports/${id}`).set({ authorization: fin.authorization })).body;
    }
    expect(imp).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 40, error_rows: 1 });
    // Only the worker process could have done it: both APIs run with IMPORT_WORKER=off.
    expect(servers[2].output.join('')).toContain('import worker running');
    expect(servers[2].proc.exitCode).toBeNull();
    // … and both APIs see the same invoices.
    const list = await request(B).get('/api/invoices?q=MULTI-&limit=100').set({ authorization: fin.authorization });
    expect(list.status).toBe(200);
    expect(Number((await admin.query(`SELECT count(*) FROM app.invoices WHERE invoice_number LIKE 'MULTI-%'`)).rows[0].count)).toBe(40);
  });

  it('both APIs give the director the same command center', async () => {
    const d = await login(A, 'director@demo.local');
    const [x, y] = await Promise.all([A, B].map((u) => request(u).get('/api/dashboard/summary').set({ authorization: d.authorization })));
    expect(x.status).toBe(200);
    expect(y.status).toBe(200);
    expect(y.body.numbers).toEqual(x.body.numbers);
  });
});
