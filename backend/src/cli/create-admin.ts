import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../core/auth/password.js';
import { loadConfig } from '../core/config/config.js';

/**
 * npm run db:create-admin -- --email it@company.co.id --name "IT Admin" [--dept DIR]
 * Creates the first super_admin of a fresh production database (nobody can
 * sign in to create one otherwise). Uses MIGRATION_DATABASE_URL; the password
 * comes from BCC_ADMIN_PASSWORD or is generated and printed once.
 */
const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, dept: { type: 'string', default: 'DIR' } } });
const cfg = loadConfig();
const url = cfg.migrationDatabaseUrl;
if (!url || !values.email || !values.name) {
  process.stderr.write('Usage: MIGRATION_DATABASE_URL=... npm run db:create-admin -- --email <email> --name "<full name>" [--dept DIR]\n');
  process.exit(2);
}
const email = values.email.trim().toLowerCase();
const password = process.env.BCC_ADMIN_PASSWORD || randomBytes(12).toString('base64url');
if (password.length < MIN_PASSWORD_LENGTH) {
  process.stderr.write(`BCC_ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters\n`);
  process.exit(2);
}
const client = new pg.Client({ connectionString: url, application_name: 'bcc-create-admin' });
await client.connect();
try {
  await client.query('BEGIN');
  // bcc_definer bypasses RLS; the migrator may act as it through bcc_owner.
  await client.query('SET LOCAL ROLE bcc_definer');
  const { rows } = await client.query<{ user_id: string }>(
    `INSERT INTO app.profiles (email, full_name, role, dept_code) VALUES ($1, $2, 'super_admin', $3)
     ON CONFLICT (email) DO NOTHING RETURNING user_id`,
    [email, values.name.trim(), values.dept],
  );
  if (!rows[0]) throw new Error(`A user with email ${email} already exists`);
  await client.query('INSERT INTO auth.credentials (user_id, password_hash) VALUES ($1, $2)', [rows[0].user_id, await hashPassword(password)]);
  await client.query('COMMIT');
  process.stdout.write(`Created super_admin ${email} (${rows[0].user_id}).\n`);
  if (!process.env.BCC_ADMIN_PASSWORD) process.stdout.write(`Initial password (shown once, change it after signing in): ${password}\n`);
} catch (err) {
  await client.query('ROLLBACK').catch(() => undefined);
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await client.end();
}
