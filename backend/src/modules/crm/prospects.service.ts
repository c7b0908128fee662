import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { ProspectDto, ProspectExportQuery, ProspectListQuery, UpdateProspectDto } from './dto/prospects.dto.js';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

const PROSPECT_EXPORT_COLUMNS = columns<ProspectDto>([
  'prospect_id', 'customer_id', 'customer_company_name', 'owner_user_id', 'owner_name', 'stage', 'stage_changed_at', 'lost_reason',
  'created_by', 'created_at', 'updated_at', 'last_activity_at',
]);

/** The pipeline: prospects, stage moves (rules in the stage trigger) and their history. */
@Injectable()
export class ProspectsService {
  constructor(private readonly repo: CrmRepository) {}

  async list(q: ProspectListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listProspects(q, after, limit + 1);
    return page(rows, limit, (r) => [r.stage_changed_at, r.prospect_id]);
  }

  /** GET /api/prospects/export: the list's query in keyset batches, streamed. */
  async export(q: ProspectExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listProspects(f, after, n), (r): [string, string] => [r.stage_changed_at, r.prospect_id]);
    await sendExport(res, q.format, 'prospects', PROSPECT_EXPORT_COLUMNS, rows);
  }

  async update(prospectId: string, dto: UpdateProspectDto) {
    if (!(await this.repo.updateProspectStage(prospectId, dto.stage, dto.lost_reason))) {
      // Filtered by row-level security: invisible → 404; visible but not yours to work → 403.
      if (await this.repo.prospectVisible(prospectId)) throw problem.forbidden('Only the owner or their sales manager moves this prospect');
      throw problem.notFound('Prospect not found');
    }
    const p = await this.repo.getProspect(prospectId);
    if (!p) throw problem.notFound('Prospect not found');
    return p;
  }

  async history(prospectId: string) {
    if (!(await this.repo.prospectVisible(prospectId))) throw problem.notFound('Prospect not found');
    return { items: await this.repo.stageHistory(prospectId) };
  }
}
