import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type {
  CreateMarketingEventDto, CreateMarketingSpendDto, MarketingEventDto, MarketingExportQuery, MarketingListQuery, MarketingSpendDto,
} from './dto/marketing.dto.js';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

const EVENT_EXPORT_COLUMNS = columns<MarketingEventDto>(
  ['event_id', 'event_type', 'channel', 'occurred_at', 'title', 'leads_generated', 'notes', 'created_by', 'created_by_name', 'created_at'],
  ['leads_generated'],
);
const SPEND_EXPORT_COLUMNS = columns<MarketingSpendDto>(
  ['spend_id', 'channel', 'spend_date', 'amount', 'currency', 'notes', 'created_by', 'created_by_name', 'created_at'],
  ['amount'],
);

/** Marketing events and spend (the inputs of lead and cost-per-lead figures). */
@Injectable()
export class MarketingService {
  constructor(private readonly repo: CrmRepository) {}

  createEvent(dto: CreateMarketingEventDto) {
    return this.repo.createMarketingEvent(dto);
  }

  async listEvents(q: MarketingListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listMarketingEvents(q, after, limit + 1);
    return page(rows, limit, (r) => [r.occurred_at, r.event_id]);
  }

  /** GET /api/marketing/events/export: the list's query in keyset batches, streamed. */
  async exportEvents(q: MarketingExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listMarketingEvents(f, after, n), (r): [string, string] => [r.occurred_at, r.event_id]);
    await sendExport(res, q.format, 'marketing-events', EVENT_EXPORT_COLUMNS, rows);
  }

  createSpend(dto: CreateMarketingSpendDto) {
    return this.repo.createMarketingSpend(dto);
  }

  async listSpend(q: MarketingListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listMarketingSpend(q, after, limit + 1);
    return page(rows, limit, (r) => [r.spend_date, r.spend_id]);
  }

  /** GET /api/marketing/spend/export: the list's query in keyset batches, streamed. */
  async exportSpend(q: MarketingExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listMarketingSpend(f, after, n), (r): [string, string] => [r.spend_date, r.spend_id]);
    await sendExport(res, q.format, 'marketing-spend', SPEND_EXPORT_COLUMNS, rows);
  }
}
