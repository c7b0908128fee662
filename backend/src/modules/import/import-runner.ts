import { Injectable, Logger } from '@nestjs/common';
import { type Claims, Db } from '../../core/database/db.service.js';
import { ImportsRepository } from './imports.repository.js';

/** What a process_import job carries (built in SQL by app.import_request_processing). */
export interface ImportJob {
  import_id: string;
  run_token: string;
  claims: Claims;
}

/**
 * Rows per batch: one transaction each, committing the rows' outcomes and
 * the counters together (progress is visible while it runs; a kill loses at
 * most the batches in flight). Set-based modules take big batches; leads and
 * customers go through a procedure per row.
 */
export const BATCH_ROWS: Record<string, number> = {
  invoices: 2500,
  payments: 2500,
  kpi_entries: 2500,
  marketing_spend: 2500,
  customers: 500,
  leads: 250,
};

/**
 * Batches of one run processed side by side. The work is PostgreSQL's (the
 * rules and triggers of the target tables): two lanes keep both cores of a
 * small server busy. Batches never overlap (disjoint row ranges, disjoint
 * natural keys: duplicates within the file were marked at staging; payments
 * take their invoices' locks up front, in one order). Leads and customers
 * run in one lane: customer dedup takes advisory locks row by row, in file
 * order, which two lanes could take in opposite orders.
 */
export const LANES: Record<string, number> = {
  invoices: 2,
  payments: 2,
  kpi_entries: 2,
  marketing_spend: 2,
  customers: 1,
  leads: 1,
};

export type RunOutcome = 'finished' | 'stale' | 'interrupted';

export interface RunOptions {
  /** Stop (as if the process died) after this many committed batches. Tests and fault drills. */
  maxBatches?: number;
  /** Graceful shutdown: stop between batches. */
  signal?: AbortSignal;
  /** Override the batch size (tests). */
  batchRows?: number;
  /** Override the number of lanes (tests). */
  lanes?: number;
}

function isSuperseded(err: unknown): boolean {
  return (err as { code?: string })?.code === 'BC409';
}

/** A deadlock or serialization failure: the batch rolled back whole and may simply run again. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '40P01' || code === '40001';
}

const BATCH_RETRIES = 5;

/**
 * Runs one requested processing of an import: batch after batch, each in
 * its own transaction under the importer's claims (Db.transaction with
 * via = worker), so RLS, rights and audit authorship are the importer's.
 * The run token makes a superseded run stop at its next batch (and its
 * batch in flight roll back).
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger('ImportRunner');

  constructor(private readonly db: Db, private readonly repo: ImportsRepository) {}

  async run(job: ImportJob, opts: RunOptions = {}): Promise<RunOutcome> {
    const claims: Claims = { ...job.claims, role: 'authenticated', via: 'worker' };
    const t0 = Date.now();
    const begin = await this.db.transaction(claims, () => this.repo.runBegin(job.import_id, job.run_token));
    if (begin.stale) return 'stale';
    const size = opts.batchRows ?? BATCH_ROWS[begin.module!] ?? 1000;
    const last = begin.last_row_number!; // data rows are numbered 2 .. last_row_number (gaps where the file had blank rows)
    const ranges: [number, number][] = [];
    for (let from = 2; from <= last; from += size) ranges.push([from, Math.min(from + size - 1, last)]);
    let next = 0;
    let committed = 0;
    let outcome: RunOutcome = 'finished';
    const lane = async () => {
      while (outcome === 'finished' && next < ranges.length) {
        if (opts.signal?.aborted || (opts.maxBatches !== undefined && committed >= opts.maxBatches)) {
          outcome = 'interrupted';
          return;
        }
        const [from, to] = ranges[next++];
        for (let attempt = 1; ; attempt++) {
          try {
            const r = await this.db.transaction(claims, () => this.repo.runBatch(job.import_id, job.run_token, from, to));
            if (r.stale) outcome = 'stale';
            else committed++;
            break;
          } catch (err) {
            if (isSuperseded(err)) {
              outcome = 'stale';
              break;
            }
            if (!isTransient(err) || attempt >= BATCH_RETRIES) throw err;
            // Another import (or lane) held locks in the other order: wait a little and redo the batch.
            await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
          }
        }
      }
    };
    const lanes = Math.max(1, opts.lanes ?? (opts.maxBatches !== undefined ? 1 : (LANES[begin.module!] ?? 1)));
    await Promise.all(Array.from({ length: Math.min(lanes, ranges.length) }, lane));
    if (outcome !== 'finished') return outcome;
    const fin = await this.db.transaction(claims, () => this.repo.runFinish(job.import_id, job.run_token));
    if (fin.stale) return 'stale';
    this.logger.log(`import ${job.import_id}: ${begin.total_rows} rows processed in ${Date.now() - t0} ms (${fin.status})`);
    return 'finished';
  }

  /** Records an error of the run (final: no attempt left → FAILED). */
  async fail(job: ImportJob, message: string, final: boolean): Promise<void> {
    const claims: Claims = { ...job.claims, role: 'authenticated', via: 'worker' };
    await this.db.transaction(claims, () => this.repo.runFailed(job.import_id, job.run_token, message, final));
  }
}
