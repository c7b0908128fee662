import { Injectable } from '@nestjs/common';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { CreateMarketingEventDto, CreateMarketingSpendDto, MarketingListQuery } from './dto/marketing.dto.js';

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

  createSpend(dto: CreateMarketingSpendDto) {
    return this.repo.createMarketingSpend(dto);
  }

  async listSpend(q: MarketingListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listMarketingSpend(q, after, limit + 1);
    return page(rows, limit, (r) => [r.spend_date, r.spend_id]);
  }
}
