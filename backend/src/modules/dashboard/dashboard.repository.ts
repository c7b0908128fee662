import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { DashboardSummaryDto } from './dto/dashboard.dto.js';

/**
 * The dashboard's only SQL: one call of app.dashboard_summary() (migrations
 * 0500–0501), which builds every number of the caller's home with its
 * drill-down under the request's RLS claims. No formula lives here.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly db: Db) {}

  async summary(asOf: string | undefined): Promise<DashboardSummaryDto> {
    const r = await this.db.one<{ s: DashboardSummaryDto }>('SELECT app.dashboard_summary($1::date) AS s', [asOf ?? null]);
    return r!.s;
  }
}
