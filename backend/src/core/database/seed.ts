import { hash } from '@node-rs/argon2';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { DEMO_SEED_DIR } from '../config/config.js';
import { ARGON2_OPTIONS } from '../auth/password.js';
import { fileMd5 } from './migrator.js';

export const DEMO_PASSWORD = 'Demo#2026!';

/**
 * Applies the demo seed files (database/seed/demo/*.sql, in order) that this
 * database has not had yet. Demo mode only: runs as the embedded superuser.
 * Each file runs in its own transaction and is recorded, so a later module's
 * seed reaches an existing demo database on the next start.
 */
export async function seedDemo(adminUrl: string, log: (m: string) => void = () => undefined): Promise<string[]> {
  const files = readdirSync(DEMO_SEED_DIR).filter((f) => f.endsWith('.sql')).sort();
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'bcc-seed' });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS bcc_migrations.demo_seeds (
      name text PRIMARY KEY, md5 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM bcc_migrations.demo_seeds')).rows.map((r) => r.name));
    const todo = files.filter((f) => !done.has(f));
    if (todo.length === 0) return applied;
    const passwordHash = await hash(DEMO_PASSWORD, ARGON2_OPTIONS);
    for (const file of todo) {
      const path = join(DEMO_SEED_DIR, file);
      const sql = await readFile(path, 'utf8');
      log(`seeding ${file}`);
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('bcc.demo_password_hash', $1, true)", [passwordHash]);
        await client.query("SET LOCAL timezone TO 'Asia/Jakarta'");
        await client.query(sql);
        await client.query('INSERT INTO bcc_migrations.demo_seeds (name, md5) VALUES ($1, $2)', [file, fileMd5(path)]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Demo seed ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return applied;
  } finally {
    await client.end();
  }
}
