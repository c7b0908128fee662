#!/usr/bin/env node
// Large-data generator: fills a migrated database with a realistic dataset at
// a chosen scale and seed (see 00_setup.sql for what it writes and how).
//
// Library:  import { generateDataset } from 'database/generator/generate.mjs'
//           await generateDataset(client, { scale: 0.001, seed: 42 })   // client: a superuser pg client
// CLI:      npm run db:generate -- --scale small|large|<number> --seed 42 [--end 2026-11-26T10:00:00+07:00]
//                                  [--database-url postgres://superuser@host/db]
//   Without --database-url (or GENERATOR_DATABASE_URL / MIGRATION_DATABASE_URL)
//   it starts the embedded demo cluster of `npm start` (DATA_DIR, default
//   .data/) and generates into its database on top of the demo data.
//   Every generated user signs in with the demo password (Demo#2026!).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATOR_DIR = here;

/** The SQL steps, in order. */
export function generatorSteps() {
  return readdirSync(here).filter((f) => /^\d\d_.*\.sql$/.test(f)).sort().map((f) => ({ name: f, sql: readFileSync(join(here, f), 'utf8') }));
}

/** Named scales: small (tests, demos: 2k customers, 10k leads …) and large (P2's dataset); or a number in (0, 2]. */
export const NAMED_SCALES = { small: 0.01, large: 1 };
export function scaleOf(v) {
  return Object.hasOwn(NAMED_SCALES, v) ? NAMED_SCALES[v] : Number(v);
}

/** Tables whose secondary (non-unique) indexes are rebuilt after a large load instead of maintained row by row. */
const BULK_TABLES = ['leads', 'customers', 'prospects', 'prospect_stage_history', 'sales_activities', 'tickets', 'ticket_messages',
  'sla_events', 'invoices', 'payments'];

/**
 * Generates the dataset in ONE transaction on the given superuser client
 * (nothing is left half-written on failure). Returns per-step timings in ms.
 *   scale       1 = 200k customers, 1M leads, 1M tickets, 4M messages, 500k invoices, 800k payments
 *   seed        same seed + same end → same data
 *   end         end of the generated history (Date or ISO string); default: now, truncated to the hour
 *   passwordHash optional argon2id hash for every generated user (else they cannot sign in)
 *   rebuildIndexes  drop + rebuild secondary indexes of the big tables (default: scale >= 0.05)
 */
export async function generateDataset(client, opts) {
  const scale = Number(opts.scale);
  const seed = Math.trunc(Number(opts.seed));
  if (!(scale > 0 && scale <= 2)) throw new Error('scale must be in (0, 2]');
  if (!Number.isFinite(seed)) throw new Error('seed must be an integer');
  const end = opts.end ? new Date(opts.end) : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const log = opts.log ?? (() => undefined);
  const rebuild = opts.rebuildIndexes ?? scale >= 0.05;
  const timings = {};
  const t = async (name, fn) => {
    const t0 = performance.now();
    await fn();
    timings[name] = Math.round(performance.now() - t0);
    log(`${name}: ${(timings[name] / 1000).toFixed(1)} s`);
  };
  // Temp tables (the plan of every row) live in local buffers: give them room before the first one
  // exists, or a large scale spends its time moving pages through the OS.
  await client.query(`SET temp_buffers = '${scale >= 0.05 ? '3GB' : '256MB'}'`).catch(() => undefined);
  await client.query('BEGIN');
  try {
    await client.query(
      `SELECT set_config('gen.scale', $1, true), set_config('gen.seed', $2, true), set_config('gen.end', $3, true),
              set_config('gen.pwhash', $4, true), set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true),
              set_config('work_mem', '256MB', true), set_config('maintenance_work_mem', '1GB', true)`,
      [String(scale), String(seed), end.toISOString(), opts.passwordHash ?? ''],
    );
    let indexes = [];
    if (rebuild) {
      indexes = (
        await client.query(
          `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'app' AND c.relname = ANY ($1) AND NOT i.indisunique AND NOT i.indisprimary`,
          [BULK_TABLES],
        )
      ).rows;
      await t('drop secondary indexes', async () => {
        for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
      });
    }
    for (const step of generatorSteps()) {
      if (step.name.startsWith('90_') && rebuild) {
        await t('rebuild secondary indexes', async () => {
          for (const ix of indexes) await client.query(ix.def);
        });
      }
      await t(step.name, () => client.query(step.sql));
    }
    await t('commit', () => client.query('COMMIT'));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return timings;
}

// ------------------------------------------------------------------- CLI ---
async function main(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=') ? a.slice(2).split(/=(.*)/s) : [a.slice(2), argv[++i]];
    args[k] = v;
  }
  const root = join(here, '..', '..');
  const dist = join(root, 'backend', 'dist');
  const pg = (await import('pg')).default;
  const { hash } = await import('@node-rs/argon2');
  const { ARGON2_OPTIONS } = await import(pathToFileURL(join(dist, 'core/auth/password.js')).href);
  const { DEMO_PASSWORD } = await import(pathToFileURL(join(dist, 'core/database/seed.js')).href);
  const scale = scaleOf(args.scale ?? 'small');
  const seed = Number(args.seed ?? 42);
  let url = args['database-url'] ?? process.env.GENERATOR_DATABASE_URL ?? process.env.MIGRATION_DATABASE_URL;
  let cluster;
  if (!url) {
    const { demoSecrets, loadConfig } = await import(pathToFileURL(join(dist, 'core/config/config.js')).href);
    const { startEmbeddedPostgres } = await import(pathToFileURL(join(dist, 'core/database/embedded.js')).href);
    const { bootstrapDatabase, migrate } = await import(pathToFileURL(join(dist, 'core/database/migrator.js')).href);
    const { seedDemo } = await import(pathToFileURL(join(dist, 'core/database/seed.js')).href);
    const { DEMO_DATABASE } = await import(pathToFileURL(join(dist, 'server.js')).href);
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const config = loadConfig(env);
    const secrets = demoSecrets(config.dataDir);
    console.log(`embedded demo cluster in ${config.dataDir}`);
    cluster = await startEmbeddedPostgres({ databaseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, password: secrets.superuserPassword });
    await cluster.createDatabase(DEMO_DATABASE);
    url = cluster.adminUrl(DEMO_DATABASE);
    await bootstrapDatabase(url, secrets.apiPassword);
    await migrate(url);
    await seedDemo(url);
  }
  const client = new pg.Client({ connectionString: url, application_name: 'bcc-generate' });
  await client.connect();
  try {
    const t0 = performance.now();
    const passwordHash = await hash(DEMO_PASSWORD, ARGON2_OPTIONS);
    console.log(`generating scale ${scale}, seed ${seed} …`);
    await generateDataset(client, { scale, seed, end: args.end, passwordHash, log: (m) => console.log(`  ${m}`) });
    const counts = (await client.query(`SELECT (SELECT count(*) FROM app.customers) AS customers, (SELECT count(*) FROM app.leads) AS leads,
      (SELECT count(*) FROM app.tickets) AS tickets, (SELECT count(*) FROM app.ticket_messages) AS messages,
      (SELECT count(*) FROM app.invoices) AS invoices, (SELECT count(*) FROM app.payments) AS payments,
      (SELECT count(*) FROM app.profiles WHERE email LIKE 'gen.%') AS users`)).rows[0];
    console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    console.log(`generated users: gen.sales01@gen.local, gen.director01@gen.local, … password ${DEMO_PASSWORD}`);
  } finally {
    await client.end();
    await cluster?.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.stack ?? String(err));
    process.exit(1);
  });
}
