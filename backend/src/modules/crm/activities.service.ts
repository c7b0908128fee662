import { Injectable } from '@nestjs/common';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { ActivityListQuery, CreateActivityDto } from './dto/activities.dto.js';

/** Sales activities: logged by people (visit rules in SQL) plus system-derived entries. */
@Injectable()
export class ActivitiesService {
  constructor(private readonly repo: CrmRepository) {}

  async create(dto: CreateActivityDto) {
    const row = await this.repo.createActivity(dto);
    // The prospect is not visible to the caller: a reference that does not resolve.
    if (!row) throw problem.unprocessable('The prospect does not exist or is not visible to you', [{ field: 'prospect_id', message: 'not found' }]);
    return row;
  }

  async list(q: ActivityListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listActivities(q, after, limit + 1);
    return page(rows, limit, (r) => [r.occurred_at, r.activity_id]);
  }
}
