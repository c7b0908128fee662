import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { StorageService, type InspectedFile, type StoredObject } from '../../core/storage/storage.service.js';
import type { Response } from 'express';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';
import type { FirstResponseQuery, StaleExportQuery, StaleListQuery, TicketExportQuery, TicketListQuery } from './dto/tickets.dto.js';
import type { OpsRfqExportQuery, OpsRfqListQuery } from './dto/ops.dto.js';
import { TicketingRepository, type Row, type TicketFilter } from './ticketing.repository.js';

export const ATTACHMENT_BUCKET = 'ticket-attachments';

const SLA_KEYS = [
  'sla_state', 'is_open', 'is_paused', 'first_response_target_minutes', 'resolution_target_minutes', 'first_response_due_at',
  'resolution_due_at', 'first_response_breached', 'first_response_at_risk', 'resolution_breached', 'resolution_at_risk',
  'first_response_minutes', 'first_response_business_minutes', 'resolution_minutes', 'resolution_business_minutes',
  'paused_business_minutes', 'next_due_at', 'business_minutes_to_due',
] as const;
/** Detail-only columns that move into `sla` (the summary keeps sla_state, next_due_at, business_minutes_to_due). */
const SLA_ONLY = new Set<string>(SLA_KEYS.filter((k) => !['sla_state', 'next_due_at', 'business_minutes_to_due'].includes(k)));

type Key = [string, string];

/** Ticket list and export columns (the list's summary fields). */
const TICKET_EXPORT_COLUMNS = columns<Row>(
  ['ticket_id', 'ticket_type', 'status', 'ticket_status', 'inquiry_status', 'subject', 'priority', 'dept_target', 'created_by', 'created_by_name',
    'assigned_to_user_id', 'assigned_to_name', 'need_customer_masking', 'created_at', 'last_activity_at', 'first_response_at', 'resolved_at',
    'closed_at', 'sla_state', 'next_due_at', 'business_minutes_to_due'],
  ['business_minutes_to_due'],
);
const STALE_EXPORT_COLUMNS = columns<Row>(
  ['ticket_id', 'ticket_type', 'status', 'priority', 'dept_target', 'subject', 'created_by', 'assigned_to_user_id', 'need_customer_masking',
    'created_at', 'last_activity_at', 'idle_hours', 'threshold_hours'],
  ['idle_hours', 'threshold_hours'],
);
/**
 * The masked RFQ export: fields of v_ops_rfqs_masked that are about the
 * shipment and the work on it. Contact, email, phone and NPWP (always null in
 * the view) are not even columns.
 */
const MASKED_RFQ_EXPORT_COLUMNS = columns<Row>(
  ['ticket_id', 'ticket_type', 'inquiry_status', 'status', 'company_name', 'subject', 'description', 'priority', 'dept_target', 'created_by',
    'created_by_name', 'assigned_to_user_id', 'assigned_to_name', 'origin', 'destination', 'service_type', 'commodity', 'weight_kg', 'volume_cbm',
    'ready_date', 'status_reason', 'created_at', 'last_activity_at', 'first_response_at', 'resolved_at', 'closed_at', 'first_response_due_at',
    'resolution_due_at', 'sla_state', 'next_due_at', 'business_minutes_to_due', 'quote_amount', 'quote_currency', 'quote_valid_until'],
  ['weight_kg', 'volume_cbm', 'business_minutes_to_due', 'quote_amount'],
);

function jakartaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Ticketing orchestration: checks what must be checked before touching SQL
 * (ops never reach a masked RFQ through the ticket routes), composes
 * responses, and hands every rule to the database (triggers and functions).
 */
@Injectable()
export class TicketingService {
  constructor(private readonly repo: TicketingRepository, private readonly storage: StorageService) {}

  /** Ops work masked RFQs only through /api/ops/rfqs: for them those tickets do not exist here. */
  private hideMasked(user: AuthUser): boolean {
    return user.role === 'ops';
  }

  private async requireTicket(user: AuthUser, ticketId: string): Promise<void> {
    if (!(await this.repo.ticketVisible(ticketId, this.hideMasked(user)))) throw problem.notFound('Ticket not found');
  }

  // ------------------------------------------------------------ tickets ---

  async create(user: AuthUser, dto: object) {
    const id = await this.repo.createTicket({ ...dto });
    return this.get(user, id);
  }

  async list(user: AuthUser, q: TicketListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await this.repo.listTickets(this.ticketFilter(user, q, after, limit + 1));
    return page(rows, limit, (r) => [r.created_at, r.ticket_id]);
  }

  /** The repository filter of the list and its export: every filter of the query, plus what the server decides. */
  private ticketFilter(user: AuthUser, q: Omit<TicketListQuery, 'limit' | 'cursor'>, after: Key | null, limit: number): TicketFilter {
    const { limit: _l, cursor: _c, ...f } = q as TicketListQuery;
    return { ...f, q: q.q?.trim() || undefined, hideMasked: this.hideMasked(user), after, limit };
  }

  /** GET /api/tickets/export: the list's query (mine/queue/… as given) in keyset batches, streamed. */
  async exportTickets(user: AuthUser, q: TicketExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: Key | null, n) => this.repo.listTickets(this.ticketFilter(user, f, after, n)), (r): Key => [r.created_at as string, r.ticket_id as string]);
    await sendExport(res, q.format, 'tickets', TICKET_EXPORT_COLUMNS, rows);
  }

  async get(user: AuthUser, ticketId: string) {
    const row = await this.repo.getTicket(ticketId, this.hideMasked(user));
    if (!row) throw problem.notFound('Ticket not found');
    const canEdit = user.role !== 'director';
    // One connection per request: queries run one after another.
    const allowed = canEdit ? await this.repo.allowedTransitions(row.ticket_type as string, row.status as string) : [];
    const quotes = row.ticket_type === 'inquiry_tariff' ? await this.repo.quotes(ticketId) : [];
    const customer = await this.customerOf(user, row);
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) if (!SLA_ONLY.has(k)) out[k] = v;
    out.sla = Object.fromEntries(SLA_KEYS.map((k) => [k, row[k]]));
    out.allowed_transitions = allowed;
    out.can_edit = canEdit;
    out.can_write_internal = user.role === 'super_admin' || user.dept_code === row.dept_target;
    out.customer = customer ?? null;
    out.quotes = quotes;
    return out;
  }

  private async customerOf(user: AuthUser, row: Row): Promise<Row | undefined> {
    if (!row.related_customer_id) return undefined;
    if (user.role === 'ops') return this.repo.pickupContact(row.ticket_id as string);
    return this.repo.relatedCustomer(row.related_customer_id as string, (row.related_lead_id as string | null) ?? null);
  }

  async update(user: AuthUser, ticketId: string, dto: object) {
    if (user.role === 'director') throw problem.forbidden('The director reads tickets but does not change them');
    await this.requireTicket(user, ticketId);
    await this.repo.updateTicket(ticketId, { ...dto });
    return this.get(user, ticketId);
  }

  // ----------------------------------------------------------- messages ---

  async listMessages(user: AuthUser, ticketId: string, cursor: string | undefined, limit: number | undefined) {
    await this.requireTicket(user, ticketId);
    const l = clampLimit(limit);
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    return page(await this.repo.listMessages(ticketId, after, l + 1), l, (r) => [r.created_at, r.message_id]);
  }

  async addMessage(user: AuthUser, ticketId: string, dto: { body: string; is_internal?: boolean; visible_to_ops?: boolean }) {
    if (user.role === 'director') throw problem.forbidden('The director reads tickets but does not write in them');
    await this.requireTicket(user, ticketId);
    const id = await this.repo.addMessage(ticketId, dto.body, !!dto.is_internal, !!dto.visible_to_ops);
    return (await this.repo.listMessages(ticketId, null, 1, id))[0];
  }

  // -------------------------------------------------------- attachments ---

  async listAttachments(user: AuthUser, ticketId: string) {
    await this.requireTicket(user, ticketId);
    return { items: await this.repo.listAttachments(ticketId) };
  }

  /** Inside the upload's own transaction: visible ticket first, then bytes + metadata (bucket limits in SQL), then the link. */
  async addAttachment(user: AuthUser, ticketId: string, file: InspectedFile, flags: { is_internal?: boolean; visible_to_ops?: boolean }) {
    if (user.role === 'director') throw problem.forbidden('The director reads tickets but does not write in them');
    await this.requireTicket(user, ticketId);
    const saved = await this.storage.save(file, ATTACHMENT_BUCKET, { table: 'tickets', id: ticketId });
    const id = await this.repo.addAttachment(ticketId, saved.object_id, !!flags.is_internal, !!flags.visible_to_ops);
    return (await this.repo.listAttachments(ticketId, id))[0];
  }

  async attachmentObject(user: AuthUser, ticketId: string, attachmentId: string): Promise<StoredObject> {
    await this.requireTicket(user, ticketId);
    const obj = await this.repo.attachmentObject(ticketId, attachmentId);
    if (!obj) throw problem.notFound('File not found');
    return obj;
  }

  // -------------------------------------------------------- SLA & lists ---

  async slaEvents(user: AuthUser, ticketId: string) {
    await this.requireTicket(user, ticketId);
    return { items: await this.repo.slaEvents(ticketId) };
  }

  async firstResponseSeries(q: FirstResponseQuery) {
    const to = q.to ?? jakartaToday();
    const from = q.from ?? addDays(to, -29);
    if (from > to) throw problem.unprocessable('from must not be after to', [{ field: 'from', message: 'must not be after to' }]);
    if (addDays(from, 400) < to) throw problem.unprocessable('The range is at most 400 days', [{ field: 'from', message: 'range is at most 400 days' }]);
    return { items: await this.repo.firstResponseSeries(from, to, q.dept_target) };
  }

  slaSummary(dept: string | undefined) {
    return this.repo.slaSummary(dept);
  }

  async listStale(q: StaleListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const { limit: _l, cursor: _c, ...f } = q;
    const rows = await this.repo.listStale({ ...f, after, limit: limit + 1 });
    return page(rows, limit, (r) => [r.last_activity_at, r.ticket_id]);
  }

  /** GET /api/tickets/stale/export: the stale list's query in keyset batches, streamed. */
  async exportStale(q: StaleExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: Key | null, n) => this.repo.listStale({ ...f, after, limit: n }), (r): Key => [r.last_activity_at as string, r.ticket_id as string]);
    await sendExport(res, q.format, 'tickets-stale', STALE_EXPORT_COLUMNS, rows);
  }

  async assignees(dept: string) {
    return { items: await this.repo.assignees(dept) };
  }

  // ---------------------------------------------------------- ops (masked) ---

  async listRfqs(q: OpsRfqListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const { limit: _l, cursor: _c, ...f } = q;
    const rows = await this.repo.listMaskedRfqs({ ...f, q: q.q?.trim() || undefined, after, limit: limit + 1 });
    return page(rows, limit, (r) => [r.created_at, r.ticket_id]);
  }

  /** GET /api/ops/rfqs/export: the masked queue (v_ops_rfqs_masked only) in keyset batches, streamed. */
  async exportRfqs(q: OpsRfqExportQuery, res: Response): Promise<void> {
    const f = { ...exportFilters(q), q: q.q?.trim() || undefined };
    const rows = keysetRows((after: Key | null, n) => this.repo.listMaskedRfqs({ ...f, after, limit: n }), (r): Key => [r.created_at as string, r.ticket_id as string]);
    await sendExport(res, q.format, 'rfqs', MASKED_RFQ_EXPORT_COLUMNS, rows);
  }

  async getRfq(ticketId: string) {
    const row = await this.repo.getMaskedRfq(ticketId);
    if (!row) throw problem.notFound('RFQ not found');
    const messages = await this.repo.opsMessages(ticketId);
    const attachments = await this.repo.opsAttachments(ticketId);
    const quotes = await this.repo.opsQuotes(ticketId);
    const allowed = await this.repo.allowedTransitions('inquiry_tariff', row.status as string);
    return { ...row, messages, attachments, quotes, allowed_transitions: allowed };
  }

  async updateRfq(ticketId: string, dto: object) {
    await this.repo.opsUpdate(ticketId, { ...dto });
    return this.getRfq(ticketId);
  }

  async postRfqMessage(ticketId: string, dto: { body: string; is_internal?: boolean }) {
    const id = await this.repo.opsPostMessage(ticketId, dto.body, !!dto.is_internal);
    return (await this.repo.opsMessages(ticketId)).find((m) => m.message_id === id);
  }

  async addRfqAttachment(ticketId: string, file: InspectedFile, flags: { is_internal?: boolean }) {
    if (!(await this.repo.getMaskedRfq(ticketId))) throw problem.notFound('RFQ not found');
    const saved = await this.storage.save(file, ATTACHMENT_BUCKET, { table: 'tickets', id: ticketId });
    const id = await this.repo.opsAttach(ticketId, saved.object_id, !!flags.is_internal);
    return (await this.repo.opsAttachments(ticketId)).find((a) => a.attachment_id === id);
  }

  async rfqAttachmentObject(ticketId: string, attachmentId: string): Promise<StoredObject> {
    const o = await this.repo.opsAttachmentObject(ticketId, attachmentId);
    if (!o) throw problem.notFound('File not found');
    return { ...(o as object), original_name: o.file_name ?? null } as unknown as StoredObject;
  }
}
