import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { ActivityDto, ActivityExportQuery, ActivityListQuery, CreateActivityDto } from './dto/activities.dto.js';
import { columns, type ExportColumn, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

/** The list's columns; location split into numbers, metadata as JSON text. */
const ACTIVITY_EXPORT_COLUMNS: ExportColumn<ActivityDto>[] = [
  ...columns<ActivityDto>(['activity_id', 'activity_type', 'prospect_id', 'customer_id', 'customer_company_name', 'owner_user_id', 'owner_name', 'occurred_at', 'notes']),
  { header: 'location_lat', value: (r) => r.location?.lat, type: 'number' },
  { header: 'location_lng', value: (r) => r.location?.lng, type: 'number' },
  { header: 'location_accuracy_m', value: (r) => r.location?.accuracy_m, type: 'number' },
  ...columns<ActivityDto>(['evidence_object_id', 'is_system', 'related_lead_id', 'related_ticket_id', 'metadata', 'created_at']),
];

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

  /** GET /api/activities/export: the list's query in keyset batches, streamed. */
  async export(q: ActivityExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listActivities(f, after, n), (r): [string, string] => [r.occurred_at, r.activity_id]);
    await sendExport(res, q.format, 'activities', ACTIVITY_EXPORT_COLUMNS, rows);
  }

  async list(q: ActivityListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listActivities(q, after, limit + 1);
    return page(rows, limit, (r) => [r.occurred_at, r.activity_id]);
  }
}
