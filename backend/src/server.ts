import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.factory.js';
import { AppConfig, demoSecrets, loadConfig } from './core/config/config.js';
import { EmbeddedCluster, startEmbeddedPostgres } from './core/database/embedded.js';
import { bootstrapDatabase, migrate } from './core/database/migrator.js';
import { DEMO_PASSWORD, seedDemo } from './core/database/seed.js';
import { createLogger } from './core/logging/logger.js';

export const DEMO_DATABASE = 'bcc';

export interface RunningServer {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  stop(): Promise<void>;
}

/**
 * Demo mode (no DATABASE_URL): start the embedded PostgreSQL under .data/pg,
 * bootstrap roles, migrate, seed demo data, and connect as bcc_api.
 * Production: use DATABASE_URL as is; migrate first only when
 * MIGRATION_DATABASE_URL is given.
 */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const t0 = Date.now();
  let cluster: EmbeddedCluster | undefined;
  if (config.mode === 'demo') {
    const secrets = demoSecrets(config.dataDir);
    cluster = await startEmbeddedPostgres({
      databaseDir: join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      password: secrets.superuserPassword,
      log: (l) => logger.debug({ pg: true }, l),
    });
    logger.info(`embedded PostgreSQL ready on 127.0.0.1:${cluster.port} (${Date.now() - t0} ms)`);
    await cluster.createDatabase(DEMO_DATABASE);
    const adminUrl = cluster.adminUrl(DEMO_DATABASE);
    await bootstrapDatabase(adminUrl, secrets.apiPassword);
    const m = await migrate(adminUrl, (l) => logger.info(l));
    logger.info(`migrations at version ${m.version} (${m.applied.length} applied)`);
    const seeded = await seedDemo(adminUrl, (l) => logger.info(l));
    if (seeded.length) logger.info(`demo data seeded: ${seeded.join(', ')}`);
    config.databaseUrl = cluster.apiUrl(DEMO_DATABASE, secrets.apiPassword);
  } else if (config.migrationDatabaseUrl) {
    await bootstrapDatabase(config.migrationDatabaseUrl);
    const m = await migrate(config.migrationDatabaseUrl, (l) => logger.info(l));
    logger.info(`migrations at version ${m.version} (${m.applied.length} applied)`);
  }

  let app: NestExpressApplication;
  try {
    app = await createApp(config, { logger });
    await app.listen(config.port, config.host);
  } catch (err) {
    await cluster?.stop();
    throw err;
  }
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info(`Business Command Center ready at ${url} (API ${url}/api, docs ${url}/api/docs) in ${Date.now() - t0} ms`);
  if (config.mode === 'demo') {
    const banner = [
      '',
      '  Business Command Center — demo mode (embedded PostgreSQL, data in .data/)',
      `  Console:  ${url}`,
      `  API docs: ${url}/api/docs`,
      `  Sign in as admin@demo.local, director@demo.local, mkt.manager@demo.local, sales1@demo.local, ...`,
      `  Password for every demo user: ${DEMO_PASSWORD}`,
      '',
    ].join('\n');
    process.stdout.write(banner + '\n');
  }
  let stopped = false;
  return {
    app,
    config,
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await cluster?.stop();
    },
  };
}

export { loadConfig };
