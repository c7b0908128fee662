import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { CreateLeadDto, LeadDto, LeadExportQuery, LeadFilters, LeadListQuery, UpdateLeadDto } from './dto/leads.dto.js';
import { type ExportColumn, writeExport } from './export.js';

/** The most rows one export returns (api: "up to 50 000"). */
export const LEAD_EXPORT_MAX_ROWS = 50_000;
const EXPORT_BATCH = 1000;

const LEAD_EXPORT_COLUMNS: ExportColumn<LeadDto>[] = [
  'lead_id', 'company_name', 'contact_name', 'email', 'phone', 'npwp', 'source_channel', 'status', 'notes',
  'created_by', 'created_by_name', 'sales_owner_user_id', 'sales_owner_name', 'customer_id', 'prospect_id', 'prospect_stage',
  'customer_match', 'handed_over_at', 'qualified_at', 'converted_at', 'disqualified_at', 'disqualified_reason',
  'created_at', 'updated_at', 'last_activity_at',
].map((header) => ({ header }));

function filtersOf(q: LeadListQuery): LeadFilters {
  const { limit: _l, cursor: _c, ...f } = q;
  return f;
}

/** Today in Asia/Jakarta as YYYY-MM-DD (file names). */
function jakartaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Leads: creation (one RPC: lead + customer dedup + prospect + optional RFQ),
 * lists and export, detail and timeline, edits and handover. Visibility and
 * every business rule are the database's; this orchestrates and maps "no row"
 * to 404/403.
 */
@Injectable()
export class LeadsService {
  constructor(private readonly repo: CrmRepository) {}

  create(dto: CreateLeadDto) {
    return this.repo.createLeadBundle(dto);
  }

  async list(q: LeadListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listLeads(filtersOf(q), after, limit + 1);
    return page(rows, limit, (r) => [r.created_at, r.lead_id]);
  }

  /** Streams every matching lead (up to LEAD_EXPORT_MAX_ROWS) in keyset batches inside the request's transaction. */
  async *exportRows(f: LeadFilters): AsyncGenerator<LeadDto> {
    let after: After = null;
    let n = 0;
    while (n < LEAD_EXPORT_MAX_ROWS) {
      const size = Math.min(EXPORT_BATCH, LEAD_EXPORT_MAX_ROWS - n);
      const batch = await this.repo.listLeads(f, after, size);
      for (const r of batch) yield r;
      n += batch.length;
      if (batch.length < size) return;
      const last = batch[batch.length - 1];
      after = [last.created_at, last.lead_id];
    }
  }

  async export(q: LeadExportQuery, res: Response): Promise<void> {
    const { format = 'csv', ...filters } = q;
    await writeExport(res, {
      format,
      filename: `leads-${jakartaToday()}`,
      sheet: 'leads',
      columns: LEAD_EXPORT_COLUMNS,
      rows: this.exportRows(filters),
    });
  }

  async get(leadId: string) {
    const lead = await this.repo.getLeadDetail(leadId);
    if (!lead) throw problem.notFound('Lead not found');
    return lead;
  }

  async timeline(leadId: string) {
    const items = await this.repo.leadTimeline(leadId);
    if (items.length === 0) throw problem.notFound('Lead not found');
    return { items };
  }

  async update(leadId: string, dto: UpdateLeadDto): Promise<LeadDto> {
    if (dto.email || dto.phone || dto.npwp) await this.repo.checkLeadIdentifiers(dto);
    if (!(await this.repo.updateLead(leadId, dto))) {
      // Row-level security filtered the update: invisible → 404, visible but not yours to edit → 403.
      if (await this.repo.leadVisible(leadId)) throw problem.forbidden('Your role may not edit this lead');
      throw problem.notFound('Lead not found');
    }
    const lead = await this.repo.getLead(leadId);
    if (!lead) throw problem.notFound('Lead not found');
    return lead;
  }

  assign(leadId: string, ownerId: string) {
    return this.repo.assignLead(leadId, ownerId);
  }

  async assignees() {
    return { items: await this.repo.listAssignees() };
  }
}
