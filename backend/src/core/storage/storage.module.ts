import { Global, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { FilesController } from './files.controller.js';
import { createObjectStore, OBJECT_STORE, UPLOAD_TMP_DIR } from './object-store.js';
import { StorageService } from './storage.service.js';

/** The largest bucket limit; each bucket's own limit is enforced in SQL. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

@Global()
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => {
        const dest = UPLOAD_TMP_DIR(cfg);
        mkdirSync(dest, { recursive: true });
        return { dest, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 } };
      },
    }),
  ],
  controllers: [FilesController],
  providers: [StorageService, { provide: OBJECT_STORE, inject: [APP_CONFIG], useFactory: createObjectStore }],
  exports: [StorageService, MulterModule],
})
export class StorageModule {}
