import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { Db } from './db.service.js';
import { installPgTypeParsers } from './pg-types.js';

installPgTypeParsers();

/**
 * TypeORM is the connection layer (pool, replica routing); every query goes
 * through Db, which wraps it in the caller's RLS transaction.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => ({
        type: 'postgres' as const,
        ...(cfg.databaseReadUrl
          ? { replication: { master: { url: cfg.databaseUrl }, slaves: [{ url: cfg.databaseReadUrl }] } }
          : { url: cfg.databaseUrl }),
        synchronize: false,
        migrationsRun: false,
        entities: [],
        retryAttempts: 3,
        retryDelay: 1000,
        extra: {
          max: cfg.dbPoolMax,
          application_name: 'bcc-api',
          options: '-c TimeZone=Asia/Jakarta',
          connectionTimeoutMillis: 5000,
          idleTimeoutMillis: 30000,
          // Statements are written without waiting for the previous answer: a
          // transaction's prelude and first statement share one round trip (Db).
          pipeline: true,
        },
      }),
    }),
  ],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
