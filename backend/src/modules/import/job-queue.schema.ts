import graphileWorker from 'graphile-worker';
import pg from 'pg';

/** The PostgreSQL schema of the job queue (graphile-worker's default). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/** graphile-worker's logging, silenced (the migrator reports what it applies itself). */
export const silentWorkerLogger = new graphileWorker.Logger(() => () => undefined);

/**
 * Installs or upgrades the job queue schema with graphile-worker's own
 * migrations, on the migrator's connection (a superuser or a member of
 * bcc_owner) acting as bcc_owner, so the queue tables belong to the owner
 * like everything else; migration 0402 then grants the API login role what
 * running the worker needs. Idempotent; runs before the app migrations.
 */
export async function installJobQueueSchema(adminUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1, application_name: 'bcc-migrate-queue' });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // Queued before graphile-worker's first statement on this connection.
    void client.query('SET ROLE bcc_owner').catch(() => undefined);
  });
  try {
    await graphileWorker.runMigrations({ pgPool: pool, schema: JOB_QUEUE_SCHEMA, logger: silentWorkerLogger });
  } finally {
    await pool.end();
  }
}
