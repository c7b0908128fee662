import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { CreateLeadDto, LeadDto, LeadExportQuery, LeadFilters, LeadListQuery, UpdateLeadDto } from './dto/leads.dto.js';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

const LEAD_EXPORT_COLUMNS = columns<LeadDto>([
  'lead_id', 'company_name', 'contact_name', 'email', 'phone', 'npwp', 'source_channel', 'status', 'notes',
  'created_by', 'created_by_name', 'sales_owner_user_id', 'sales_owner_name', 'customer_id', 'prospect_id', 'prospect_stage',
  'customer_match', 'handed_over_at', 'qualified_at', 'converted_at', 'disqualified_at', 'disqualified_reason',
  'created_at', 'updated_at', 'last_activity_at',
]);

function filtersOf(q: LeadListQuery): LeadFilters {
  const { limit: _l, cursor: _c, ...f } = q;
  return f;
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

  /** GET /api/leads/export: the list's query in keyset batches, streamed (core/http/export). */
  async export(q: LeadExportQuery, res: Response): Promise<void> {
    const f: LeadFilters = exportFilters(q);
    const rows = keysetRows<LeadDto, [string, string]>((after, n) => this.repo.listLeads(f, after, n), (r) => [r.created_at, r.lead_id]);
    await sendExport(res, q.format, 'leads', LEAD_EXPORT_COLUMNS, rows);
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
