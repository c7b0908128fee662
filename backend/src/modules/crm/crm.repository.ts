import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { ActivityDto, ActivityListQuery, CreateActivityDto } from './dto/activities.dto.js';
import type { Customer360Dto, CustomerDto, CustomerListQuery } from './dto/customers.dto.js';
import type {
  AssignedLeadDto, AssigneeDto, CreatedLeadDto, CreateLeadDto, LeadDetailDto, LeadDto, LeadFilters, TimelineItemDto, UpdateLeadDto,
} from './dto/leads.dto.js';
import type {
  CreateMarketingEventDto, CreateMarketingSpendDto, MarketingEventDto, MarketingListQuery, MarketingSpendDto,
} from './dto/marketing.dto.js';
import type { ProspectDto, ProspectListQuery, StageHistoryDto } from './dto/prospects.dto.js';

/** Keyset position after the last row of the previous page. */
export type After = [string, string] | null;

/** Start of an Asia/Jakarta day as timestamptz, for date filters on timestamps. */
const JKT_DAY_START = (p: string) => `((${p}::date)::timestamp AT TIME ZONE 'Asia/Jakarta')`;
const JKT_DAY_END = (p: string) => `((${p}::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')`;

const LEAD_COLS = `
  l.lead_id, l.company_name, l.contact_name, l.email, l.phone, l.npwp, l.source_channel, l.notes, l.status,
  l.created_by, cb.full_name AS created_by_name, l.sales_owner_user_id, so.full_name AS sales_owner_name,
  l.customer_id, l.prospect_id, lp.stage AS prospect_stage, l.customer_match,
  l.handed_over_at, l.qualified_at, l.converted_at, l.disqualified_at, l.disqualified_reason,
  l.created_at, l.updated_at, l.last_activity_at`;

// prospects is joined under RLS: a prospect the caller cannot see leaves prospect_stage null.
const LEAD_FROM = `
  FROM app.leads l
  LEFT JOIN app.v_directory cb ON cb.user_id = l.created_by
  LEFT JOIN app.v_directory so ON so.user_id = l.sales_owner_user_id
  LEFT JOIN app.prospects lp ON lp.prospect_id = l.prospect_id`;

const TICKET_SUMMARY_JSON = `json_build_object('ticket_id', t.ticket_id, 'ticket_type', t.ticket_type, 'subject', t.subject,
  'inquiry_status', t.inquiry_status, 'ticket_status', t.ticket_status, 'dept_target', t.dept_target, 'priority', t.priority,
  'created_at', t.created_at)`;

const ACTIVITY_COLS = `
  a.activity_id, a.activity_type, a.prospect_id, a.customer_id, ac.company_name AS customer_company_name,
  a.owner_user_id, ad.full_name AS owner_name, a.occurred_at, a.notes,
  CASE WHEN a.location_lat IS NULL THEN NULL
       ELSE json_build_object('lat', a.location_lat::float8, 'lng', a.location_lng::float8, 'accuracy_m', a.location_accuracy_m::float8) END AS location,
  a.evidence_object_id, a.is_system, a.related_lead_id, a.related_ticket_id, a.metadata, a.created_at`;

const ACTIVITY_JOINS = `
  LEFT JOIN app.customers ac ON ac.customer_id = a.customer_id
  LEFT JOIN app.v_directory ad ON ad.user_id = a.owner_user_id`;

// The stages the caller may move a prospect to, mirroring the UPDATE policy on
// prospects: only rows the caller could update get a non-empty list.
const ALLOWED_STAGES = `
  coalesce(CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN app.prospect_allowed_stages(p.stage, 'super_admin')
    WHEN 'salesperson' THEN CASE WHEN p.owner_user_id = (SELECT auth.uid()) THEN app.prospect_allowed_stages(p.stage, 'salesperson') END
    WHEN 'sales_manager' THEN CASE WHEN p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]) THEN app.prospect_allowed_stages(p.stage, 'sales_manager') END
  END, '{}')::text[] AS allowed_stages`;

const PROSPECT_COLS = `
  p.prospect_id, p.customer_id, pc.company_name AS customer_company_name, p.owner_user_id, pd.full_name AS owner_name,
  p.stage, p.stage_changed_at, p.lost_reason, p.created_by, p.created_at, p.updated_at, p.last_activity_at, ${ALLOWED_STAGES}`;

const PROSPECT_FROM = `
  FROM app.prospects p
  LEFT JOIN app.customers pc ON pc.customer_id = p.customer_id
  LEFT JOIN app.v_directory pd ON pd.user_id = p.owner_user_id`;

const CUSTOMER_COLS = 'c.customer_id, c.company_name, c.npwp, c.email, c.phone, c.address, c.city, c.industry, c.created_at, c.updated_at';

/**
 * The only place with SQL for the CRM. Every statement runs in the caller's
 * per-request RLS transaction (Db), parameters always bound; business rules
 * live in the database functions and triggers this calls.
 */
@Injectable()
export class CrmRepository {
  constructor(private readonly db: Db) {}

  // ------------------------------------------------------------- leads ---

  async createLeadBundle(dto: CreateLeadDto): Promise<CreatedLeadDto> {
    const r = await this.db.one<{ r: CreatedLeadDto }>('SELECT app.crm_create_lead_bundle($1::jsonb) AS r', [JSON.stringify(dto)]);
    return r!.r;
  }

  listLeads(f: LeadFilters, after: After, limit: number): Promise<LeadDto[]> {
    return this.db.query<LeadDto>(
      `SELECT ${LEAD_COLS} ${LEAD_FROM}
        WHERE ($1::text IS NULL OR (l.company_name || ' ' || l.contact_name || ' ' || coalesce(l.email, '') || ' ' || coalesce(l.phone, '') || ' ' || coalesce(l.npwp, '')) ILIKE '%' || $1 || '%')
          AND ($2::app.lead_status IS NULL OR l.status = $2::app.lead_status)
          AND ($3::app.source_channel IS NULL OR l.source_channel = $3::app.source_channel)
          AND ($4::uuid IS NULL OR l.sales_owner_user_id = $4::uuid)
          AND (NOT $5::boolean OR l.sales_owner_user_id IS NULL)
          AND ($6::date IS NULL OR l.created_at >= ${JKT_DAY_START('$6')})
          AND ($7::date IS NULL OR l.created_at < ${JKT_DAY_END('$7')})
          AND ($8::timestamptz IS NULL OR (l.created_at, l.lead_id) < ($8::timestamptz, $9::text))
          AND (NOT $11::boolean OR app.lead_reached_qualified(l.status, l.qualified_at, l.handed_over_at))
          AND (NOT $12::boolean OR l.handed_over_at IS NOT NULL)
          AND (NOT $13::boolean OR l.lead_id IN (SELECT s.lead_id FROM app.v_leads_stale s))
        ORDER BY l.created_at DESC, l.lead_id DESC
        LIMIT $10`,
      [
        f.q ?? null, f.status ?? null, f.source_channel ?? null, f.sales_owner_user_id ?? null, f.unassigned === true,
        f.created_from ?? null, f.created_to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit,
        f.qualified === true, f.handed_over === true, f.stale === true,
      ],
    );
  }

  getLead(leadId: string): Promise<LeadDto | undefined> {
    return this.db.one<LeadDto>(`SELECT ${LEAD_COLS} ${LEAD_FROM} WHERE l.lead_id = $1`, [leadId]);
  }

  /** The lead with its customer, prospect and tickets, each only as far as RLS lets the caller see them. */
  getLeadDetail(leadId: string): Promise<LeadDetailDto | undefined> {
    return this.db.one<LeadDetailDto>(
      `SELECT ${LEAD_COLS},
              (SELECT json_build_object('customer_id', c.customer_id, 'company_name', c.company_name, 'city', c.city, 'industry', c.industry)
                 FROM app.customers c WHERE c.customer_id = l.customer_id) AS customer,
              CASE WHEN lp.prospect_id IS NULL THEN NULL
                   ELSE json_build_object('prospect_id', lp.prospect_id, 'stage', lp.stage, 'owner_user_id', lp.owner_user_id,
                                          'owner_name', (SELECT d.full_name FROM app.v_directory d WHERE d.user_id = lp.owner_user_id)) END AS prospect,
              (SELECT coalesce(json_agg(${TICKET_SUMMARY_JSON} ORDER BY t.created_at DESC, t.ticket_id DESC), '[]')
                 FROM app.tickets t WHERE t.related_lead_id = l.lead_id) AS tickets
         ${LEAD_FROM}
        WHERE l.lead_id = $1`,
      [leadId],
    );
  }

  /**
   * Newest first: the lead's own milestones, the activities and stage history
   * of its prospect, and its audit rows: each source under the caller's RLS
   * (audit rows only reach super_admin and director). Stage-change activities
   * are left out: the stage history already tells them. Empty when the lead is
   * not visible (a visible lead always has its "created" event).
   */
  leadTimeline(leadId: string): Promise<TimelineItemDto[]> {
    return this.db.query<TimelineItemDto>(
      `WITH l AS (SELECT * FROM app.leads WHERE lead_id = $1)
       SELECT x.at, x.kind, x.title, x.detail, x.actor_user_id, d.full_name AS actor_name
         FROM (
           SELECT l.created_at AS at, 'lead_event'::text AS kind, 'created'::text AS title,
                  ('source_channel: ' || l.source_channel::text) AS detail, l.created_by AS actor_user_id, 1 AS ord FROM l
           UNION ALL SELECT l.qualified_at, 'lead_event', 'qualified', NULL, NULL, 2 FROM l WHERE l.qualified_at IS NOT NULL
           UNION ALL SELECT l.handed_over_at, 'lead_event', 'handed_over',
                            (SELECT 'to ' || so.full_name FROM app.v_directory so WHERE so.user_id = l.sales_owner_user_id), NULL, 3
                       FROM l WHERE l.handed_over_at IS NOT NULL
           UNION ALL SELECT l.converted_at, 'lead_event', 'converted', NULL, NULL, 4 FROM l WHERE l.converted_at IS NOT NULL
           UNION ALL SELECT l.disqualified_at, 'lead_event', 'disqualified', l.disqualified_reason, NULL, 5 FROM l WHERE l.disqualified_at IS NOT NULL
           UNION ALL SELECT a.occurred_at, 'activity', a.activity_type::text, a.notes, a.owner_user_id, 6
                       FROM app.sales_activities a JOIN l ON a.prospect_id = l.prospect_id
                      WHERE a.activity_type <> 'stage_change'
           UNION ALL SELECT h.changed_at, 'stage_change',
                            CASE WHEN h.from_stage IS NULL THEN h.to_stage::text ELSE h.from_stage::text || ' → ' || h.to_stage::text END,
                            NULL, h.changed_by, 7
                       FROM app.prospect_stage_history h JOIN l ON h.prospect_id = l.prospect_id
           UNION ALL SELECT al.changed_at, 'audit', al.action,
                            CASE WHEN al.action = 'UPDATE' THEN
                              (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(al.after_data) k
                                WHERE k NOT IN ('updated_at', 'last_activity_at') AND (al.before_data -> k) IS DISTINCT FROM (al.after_data -> k)) END,
                            al.changed_by, 8
                       FROM app.audit_logs al JOIN l ON al.table_name = 'leads' AND al.record_id = l.lead_id
         ) x
         LEFT JOIN app.v_directory d ON d.user_id = x.actor_user_id
        ORDER BY x.at DESC, x.ord DESC`,
      [leadId],
    );
  }

  /** Checks formats of identifiers with the database's own normalisers (BC422 naming the field). */
  async checkLeadIdentifiers(p: { email?: string | null; phone?: string | null; npwp?: string | null }): Promise<void> {
    await this.db.query('SELECT app.normalize_email($1), app.normalize_phone($2), app.normalize_npwp($3)', [p.email ?? null, p.phone ?? null, p.npwp ?? null]);
  }

  /** Applies the fields present under RLS; triggers enforce transitions and field limits. False when no row was updatable. */
  async updateLead(leadId: string, patch: UpdateLeadDto): Promise<boolean> {
    const casts: Record<string, string> = { status: '::app.lead_status', source_channel: '::app.source_channel' };
    const fields = ['company_name', 'contact_name', 'email', 'phone', 'npwp', 'source_channel', 'notes', 'status', 'disqualified_reason'] as const;
    const sets: string[] = [];
    const params: unknown[] = [leadId];
    for (const k of fields) {
      const v = patch[k];
      if (v === undefined) continue;
      // Blank optional text clears the field (required ones are refused by the DTO).
      params.push(typeof v === 'string' ? v.trim() || null : v);
      sets.push(`${k} = $${params.length}${casts[k] ?? ''}`);
    }
    if (sets.length === 0) return !!(await this.db.one('SELECT 1 FROM app.leads WHERE lead_id = $1', [leadId]));
    const rows = await this.db.query(`UPDATE app.leads SET ${sets.join(', ')} WHERE lead_id = $1 RETURNING lead_id`, params);
    return rows.length === 1;
  }

  async leadVisible(leadId: string): Promise<boolean> {
    return !!(await this.db.one('SELECT 1 FROM app.leads WHERE lead_id = $1', [leadId]));
  }

  async assignLead(leadId: string, ownerId: string): Promise<AssignedLeadDto> {
    const r = await this.db.one<{ r: AssignedLeadDto }>('SELECT app.crm_assign_lead($1, $2::uuid) AS r', [leadId, ownerId]);
    return r!.r;
  }

  /** Active salespeople and sales managers the caller may hand a lead to. */
  listAssignees(): Promise<AssigneeDto[]> {
    return this.db.query<AssigneeDto>(
      `SELECT d.user_id, d.full_name, d.role, d.manager_user_id
         FROM app.v_directory d
        WHERE d.is_active AND d.role IN ('salesperson', 'sales_manager')
          AND ((SELECT app.current_role()) IN ('super_admin', 'marketing_manager')
               OR ((SELECT app.current_role()) = 'sales_manager' AND d.user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
        ORDER BY d.full_name, d.user_id`,
    );
  }

  // --------------------------------------------------------- customers ---

  listCustomers(f: CustomerListQuery, after: After, limit: number): Promise<CustomerDto[]> {
    return this.db.query<CustomerDto>(
      `SELECT ${CUSTOMER_COLS}
         FROM app.customers c
        WHERE ($1::text IS NULL
               OR c.name_norm LIKE '%' || app.normalize_company_name($1) || '%'
               OR c.email_norm = lower(btrim($1))
               OR c.npwp_norm IN (regexp_replace($1, '\\D', '', 'g'), '0' || regexp_replace($1, '\\D', '', 'g')))
          AND ($2::text IS NULL OR lower(c.city) = lower($2))
          AND ($3::text IS NULL OR lower(c.industry) = lower($3))
          AND ($4::text IS NULL OR (c.company_name, c.customer_id) > ($4::text, $5::text))
        ORDER BY c.company_name, c.customer_id
        LIMIT $6`,
      [f.q ?? null, f.city ?? null, f.industry ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /** Customer 360 in one round trip; every part filtered by the caller's RLS. */
  getCustomer360(customerId: string): Promise<Customer360Dto | undefined> {
    return this.db.one<Customer360Dto>(
      `SELECT json_build_object('customer_id', c.customer_id, 'company_name', c.company_name, 'npwp', c.npwp, 'email', c.email,
                                'phone', c.phone, 'address', c.address, 'city', c.city, 'industry', c.industry,
                                'created_at', c.created_at, 'updated_at', c.updated_at) AS customer,
              (SELECT coalesce(json_agg(json_build_object('prospect_id', p.prospect_id, 'stage', p.stage, 'owner_user_id', p.owner_user_id,
                                                          'owner_name', d.full_name, 'stage_changed_at', p.stage_changed_at)
                                        ORDER BY p.stage_changed_at DESC, p.prospect_id DESC), '[]')
                 FROM app.prospects p LEFT JOIN app.v_directory d ON d.user_id = p.owner_user_id
                WHERE p.customer_id = c.customer_id) AS prospects,
              (SELECT coalesce(json_agg(x ORDER BY x.created_at DESC, x.lead_id DESC), '[]') FROM (
                 SELECT l.lead_id, l.company_name, l.contact_name, l.status, l.source_channel, l.sales_owner_user_id,
                        so.full_name AS sales_owner_name, l.created_at
                   FROM app.leads l LEFT JOIN app.v_directory so ON so.user_id = l.sales_owner_user_id
                  WHERE l.customer_id = c.customer_id
                  ORDER BY l.created_at DESC, l.lead_id DESC LIMIT 100) x) AS leads,
              (SELECT coalesce(json_agg(x.t ORDER BY x.created_at DESC, x.ticket_id DESC), '[]') FROM (
                 SELECT ${TICKET_SUMMARY_JSON} AS t, t.created_at, t.ticket_id
                   FROM app.tickets t WHERE t.related_customer_id = c.customer_id
                  ORDER BY t.created_at DESC, t.ticket_id DESC LIMIT 100) x) AS tickets,
              (SELECT coalesce(json_agg(x ORDER BY x.occurred_at DESC, x.activity_id DESC), '[]') FROM (
                 SELECT ${ACTIVITY_COLS} FROM app.sales_activities a ${ACTIVITY_JOINS}
                  WHERE a.customer_id = c.customer_id
                  ORDER BY a.occurred_at DESC, a.activity_id DESC LIMIT 20) x) AS recent_activities,
              NULL::json AS invoices_summary,
              (SELECT coalesce(json_agg(json_build_object(
                         'other_customer_id', CASE WHEN dc.customer_id = c.customer_id THEN dc.other_customer_id ELSE dc.customer_id END,
                         'match_field', dc.match_field, 'similarity', dc.similarity::float8, 'status', dc.status)
                       ORDER BY dc.detected_at DESC, dc.candidate_id DESC), '[]')
                 FROM app.customer_duplicate_candidates dc
                WHERE dc.customer_id = c.customer_id OR dc.other_customer_id = c.customer_id) AS duplicate_candidates
         FROM app.customers c
        WHERE c.customer_id = $1`,
      [customerId],
    );
  }

  // --------------------------------------------------------- prospects ---

  listProspects(f: ProspectListQuery, after: After, limit: number): Promise<ProspectDto[]> {
    return this.db.query<ProspectDto>(
      `SELECT ${PROSPECT_COLS} ${PROSPECT_FROM}
        WHERE ($1::text IS NULL OR p.customer_id = $1)
          AND ($2::uuid IS NULL OR p.owner_user_id = $2::uuid)
          AND ($3::app.prospect_stage IS NULL OR p.stage = $3::app.prospect_stage)
          AND ($4::text IS NULL OR pc.name_norm LIKE '%' || app.normalize_company_name($4) || '%')
          AND (NOT $5::boolean OR p.owner_user_id IS NULL)
          AND ($6::timestamptz IS NULL OR (p.stage_changed_at, p.prospect_id) < ($6::timestamptz, $7::text))
          AND (NOT $9::boolean OR p.stage NOT IN ('WON', 'LOST'))
          AND (NOT $10::boolean OR p.owner_user_id IS NOT NULL)
          AND (NOT $11::boolean OR p.prospect_id IN (SELECT s.prospect_id FROM app.v_prospects_stale s))
        ORDER BY p.stage_changed_at DESC, p.prospect_id DESC
        LIMIT $8`,
      [f.customer_id ?? null, f.owner_user_id ?? null, f.stage ?? null, f.q ?? null, f.unassigned === true, after?.[0] ?? null, after?.[1] ?? null, limit,
        f.open === true, f.assigned === true, f.stale === true],
    );
  }

  getProspect(prospectId: string): Promise<ProspectDto | undefined> {
    return this.db.one<ProspectDto>(`SELECT ${PROSPECT_COLS} ${PROSPECT_FROM} WHERE p.prospect_id = $1`, [prospectId]);
  }

  async prospectVisible(prospectId: string): Promise<boolean> {
    return !!(await this.db.one('SELECT 1 FROM app.prospects WHERE prospect_id = $1', [prospectId]));
  }

  /** Moves the stage under RLS; the stage trigger refuses invalid moves (BC409 with allowed[]). False when not updatable. */
  async updateProspectStage(prospectId: string, stage: string, lostReason: string | undefined): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE app.prospects
          SET stage = $2::app.prospect_stage,
              lost_reason = CASE WHEN $2::app.prospect_stage = 'LOST' THEN coalesce($3, lost_reason) ELSE lost_reason END
        WHERE prospect_id = $1
        RETURNING prospect_id`,
      [prospectId, stage, lostReason?.trim() || null],
    );
    return rows.length === 1;
  }

  stageHistory(prospectId: string): Promise<StageHistoryDto[]> {
    return this.db.query<StageHistoryDto>(
      `SELECT h.from_stage, h.to_stage, h.changed_by, d.full_name AS changed_by_name, h.changed_at
         FROM app.prospect_stage_history h LEFT JOIN app.v_directory d ON d.user_id = h.changed_by
        WHERE h.prospect_id = $1
        ORDER BY h.changed_at, h.history_id`,
      [prospectId],
    );
  }

  // -------------------------------------------------------- activities ---

  /**
   * Logs an activity as the caller on a prospect the caller can see; undefined
   * when the prospect is not visible. The insert policy decides whether the
   * caller may log on it, the trigger checks visit evidence.
   */
  createActivity(dto: CreateActivityDto): Promise<ActivityDto | undefined> {
    return this.db.one<ActivityDto>(
      `WITH a AS (
         INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id, occurred_at, notes,
                                           location_lat, location_lng, location_accuracy_m, evidence_object_id)
         SELECT $1::app.activity_type, p.prospect_id, auth.uid(), coalesce($3::timestamptz, now()), $4,
                $5::numeric, $6::numeric, $7::numeric, $8::uuid
           FROM app.prospects p WHERE p.prospect_id = $2
         RETURNING *)
       SELECT ${ACTIVITY_COLS} FROM a ${ACTIVITY_JOINS}`,
      [
        dto.activity_type, dto.prospect_id.trim(), dto.occurred_at ?? null, dto.notes?.trim() || null,
        dto.location?.lat ?? null, dto.location?.lng ?? null, dto.location?.accuracy_m ?? null, dto.evidence_object_id ?? null,
      ],
    );
  }

  listActivities(f: ActivityListQuery, after: After, limit: number): Promise<ActivityDto[]> {
    return this.db.query<ActivityDto>(
      `SELECT ${ACTIVITY_COLS} FROM app.sales_activities a ${ACTIVITY_JOINS}
        WHERE ($1::text IS NULL OR a.prospect_id = $1)
          AND ($2::text IS NULL OR a.customer_id = $2)
          AND ($3::uuid IS NULL OR a.owner_user_id = $3::uuid)
          AND ($4::app.activity_type IS NULL OR a.activity_type = $4::app.activity_type)
          AND ($5::date IS NULL OR a.occurred_at >= ${JKT_DAY_START('$5')})
          AND ($6::date IS NULL OR a.occurred_at < ${JKT_DAY_END('$6')})
          AND ($7::boolean OR NOT a.is_system)
          AND ($8::timestamptz IS NULL OR (a.occurred_at, a.activity_id) < ($8::timestamptz, $9::uuid))
        ORDER BY a.occurred_at DESC, a.activity_id DESC
        LIMIT $10`,
      [
        f.prospect_id ?? null, f.customer_id ?? null, f.owner_user_id ?? null, f.activity_type ?? null, f.from ?? null, f.to ?? null,
        f.include_system !== false, after?.[0] ?? null, after?.[1] ?? null, limit,
      ],
    );
  }

  // --------------------------------------------------------- marketing ---

  async createMarketingEvent(dto: CreateMarketingEventDto): Promise<MarketingEventDto> {
    const r = await this.db.one<MarketingEventDto>(
      `WITH e AS (
         INSERT INTO app.marketing_activity_events (event_type, channel, occurred_at, title, leads_generated, notes, created_by)
         VALUES ($1::app.marketing_event_type, $2::app.source_channel, $3::date, $4, coalesce($5::int, 0), $6, auth.uid())
         RETURNING *)
       SELECT e.event_id, e.event_type, e.channel, e.occurred_at, e.title, e.leads_generated, e.notes, e.created_by,
              d.full_name AS created_by_name, e.created_at
         FROM e LEFT JOIN app.v_directory d ON d.user_id = e.created_by`,
      [dto.event_type, dto.channel, dto.occurred_at, dto.title.trim(), dto.leads_generated ?? null, dto.notes?.trim() || null],
    );
    return r!;
  }

  listMarketingEvents(f: MarketingListQuery, after: After, limit: number): Promise<MarketingEventDto[]> {
    return this.db.query<MarketingEventDto>(
      `SELECT e.event_id, e.event_type, e.channel, e.occurred_at, e.title, e.leads_generated, e.notes, e.created_by,
              d.full_name AS created_by_name, e.created_at
         FROM app.marketing_activity_events e LEFT JOIN app.v_directory d ON d.user_id = e.created_by
        WHERE ($1::app.source_channel IS NULL OR e.channel = $1::app.source_channel)
          AND ($2::date IS NULL OR e.occurred_at >= $2::date)
          AND ($3::date IS NULL OR e.occurred_at <= $3::date)
          AND ($4::date IS NULL OR (e.occurred_at, e.event_id) < ($4::date, $5::uuid))
        ORDER BY e.occurred_at DESC, e.event_id DESC
        LIMIT $6`,
      [f.channel ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async createMarketingSpend(dto: CreateMarketingSpendDto): Promise<MarketingSpendDto> {
    const r = await this.db.one<MarketingSpendDto>(
      `WITH s AS (
         INSERT INTO app.marketing_spend (channel, spend_date, amount, notes, created_by)
         VALUES ($1::app.source_channel, $2::date, $3::numeric, $4, auth.uid())
         RETURNING *)
       SELECT s.spend_id, s.channel, s.spend_date, s.amount, s.currency, s.notes, s.created_by, d.full_name AS created_by_name, s.created_at
         FROM s LEFT JOIN app.v_directory d ON d.user_id = s.created_by`,
      [dto.channel, dto.spend_date, dto.amount, dto.notes?.trim() || null],
    );
    return r!;
  }

  listMarketingSpend(f: MarketingListQuery, after: After, limit: number): Promise<MarketingSpendDto[]> {
    return this.db.query<MarketingSpendDto>(
      `SELECT s.spend_id, s.channel, s.spend_date, s.amount, s.currency, s.notes, s.created_by, d.full_name AS created_by_name, s.created_at
         FROM app.marketing_spend s LEFT JOIN app.v_directory d ON d.user_id = s.created_by
        WHERE ($1::app.source_channel IS NULL OR s.channel = $1::app.source_channel)
          AND ($2::date IS NULL OR s.spend_date >= $2::date)
          AND ($3::date IS NULL OR s.spend_date <= $3::date)
          AND ($4::date IS NULL OR (s.spend_date, s.spend_id) < ($4::date, $5::uuid))
        ORDER BY s.spend_date DESC, s.spend_id DESC
        LIMIT $6`,
      [f.channel ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
