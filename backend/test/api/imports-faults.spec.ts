import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory.js';
import { Db } from '../../src/core/database/db.service.js';
import { ImportRunner, type ImportJob } from '../../src/modules/import/import-runner.js';
import { ImportWorker } from '../../src/modules/import/import-worker.js';
import { ImportsRepository } from '../../src/modules/import/imports.repository.js';
import { createTestApp, TestApp } from '../helpers/app.js';

/**
 * R4 faults of imports: the process dies mid-import (after some committed
 * batches, and with a batch in flight), a stalled run is taken over with a
 * new token while the old job can no longer write, another API process
 * ("after restart") finishes the run with exact counts and no duplicates,
 * and a graceful shutdown mid-run hands the job to the next worker.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
let customerId: string;

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}

beforeAll(async () => {
  t = await createTestApp();
  // This API process has "died": no worker takes jobs until another process starts.
  await t.app.get(ImportWorker).beforeApplicationShutdown();
  customerId = (await t.db.admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
});
afterAll(async () => {
  await t?.close();
});

/** n invoice rows; every 25th has a negative amount (an error row). */
function invoicesCsv(k: string, n: number): { file: Buffer; good: number; bad: number } {
  const lines = ['invoice_number,customer_id,invoice_date,due_date,amount'];
  let bad = 0;
  for (let i = 1; i <= n; i++) {
    const neg = i % 25 === 0;
    if (neg) bad++;
    lines.push(`R4-${k}-${i},${customerId},2026-02-01,2026-03-03,${neg ? '-1' : 1000 + i}`);
  }
  return { file: Buffer.from(lines.join('\n') + '\n'), good: n - bad, bad };
}

async function upload(file: Buffer): Promise<string> {
  const r = await t.http().post('/api/imports').set(await as('finance')).field('module', 'invoices').attach('file', file, { filename: 'r4.csv' });
  expect(r.status).toBe(201);
  return r.body.import_id;
}

async function jobOf(importId: string): Promise<ImportJob & { attempts: number; locked: boolean }> {
  const { rows } = await t.db.admin.query(
    `SELECT payload, attempts, locked_at IS NOT NULL AS locked FROM graphile_worker._private_jobs WHERE key = $1`,
    ['import:' + importId],
  );
  expect(rows).toHaveLength(1);
  return { ...rows[0].payload, attempts: rows[0].attempts, locked: rows[0].locked };
}

async function state(importId: string) {
  const r = await t.http().get(`/api/imports/${importId}`).set(await as('finance'));
  expect(r.status).toBe(200);
  return r.body as { status: string; success_rows: number; error_rows: number; progress_rows: number; total_rows: number; is_stalled: boolean; run_count: number; last_error: string | null };
}

async function waitDone(importId: string, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await state(importId);
    if (s.status !== 'PROCESSING') return s;
    if (Date.now() > until) throw new Error(`still ${s.status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function exact(importId: string, k: string, good: number, bad: number) {
  const s = await state(importId);
  expect(s).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: good, error_rows: bad, total_rows: good + bad, progress_rows: good + bad });
  const db = await t.db.admin.query(
    `SELECT count(*)::int AS invoices, count(DISTINCT invoice_number)::int AS numbers,
            (SELECT count(*)::int FROM app.import_rows WHERE import_id = $1 AND status = 'OK') AS ok_rows,
            (SELECT count(*)::int FROM app.import_rows WHERE import_id = $1 AND status = 'ERROR') AS error_rows,
            (SELECT count(*)::int FROM app.import_rows WHERE import_id = $1 AND status = 'PENDING') AS pending,
            (SELECT count(DISTINCT target_id)::int FROM app.import_rows WHERE import_id = $1 AND status = 'OK') AS targets
       FROM app.invoices WHERE invoice_number LIKE $2`,
    [importId, `R4-${k}-%`],
  );
  expect(db.rows[0]).toEqual({ invoices: good, numbers: good, ok_rows: good, error_rows: bad, pending: 0, targets: good });
}

async function startAnotherApi(): Promise<NestExpressApplication> {
  const app = await createApp(t.config);
  await app.init();
  await app.get(ImportWorker).ready();
  expect(app.get(ImportWorker).running).toBe(true);
  return app;
}

describe('an import whose process dies mid-way', () => {
  it('keeps whole batches, takes over a stalled run with a new token, and the next process finishes with exact counts and no duplicates', async () => {
    const k = `a${Date.now().toString(36)}`;
    const { file, good, bad } = invoicesCsv(k, 1200);
    const id = await upload(file);
    const p = await t.http().post(`/api/imports/${id}/process`).set(await as('finance'));
    expect(p.status).toBe(202);
    const job1 = await jobOf(id);
    expect(job1).toMatchObject({ import_id: id, claims: { role: 'authenticated', app_role: 'finance', via: 'worker' }, locked: false });

    // The worker commits two batches of 300 rows, then the process dies.
    const runner = t.app.get(ImportRunner);
    expect(await runner.run(job1, { batchRows: 300, maxBatches: 2 })).toBe('interrupted');
    let s = await state(id);
    expect(s).toMatchObject({ status: 'PROCESSING', progress_rows: 600, success_rows: 600 - 24, error_rows: 24, is_stalled: false });

    // A batch in flight when the process dies is rolled back entirely.
    const db = t.app.get(Db);
    const repo = t.app.get(ImportsRepository);
    await expect(
      db.transaction({ ...job1.claims }, async () => {
        const r = await repo.runBatch(id, job1.run_token, 602, 901);
        expect(r).toMatchObject({ stale: false, progress_rows: 900 });
        throw new Error('SIGKILL');
      }),
    ).rejects.toThrow('SIGKILL');
    s = await state(id);
    expect(s).toMatchObject({ progress_rows: 600, success_rows: 576, error_rows: 24 });
    expect((await t.db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE invoice_number LIKE $1`, [`R4-${k}-%`])).rows[0].n).toBe(576);

    // While the run looks alive, nobody may start another one.
    const busy = await t.http().post(`/api/imports/${id}/process`).set(await as('finance'));
    expect(busy.status).toBe(409);
    expect(busy.body.allowed).toEqual(['STAGED', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED']);

    // Minutes later the run is visibly stalled and may be processed again.
    await t.db.admin.query(`UPDATE app.imports SET heartbeat_at = now() - interval '5 minutes' WHERE import_id = $1`, [id]);
    expect((await state(id)).is_stalled).toBe(true);
    const again = await t.http().post(`/api/imports/${id}/process`).set(await as('finance'));
    expect(again.status).toBe(202);
    const job2 = await jobOf(id);
    expect(job2.run_token).not.toBe(job1.run_token);

    // The old job, should it ever wake up, can no longer write anything.
    expect(await runner.run(job1, { batchRows: 300 })).toBe('stale');
    expect((await state(id)).progress_rows).toBe(0);

    // "After restart": another API process with its worker picks the job up and finishes.
    const app2 = await startAnotherApi();
    try {
      await waitDone(id);
    } finally {
      await app2.close();
    }
    await exact(id, k, good, bad);
    expect((await state(id)).run_count).toBe(2);

    // And processing once more changes nothing.
    expect((await t.http().post(`/api/imports/${id}/process`).set(await as('finance'))).status).toBe(202);
    const app3 = await startAnotherApi();
    try {
      await waitDone(id);
    } finally {
      await app3.close();
    }
    await exact(id, k, good, bad);
  });

  it('a graceful shutdown mid-run hands the job back to the queue; the next worker resumes the same run', async () => {
    const k = `b${Date.now().toString(36)}`;
    const { file, good, bad } = invoicesCsv(k, 15000);
    const id = await upload(file);
    expect((await t.http().post(`/api/imports/${id}/process`).set(await as('finance'))).status).toBe(202);
    const token = (await jobOf(id)).run_token;
    const app2 = await startAnotherApi();
    // Stop it as soon as it has committed something (if it is quicker than us, the end state is the same).
    const until = Date.now() + 30000;
    while ((await state(id)).progress_rows === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await app2.close();
    const mid = await state(id);
    if (mid.status === 'PROCESSING') {
      expect(mid.progress_rows).toBeGreaterThan(0);
      expect(mid.progress_rows).toBeLessThan(15000);
      const job = await jobOf(id);
      expect(job).toMatchObject({ run_token: token, locked: false, attempts: 1 });
      const app3 = await startAnotherApi();
      try {
        await waitDone(id);
      } finally {
        await app3.close();
      }
    }
    await exact(id, k, good, bad);
    expect((await state(id)).run_count).toBe(1);
  });
});
