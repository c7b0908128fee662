import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { demoSecrets, loadConfig } from '../core/config/config.js';
import { createLogger, PinoNestLogger } from '../core/logging/logger.js';
import { ImportWorker } from '../modules/import/import-worker.js';
import { DEMO_DATABASE } from '../server.js';

/**
 * npm run worker — a background worker process (no HTTP): takes import jobs
 * from the PostgreSQL queue (graphile-worker) and runs each under the
 * claims of the person who uploaded the file. Start as many as you like
 * against one database; run the API with IMPORT_WORKER=off to leave all
 * jobs to them. Same environment as the API (DATABASE_URL = bcc_api). Without
 * DATABASE_URL it joins the embedded demo database of a running `npm start`.
 */
const config = loadConfig();
const logger = createLogger(config.logLevel);
if (config.mode === 'demo') {
  const secrets = demoSecrets(config.dataDir);
  config.databaseUrl = `postgres://bcc_api:${encodeURIComponent(secrets.apiPassword)}@127.0.0.1:${config.embeddedPgPort}/${DEMO_DATABASE}`;
}
ImportWorker.forceEnabled = true;

try {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: config.logLevel === 'silent' ? false : new PinoNestLogger(logger),
  });
  await app.init();
  const worker = app.get(ImportWorker);
  await worker.ready();
  if (!worker.running) throw new Error('the job worker could not start (see the log above)');
  logger.info('import worker process ready; Ctrl-C to stop');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: finishing the batch in flight and stopping`);
      app
        .close()
        .then(() => process.exit(0))
        .catch((err: Error) => {
          logger.error(`shutdown error: ${err.message}`);
          process.exit(1);
        });
    });
  }
} catch (err) {
  process.stderr.write(`Worker start-up failed: ${(err as Error).message}\n`);
  process.exit(1);
}
