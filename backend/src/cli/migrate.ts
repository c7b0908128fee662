import { join } from 'node:path';
import { demoSecrets, loadConfig } from '../core/config/config.js';
import { startEmbeddedPostgres } from '../core/database/embedded.js';
import { bootstrapDatabase, migrate } from '../core/database/migrator.js';
import { DEMO_DATABASE } from '../server.js';

/**
 * npm run db:migrate — applies pending migrations.
 * With MIGRATION_DATABASE_URL: that server (a superuser bootstraps roles too).
 * Without: the embedded demo cluster in .data/ (started for the run).
 */
const config = loadConfig();
const log = (m: string) => process.stdout.write(m + '\n');
try {
  if (config.migrationDatabaseUrl) {
    await bootstrapDatabase(config.migrationDatabaseUrl);
    const r = await migrate(config.migrationDatabaseUrl, log);
    log(`database at version ${r.version}; applied ${r.applied.length}`);
  } else if (config.mode === 'production') {
    throw new Error('Set MIGRATION_DATABASE_URL (a superuser or a member of bcc_owner) to migrate an external database');
  } else {
    const secrets = demoSecrets(config.dataDir);
    const cluster = await startEmbeddedPostgres({ databaseDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, password: secrets.superuserPassword });
    try {
      await cluster.createDatabase(DEMO_DATABASE);
      await bootstrapDatabase(cluster.adminUrl(DEMO_DATABASE), secrets.apiPassword);
      const r = await migrate(cluster.adminUrl(DEMO_DATABASE), log);
      log(`embedded database at version ${r.version}; applied ${r.applied.length}`);
    } finally {
      await cluster.stop();
    }
  }
  process.exit(0);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
