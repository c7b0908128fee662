import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { UPLOAD_TMP_DIR } from '../../core/storage/object-store.js';
import { MAX_UPLOAD_BYTES } from '../../core/storage/storage.module.js';
import { HashingDiskStorage } from './hashing-disk-storage.js';
import { ImportRunner } from './import-runner.js';
import { ImportWorker } from './import-worker.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';
import { DsoImportController, KpiImportController } from './module-imports.controller.js';

/**
 * Imports: upload → stage (bulk) → process in the background (graphile-worker,
 * inside the API process unless IMPORT_WORKER=off) → per-row outcomes. Also
 * serves POST /api/kpi/import and POST /api/dso/import.
 */
@Module({
  imports: [
    // Uploads here are hashed while they stream to disk (same file → same import).
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => ({
        storage: new HashingDiskStorage(UPLOAD_TMP_DIR(cfg)),
        limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 },
      }),
    }),
  ],
  controllers: [ImportsController, KpiImportController, DsoImportController],
  providers: [ImportsRepository, ImportsService, ImportRunner, ImportWorker],
  exports: [ImportRunner, ImportWorker],
})
export class ImportModule {}
