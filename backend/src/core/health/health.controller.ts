import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoTransaction, Public } from '../auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { latestMigrationVersion } from '../database/migrator.js';
import { Db } from '../database/db.service.js';
import { setResponseStatus } from '../http/response-status.js';
import { APP_VERSION } from '../version.js';

@ApiTags('health')
@Public()
@NoTransaction()
@Controller('health')
export class HealthController {
  private readonly expectedVersion = latestMigrationVersion();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok', demo: true, version: '0.1.0' } } })
  live() {
    return { status: 'ok', demo: this.cfg.mode === 'demo', version: APP_VERSION };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database reachable and migrations current' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up', version: 6 } } } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready (database down or migrations pending)' })
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([
        async () => {
          const s = this.indicators.check('database');
          try {
            await this.db.ping();
            return s.up();
          } catch {
            return s.down({ message: 'database unreachable' });
          }
        },
        async () => {
          const s = this.indicators.check('migrations');
          try {
            const v = await this.db.transaction(null, (tx) => tx.one<{ v: string }>('SELECT max(version)::text AS v FROM bcc_migrations.schemaversion'));
            const version = Number(v?.v ?? 0);
            return version >= this.expectedVersion ? s.up({ version }) : s.down({ version, expected: this.expectedVersion, message: 'migrations pending' });
          } catch {
            return s.down({ message: 'migration state unknown' });
          }
        },
      ]);
    } catch (err) {
      if (err instanceof ServiceUnavailableException) {
        setResponseStatus(res, 503);
        return err.getResponse();
      }
      throw err;
    }
  }
}
