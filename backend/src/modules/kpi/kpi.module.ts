import { Module } from '@nestjs/common';
import { KpiController } from './kpi.controller.js';
import { KpiRepository } from './kpi.repository.js';
import { KpiService } from './kpi.service.js';

/** KPI: metric catalogue, targets, manual entries with evidence, progress (actuals computed in SQL). */
@Module({
  controllers: [KpiController],
  providers: [KpiRepository, KpiService],
  exports: [KpiService],
})
export class KpiModule {}
