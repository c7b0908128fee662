import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../src/core/config/config.js';
import { bootstrapDatabase, latestMigrationVersion, migrate } from '../../src/core/database/migrator.js';

const base = () => process.env.BCC_TEST_ADMIN_URL!;
let url: string;
let name: string;

beforeAll(async () => {
  name = `mig_${Date.now()}`;
  const c = new pg.Client({ connectionString: base() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base());
  u.pathname = `/${name}`;
  url = u.toString();
  await bootstrapDatabase(url, process.env.BCC_TEST_API_PASSWORD);
});

afterAll(async () => {
  const c = new pg.Client({ connectionString: base() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

async function q(sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  it('apply once, in order, recorded with checksums, owned by bcc_owner', async () => {
    const first = await migrate(url);
    expect(first.version).toBe(latestMigrationVersion());
    expect(first.applied[0]).toMatch(/^0001\.do\./);
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    const rows = await q(`SELECT count(*)::int AS n FROM bcc_migrations.schemaversion WHERE version > 0 AND md5 ~ '^[0-9a-f]{32}$'`);
    expect(rows[0].n).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+\.do\./.test(f)).length);
    const owner = await q(`SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE oid = 'app.profiles'::regclass`);
    expect(owner[0].o).toBe('bcc_owner');
  });

  it('refuse to run when an applied migration file was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcc-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const f = join(dir, '0003.do.core_reference.sql');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n-- edited after landing\n');
    await expect(migrate(url, () => undefined, dir)).rejects.toThrow(/checksum/i);
  });

  it('a failing migration leaves nothing behind and is not recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcc-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '9999.do.broken.sql'), 'CREATE TABLE app.half_done (id int);\nSELECT 1/0;\n');
    await expect(migrate(url, () => undefined, dir)).rejects.toThrow(/Migration failed/);
    expect(await q(`SELECT to_regclass('app.half_done') AS t`)).toEqual([{ t: null }]);
    expect(await q(`SELECT max(version)::int AS v FROM bcc_migrations.schemaversion`)).toEqual([{ v: latestMigrationVersion() }]);
  });
});
