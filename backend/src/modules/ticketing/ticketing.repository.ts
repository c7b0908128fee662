import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { StoredObject } from '../../core/storage/storage.service.js';

/** Columns of a ticket in lists (t = app.tickets, s = app.ticket_sla(t), cb/asg = app.v_directory). */
const SUMMARY_COLS = `
  t.ticket_id, t.ticket_type, s.status, t.ticket_status, t.inquiry_status, t.subject, t.priority, t.dept_target,
  t.created_by, cb.full_name AS created_by_name, t.assigned_to_user_id, asg.full_name AS assigned_to_name,
  t.need_customer_masking, t.created_at, t.last_activity_at, t.first_response_at, t.resolved_at, t.closed_at,
  s.sla_state, s.next_due_at, s.business_minutes_to_due::float8 AS business_minutes_to_due`;

const DETAIL_COLS = `${SUMMARY_COLS},
  t.description, t.related_lead_id, t.related_customer_id, t.related_prospect_id, t.origin, t.destination, t.service_type,
  t.commodity, t.weight_kg, t.volume_cbm, t.ready_date, t.pickup_address, t.pickup_date, t.cargo_description,
  t.shipment_reference, t.status_reason, t.updated_at,
  s.is_open, s.is_paused, s.first_response_breached, s.first_response_at_risk, s.resolution_breached, s.resolution_at_risk,
  p.first_response_minutes AS first_response_target_minutes, p.resolution_minutes AS resolution_target_minutes,
  t.first_response_due_at, t.resolution_due_at,
  round(extract(epoch FROM t.first_response_at - t.created_at) / 60, 2)::float8 AS first_response_minutes,
  t.first_response_business_minutes::float8 AS first_response_business_minutes,
  t.resolution_minutes::float8 AS resolution_minutes, t.resolution_business_minutes::float8 AS resolution_business_minutes,
  t.paused_business_minutes::float8 AS paused_business_minutes`;

const FROM_TICKETS = `
  FROM app.tickets t
  CROSS JOIN LATERAL app.ticket_sla(t) s
  LEFT JOIN app.v_directory cb ON cb.user_id = t.created_by
  LEFT JOIN app.v_directory asg ON asg.user_id = t.assigned_to_user_id`;

/** Ops never reach a masked RFQ through the ticket routes (only through /api/ops/rfqs). */
const NOT_MASKED_FOR_OPS = `NOT ($X::boolean AND t.ticket_type = 'inquiry_tariff' AND t.need_customer_masking)`;

const MASKED_COLS = `
  m.ticket_id, m.ticket_type, m.inquiry_status, m.status, m.company_name, m.contact_name, m.email, m.phone, m.npwp,
  m.subject, m.description, m.priority, m.dept_target, m.created_by, cb.full_name AS created_by_name,
  m.assigned_to_user_id, asg.full_name AS assigned_to_name, m.origin, m.destination, m.service_type, m.commodity,
  m.weight_kg, m.volume_cbm, m.ready_date, m.status_reason, m.created_at, m.last_activity_at, m.first_response_at,
  m.resolved_at, m.closed_at, m.first_response_due_at, m.resolution_due_at, m.sla_state, m.next_due_at,
  m.business_minutes_to_due::float8 AS business_minutes_to_due, m.quote_amount, m.quote_currency, m.quote_valid_until`;

const MESSAGE_COLS = `
  m.message_id::text AS message_id, m.ticket_id, m.sender_user_id, d.full_name AS sender_name, d.dept_code AS sender_dept,
  d.dept_code = t.dept_target AS from_handling_department, m.body, m.is_internal, m.visible_to_ops, m.created_at`;

const ATTACHMENT_COLS = `
  a.attachment_id, a.ticket_id, a.uploaded_by, d.full_name AS uploader_name, o.original_name AS file_name,
  o.content_type, o.size_bytes::float8 AS size_bytes, a.is_internal, a.visible_to_ops, a.created_at`;

export type Row = Record<string, unknown>;

export interface TicketFilter {
  type?: string;
  status?: string;
  priority?: string;
  dept_target?: string;
  mine?: boolean;
  queue?: boolean;
  open?: boolean;
  sla_state?: string;
  assigned_to_user_id?: string;
  q?: string;
  /** Created on or after / on or before these Asia/Jakarta days. */
  created_from?: string;
  created_to?: string;
  /** First-response SLA outcome (app.first_response_outcome): met, breached, or known (either). */
  fr_outcome?: string;
  /** Only stuck tickets (app.v_tickets_stale). */
  stale?: boolean;
  hideMasked: boolean;
  after: [string, string] | null;
  limit: number;
}

/**
 * The only place with ticketing SQL. Everything runs in the caller's RLS
 * transaction; business rules live in SQL (triggers and the functions named
 * here), parameters are always bound.
 */
@Injectable()
export class TicketingRepository {
  constructor(private readonly db: Db) {}

  // ------------------------------------------------------------ tickets ---

  async createTicket(payload: Record<string, unknown>): Promise<string> {
    const r = await this.db.one<{ ticket_id: string }>('SELECT (app.ticket_create($1::jsonb)).ticket_id AS ticket_id', [JSON.stringify(payload)]);
    return r!.ticket_id;
  }

  async updateTicket(ticketId: string, patch: Record<string, unknown>): Promise<void> {
    await this.db.query('SELECT 1 FROM app.ticket_update($1, $2::jsonb)', [ticketId, JSON.stringify(patch)]);
  }

  listTickets(f: TicketFilter): Promise<Row[]> {
    return this.db.query(
      `SELECT ${SUMMARY_COLS} ${FROM_TICKETS}
        WHERE ($1::app.ticket_type IS NULL OR t.ticket_type = $1::app.ticket_type)
          AND ($2::text IS NULL OR coalesce(t.ticket_status::text, t.inquiry_status::text) = $2)
          AND ($3::app.ticket_priority IS NULL OR t.priority = $3::app.ticket_priority)
          AND ($4::text IS NULL OR t.dept_target = $4)
          AND (NOT $5::boolean OR t.created_by = (SELECT auth.uid()) OR t.assigned_to_user_id = (SELECT auth.uid()))
          AND (NOT $6::boolean OR t.dept_target = (SELECT app.current_dept()))
          AND (NOT $7::boolean OR t.closed_at IS NULL)
          AND ($8::text IS NULL OR s.sla_state = $8)
          AND ($9::uuid IS NULL OR t.assigned_to_user_id = $9::uuid)
          AND ($10::text IS NULL OR t.ticket_id ILIKE '%' || $10 || '%' OR t.subject ILIKE '%' || $10 || '%'
               OR t.shipment_reference ILIKE '%' || $10 || '%')
          AND ${NOT_MASKED_FOR_OPS.replace('$X', '$11')}
          AND ($12::timestamptz IS NULL OR (t.created_at, t.ticket_id) < ($12::timestamptz, $13::text))
          AND ($15::date IS NULL OR t.created_at >= app.jakarta_day_start($15::date))
          AND ($16::date IS NULL OR t.created_at < app.jakarta_day_start($16::date + 1))
          AND ($17::text IS NULL OR CASE $17::text
                 WHEN 'known' THEN app.first_response_outcome(t.first_response_due_at, t.first_response_at, s.is_open, s.first_response_breached) IS NOT NULL
                 ELSE app.first_response_outcome(t.first_response_due_at, t.first_response_at, s.is_open, s.first_response_breached) = $17::text END)
          AND (NOT $18::boolean OR t.ticket_id IN (SELECT v.ticket_id FROM app.v_tickets_stale v))
        ORDER BY t.created_at DESC, t.ticket_id DESC
        LIMIT $14`,
      [
        f.type ?? null, f.status ?? null, f.priority ?? null, f.dept_target ?? null, !!f.mine, !!f.queue, !!f.open,
        f.sla_state ?? null, f.assigned_to_user_id ?? null, f.q ?? null, f.hideMasked,
        f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit,
        f.created_from ?? null, f.created_to ?? null, f.fr_outcome ?? null, f.stale === true,
      ],
    );
  }

  getTicket(ticketId: string, hideMasked: boolean): Promise<Row | undefined> {
    return this.db.one(
      `SELECT ${DETAIL_COLS} ${FROM_TICKETS}
        LEFT JOIN app.sla_policies p ON p.ticket_type = t.ticket_type AND p.priority = t.priority
        WHERE t.ticket_id = $1 AND ${NOT_MASKED_FOR_OPS.replace('$X', '$2')}`,
      [ticketId, hideMasked],
    );
  }

  /** Whether the ticket is visible to the caller through the ticket routes (404 otherwise). */
  async ticketVisible(ticketId: string, hideMasked: boolean): Promise<boolean> {
    const r = await this.db.one(
      `SELECT 1 FROM app.tickets t WHERE t.ticket_id = $1 AND ${NOT_MASKED_FOR_OPS.replace('$X', '$2')}`,
      [ticketId, hideMasked],
    );
    return !!r;
  }

  allowedTransitions(ticketType: string, status: string): Promise<Row[]> {
    return this.db.query(
      'SELECT to_status, requires_reason, requires_quote FROM app.ticket_allowed_transitions($1::app.ticket_type, $2)',
      [ticketType, status],
    );
  }

  quotes(ticketId: string): Promise<Row[]> {
    return this.db.query(
      `SELECT q.quote_id::text AS quote_id, q.amount, q.currency, q.valid_until, q.notes, q.created_by, q.created_at
         FROM app.ticket_quotes q WHERE q.ticket_id = $1 ORDER BY q.created_at DESC, q.quote_id DESC`,
      [ticketId],
    );
  }

  /** The related customer as the caller's RLS allows (not for ops: see pickupContact). */
  relatedCustomer(customerId: string, leadId: string | null): Promise<Row | undefined> {
    return this.db.one(
      `SELECT c.customer_id, c.company_name, l.contact_name, coalesce(l.phone, c.phone) AS phone, c.address, c.city
         FROM app.customers c
         LEFT JOIN LATERAL (SELECT x.contact_name, x.phone FROM app.leads x
                             WHERE x.lead_id = $2 OR ($2::text IS NULL AND x.customer_id = c.customer_id)
                             ORDER BY x.created_at DESC LIMIT 1) l ON true
        WHERE c.customer_id = $1`,
      [customerId, leadId],
    );
  }

  /** Ops on an unmasked ticket of their department: what a pickup needs (definer function checks exactly that). */
  pickupContact(ticketId: string): Promise<Row | undefined> {
    return this.db.one('SELECT company_name, contact_name, phone, address, city FROM app.ticket_pickup_contact($1)', [ticketId]);
  }

  // ----------------------------------------------------------- messages ---

  async addMessage(ticketId: string, body: string, isInternal: boolean, visibleToOps: boolean): Promise<string> {
    const r = await this.db.one<{ id: string }>(
      `INSERT INTO app.ticket_messages (ticket_id, body, is_internal, visible_to_ops) VALUES ($1, $2, $3, $4)
       RETURNING message_id::text AS id`,
      [ticketId, body, isInternal, visibleToOps],
    );
    return r!.id;
  }

  listMessages(ticketId: string, after: [string, string] | null, limit: number, messageId?: string): Promise<Row[]> {
    return this.db.query(
      `SELECT ${MESSAGE_COLS}
         FROM app.ticket_messages m
         JOIN app.tickets t ON t.ticket_id = m.ticket_id
         LEFT JOIN app.v_directory d ON d.user_id = m.sender_user_id
        WHERE m.ticket_id = $1
          AND ($2::timestamptz IS NULL OR (m.created_at, m.message_id) > ($2::timestamptz, $3::bigint))
          AND ($5::bigint IS NULL OR m.message_id = $5::bigint)
        ORDER BY m.created_at, m.message_id
        LIMIT $4`,
      [ticketId, after?.[0] ?? null, after?.[1] ?? null, limit, messageId ?? null],
    );
  }

  // -------------------------------------------------------- attachments ---

  async addAttachment(ticketId: string, objectId: string, isInternal: boolean, visibleToOps: boolean): Promise<string> {
    const r = await this.db.one<{ attachment_id: string }>(
      `INSERT INTO app.ticket_attachments (ticket_id, object_id, is_internal, visible_to_ops) VALUES ($1, $2, $3, $4)
       RETURNING attachment_id`,
      [ticketId, objectId, isInternal, visibleToOps],
    );
    return r!.attachment_id;
  }

  listAttachments(ticketId: string, attachmentId?: string): Promise<Row[]> {
    return this.db.query(
      `SELECT ${ATTACHMENT_COLS}
         FROM app.ticket_attachments a
         JOIN app.storage_objects o ON o.object_id = a.object_id
         LEFT JOIN app.v_directory d ON d.user_id = a.uploaded_by
        WHERE a.ticket_id = $1 AND ($2::uuid IS NULL OR a.attachment_id = $2::uuid)
        ORDER BY a.created_at, a.attachment_id`,
      [ticketId, attachmentId ?? null],
    );
  }

  attachmentObject(ticketId: string, attachmentId: string): Promise<StoredObject | undefined> {
    return this.db.one<StoredObject>(
      `SELECT o.* FROM app.ticket_attachments a JOIN app.storage_objects o ON o.object_id = a.object_id
        WHERE a.ticket_id = $1 AND a.attachment_id = $2`,
      [ticketId, attachmentId],
    );
  }

  // -------------------------------------------------------- SLA & lists ---

  slaEvents(ticketId: string): Promise<Row[]> {
    return this.db.query(
      `SELECT e.event_id::text AS event_id, e.event_type, e.metadata, e.actor_user_id, d.full_name AS actor_name, e.occurred_at
         FROM app.sla_events e LEFT JOIN app.v_directory d ON d.user_id = e.actor_user_id
        WHERE e.ticket_id = $1 ORDER BY e.occurred_at, e.event_id`,
      [ticketId],
    );
  }

  /** Daily median first response over the window (app.ticket_first_response_daily). */
  firstResponseSeries(from: string, to: string, dept: string | undefined): Promise<Row[]> {
    return this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.tickets, d.median_first_response_minutes::float8 AS median_first_response_minutes,
              d.median_first_response_business_minutes::float8 AS median_first_response_business_minutes
         FROM app.ticket_first_response_daily($1::date, $2::date, $3) d
        ORDER BY d.day`,
      [from, to, dept ?? null],
    );
  }

  /** SLA-state counts of the visible open tickets (app.ticket_sla_summary, index-only) and the stale count. */
  async slaSummary(dept: string | undefined): Promise<Row> {
    const r = await this.db.one(
      `SELECT s.open, s.on_track, s.at_risk, s.breached, s.paused,
              (SELECT count(*)::int FROM app.v_tickets_stale x WHERE $1::text IS NULL OR x.dept_target = $1) AS stale
         FROM app.ticket_sla_summary($1) s`,
      [dept ?? null],
    );
    return r!;
  }

  /** A page of stale tickets, longest idle first (app.tickets_stale_page). */
  listStale(f: { dept_target?: string; mine?: boolean; queue?: boolean; after: [string, string] | null; limit: number }): Promise<Row[]> {
    return this.db.query(
      `SELECT v.ticket_id, v.ticket_type, v.status, v.priority, v.dept_target, v.subject, v.created_by, v.assigned_to_user_id,
              v.need_customer_masking, v.created_at, v.last_activity_at, v.idle_hours::float8 AS idle_hours,
              v.threshold_hours::float8 AS threshold_hours
         FROM app.tickets_stale_page($1, $2, $3, $4, $5, $6) v
        ORDER BY v.last_activity_at, v.ticket_id`,
      [f.dept_target ?? null, !!f.mine, !!f.queue, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  assignees(dept: string): Promise<Row[]> {
    return this.db.query(
      `SELECT d.user_id, d.full_name, d.role, d.dept_code FROM app.v_directory d
        WHERE d.dept_code = $1 AND d.is_active ORDER BY lower(d.full_name), d.user_id`,
      [dept],
    );
  }

  // ---------------------------------------------------------- ops (masked) ---

  listMaskedRfqs(f: { status?: string; priority?: string; service_type?: string; sla_state?: string; open?: boolean; q?: string; after: [string, string] | null; limit: number }): Promise<Row[]> {
    return this.db.query(
      `SELECT ${MASKED_COLS}
         FROM app.v_ops_rfqs_masked m
         LEFT JOIN app.v_directory cb ON cb.user_id = m.created_by
         LEFT JOIN app.v_directory asg ON asg.user_id = m.assigned_to_user_id
        WHERE ($1::text IS NULL OR m.status = $1)
          AND ($2::app.ticket_priority IS NULL OR m.priority = $2::app.ticket_priority)
          AND ($3::app.service_type IS NULL OR m.service_type = $3::app.service_type)
          AND ($4::text IS NULL OR m.sla_state = $4)
          AND (NOT $5::boolean OR m.status IN ('OPEN', 'IN_PROGRESS'))
          AND ($6::text IS NULL OR m.ticket_id ILIKE '%' || $6 || '%' OR m.origin ILIKE '%' || $6 || '%'
               OR m.destination ILIKE '%' || $6 || '%' OR m.commodity ILIKE '%' || $6 || '%')
          AND ($7::timestamptz IS NULL OR (m.created_at, m.ticket_id) < ($7::timestamptz, $8::text))
        ORDER BY m.created_at DESC, m.ticket_id DESC
        LIMIT $9`,
      [f.status ?? null, f.priority ?? null, f.service_type ?? null, f.sla_state ?? null, !!f.open, f.q ?? null,
        f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  getMaskedRfq(ticketId: string): Promise<Row | undefined> {
    return this.db.one(
      `SELECT ${MASKED_COLS}
         FROM app.v_ops_rfqs_masked m
         LEFT JOIN app.v_directory cb ON cb.user_id = m.created_by
         LEFT JOIN app.v_directory asg ON asg.user_id = m.assigned_to_user_id
        WHERE m.ticket_id = $1`,
      [ticketId],
    );
  }

  opsMessages(ticketId: string): Promise<Row[]> {
    return this.db.query(
      `SELECT message_id::text AS message_id, ticket_id, sender_user_id, sender_name, sender_dept, from_handling_department,
              body, is_internal, visible_to_ops, created_at
         FROM app.ops_rfq_messages($1)`,
      [ticketId],
    );
  }

  opsAttachments(ticketId: string): Promise<Row[]> {
    return this.db.query(
      `SELECT attachment_id, ticket_id, uploaded_by, uploader_name, file_name, content_type, size_bytes::float8 AS size_bytes,
              is_internal, visible_to_ops, created_at
         FROM app.ops_rfq_attachments($1)`,
      [ticketId],
    );
  }

  opsQuotes(ticketId: string): Promise<Row[]> {
    return this.db.query(
      `SELECT quote_id::text AS quote_id, amount, currency, valid_until, notes, created_by, created_at FROM app.ops_rfq_quotes($1)`,
      [ticketId],
    );
  }

  async opsPostMessage(ticketId: string, body: string, isInternal: boolean): Promise<string> {
    const r = await this.db.one<{ id: string }>('SELECT app.ops_rfq_post_message($1, $2, $3)::text AS id', [ticketId, body, isInternal]);
    return r!.id;
  }

  async opsUpdate(ticketId: string, patch: Record<string, unknown>): Promise<void> {
    await this.db.query('SELECT app.ops_rfq_update($1, $2::jsonb)', [ticketId, JSON.stringify(patch)]);
  }

  async opsAttach(ticketId: string, objectId: string, isInternal: boolean): Promise<string> {
    const r = await this.db.one<{ id: string }>('SELECT app.ops_rfq_attach($1, $2, $3) AS id', [ticketId, objectId, isInternal]);
    return r!.id;
  }

  opsAttachmentObject(ticketId: string, attachmentId: string): Promise<Row | undefined> {
    return this.db.one(
      'SELECT object_id, object_key, content_type, size_bytes, file_name FROM app.ops_rfq_attachment_object($1, $2)',
      [ticketId, attachmentId],
    );
  }
}
