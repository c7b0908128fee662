import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import graphileWorker, { type JobHelpers, type Runner, type Task } from 'graphile-worker';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { JOB_QUEUE_SCHEMA } from './job-queue.schema.js';
import { type ImportJob, ImportRunner } from './import-runner.js';

export const PROCESS_IMPORT_TASK = 'process_import';

/**
 * IMPORT_WORKER: `inline` (default) runs the job worker inside the API
 * process; `off` leaves jobs to separate `npm run worker` processes (scale
 * out: every worker takes jobs from the same PostgreSQL queue).
 * IMPORT_WORKER_CONCURRENCY: jobs at a time per process (default 2).
 */
export function workerSettings(env: NodeJS.ProcessEnv = process.env): { enabled: boolean; concurrency: number } {
  const mode = (env.IMPORT_WORKER ?? 'inline').trim().toLowerCase();
  if (mode !== 'inline' && mode !== 'off') throw new Error('IMPORT_WORKER must be inline or off');
  const concurrency = Number(env.IMPORT_WORKER_CONCURRENCY ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new Error('IMPORT_WORKER_CONCURRENCY must be an integer from 1 to 16');
  return { enabled: mode === 'inline', concurrency };
}

/** A thrown error that retrying cannot fix: our own BC4xx (rights, state) errors. */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^BC4\d\d$/.test(code);
}

/**
 * The graphile-worker runner of the process_import task, started and
 * stopped with the Nest application (the API process by default, or the
 * worker process of `npm run worker`). It connects with the API login role
 * (migration 0402 grants it the queue tables); each job's processing runs in
 * Db transactions under the importer's claims.
 */
@Injectable()
export class ImportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportWorker');
  private runner: Runner | null = null;
  private pool: pg.Pool | null = null;
  private starting: Promise<void> | null = null;
  private readonly aborter = new AbortController();
  /** Forced on/off by the worker CLI; otherwise IMPORT_WORKER decides. */
  static forceEnabled: boolean | undefined;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig, private readonly importRunner: ImportRunner) {}

  get running(): boolean {
    return this.runner !== null;
  }

  onApplicationBootstrap(): void {
    const settings = workerSettings();
    const enabled = ImportWorker.forceEnabled ?? settings.enabled;
    if (!enabled || !this.cfg.databaseUrl) return;
    // In the background: the API is ready without waiting for the queue.
    this.starting = this.start(settings.concurrency).catch((err: Error) => {
      this.logger.error(`import worker did not start: ${err.message}`);
    });
  }

  /** Resolves once the worker runs (or failed to start). */
  async ready(): Promise<void> {
    await this.starting;
  }

  private async start(concurrency: number): Promise<void> {
    const pool = new pg.Pool({ connectionString: this.cfg.databaseUrl, max: concurrency + 2, application_name: 'bcc-worker' });
    pool.on('error', (err) => this.logger.warn(`worker connection error: ${err.message}`));
    pool.on('connect', (client) => client.on('error', () => undefined));
    this.pool = pool;
    const task: Task = async (payload, helpers) => this.processImport(payload as ImportJob, helpers);
    const log = this.logger;
    this.runner = await graphileWorker.run({
      pgPool: pool,
      schema: JOB_QUEUE_SCHEMA,
      concurrency,
      noHandleSignals: true,
      pollInterval: 2000,
      taskList: { [PROCESS_IMPORT_TASK]: task },
      parsedCronItems: [],
      // Batched (even with no delay) job completion/failure is flushed when the
      // runner stops; unbatched, a job finishing during shutdown could stay locked.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      logger: new graphileWorker.Logger(() => (level, message) => {
        if (level === 'error') log.error(message);
        else if (level === 'warning') log.warn(message);
        else log.debug(message);
      }),
    });
    this.logger.log(`import worker running (concurrency ${concurrency})`);
  }

  private async processImport(job: ImportJob, helpers: JobHelpers): Promise<void> {
    const signal = AbortSignal.any([helpers.abortSignal, this.aborter.signal]);
    const final = helpers.job.attempts >= helpers.job.max_attempts;
    try {
      const outcome = await this.importRunner.run(job, { signal });
      if (outcome === 'interrupted') {
        // Shutting down: fail the job so the queue hands it to the next worker
        // (it resumes the same run; rows already done are skipped).
        throw new Error('interrupted by shutdown; will resume');
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.startsWith('interrupted by shutdown')) throw err;
      const permanent = isPermanent(err);
      this.logger.warn(`import ${job.import_id}: ${message}${permanent || final ? ' (giving up)' : ' (will retry)'}`);
      await this.importRunner.fail(job, message, permanent || final).catch((e: Error) => this.logger.error(`could not record the failure: ${e.message}`));
      if (!permanent) throw err;
    }
  }

  /** Before the database pools close: let the job in flight finish its batch, then stop. */
  async beforeApplicationShutdown(): Promise<void> {
    this.aborter.abort();
    await this.starting;
    const runner = this.runner;
    this.runner = null;
    if (runner) await runner.stop().catch((err: Error) => this.logger.warn(`worker stop: ${err.message}`));
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.end().catch(() => undefined);
  }
}
