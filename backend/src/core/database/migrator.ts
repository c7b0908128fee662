import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import Postgrator from 'postgrator';
import { BOOTSTRAP_DIR, MIGRATIONS_DIR } from '../config/config.js';
import { installJobQueueSchema } from '../../modules/import/job-queue.schema.js';

const SCHEMA_TABLE = 'bcc_migrations.schemaversion';

export interface MigrateResult {
  applied: string[];
  version: number;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'bcc-migrate' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Cluster + database bootstrap (roles, grants, bookkeeping schema). Needs a
 * superuser; with a lesser migrator login it only checks that a DBA did it.
 * Sets the API role's password when one is given (embedded/test clusters).
 */
export async function bootstrapDatabase(adminUrl: string, apiPassword?: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    if (rows[0]?.rolsuper) {
      await c.query(readFileSync(join(BOOTSTRAP_DIR, 'roles.sql'), 'utf8'));
      await c.query(readFileSync(join(BOOTSTRAP_DIR, 'database.sql'), 'utf8'));
      if (apiPassword) await c.query(`ALTER ROLE bcc_api PASSWORD ${pg.escapeLiteral(apiPassword)}`);
    } else {
      const r = await c.query(
        `SELECT count(*)::int AS n FROM pg_roles WHERE rolname IN ('bcc_owner','bcc_definer','authenticated','anon','bcc_api')`,
      );
      if (r.rows[0].n !== 5) {
        throw new Error('Database roles are missing: run database/bootstrap/roles.sql and database.sql as a superuser first (docs/operations.md)');
      }
    }
  });
}

/** Applies pending migrations as bcc_owner, each migration and its version row in one transaction. */
export async function migrate(adminUrl: string, log: (m: string) => void = () => undefined, dir: string = MIGRATIONS_DIR): Promise<MigrateResult> {
  return withClient(adminUrl, async (client) => {
    // One migrator at a time (several replicas may start together).
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', ['bcc.migrate']);
    await client.query('SET ROLE bcc_owner');
    await client.query("SET timezone TO 'Asia/Jakarta'");
    // The job queue (graphile-worker's own migrations) first: app migrations grant on it.
    await installJobQueueSchema(adminUrl);
    // Each migration and its version row commit together: the script opens the
    // transaction, the version INSERT that postgrator runs next closes it.
    let inMigration = false;
    const postgrator = new Postgrator({
      migrationPattern: join(dir, '*.sql'),
      driver: 'pg',
      database: (await client.query('SELECT current_database() AS d')).rows[0].d,
      schemaTable: SCHEMA_TABLE,
      validateChecksums: true,
      execQuery: async (query: string) => {
        const result = await client.query(query);
        if (inMigration && /^\s*INSERT INTO "bcc_migrations"\."schemaversion"/.test(query)) {
          await client.query('COMMIT');
          inMigration = false;
        }
        return result;
      },
      execSqlScript: async (sql: string) => {
        await client.query('BEGIN');
        inMigration = true;
        await client.query(sql);
      },
    });
    postgrator.on('migration-started', (m: { filename: string }) => log(`migrating ${m.filename.split('/').pop()}`));
    try {
      const applied = await postgrator.migrate();
      const version = await postgrator.getDatabaseVersion();
      return { applied: applied.map((m) => m.filename.split('/').pop()!), version };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const e = err as Error;
      throw new Error(`Migration failed: ${e.message}`, { cause: err });
    }
  });
}

/** The newest migration version on disk (what "migrations current" compares against). */
export function latestMigrationVersion(): number {
  return readdirSync(MIGRATIONS_DIR)
    .map((f) => /^(\d+)\.do\./.exec(f)?.[1])
    .filter((v): v is string => !!v)
    .reduce((max, v) => Math.max(max, Number(v)), 0);
}

/** md5 of a file's content, for the demo seed bookkeeping. */
export function fileMd5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}
