import type { Role } from '../../../core/auth/auth.models';

/** Ticketing types of the API (api.md "Ticketing"; snake_case as on the wire). */

export const TICKET_TYPES = ['complaint', 'request_pickup', 'general_request', 'inquiry_tariff'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
export const INQUIRY_STATUSES = ['OPEN', 'IN_PROGRESS', 'QUOTED', 'WON', 'LOST', 'CANCELLED'] as const;
export const ALL_STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED', 'QUOTED', 'WON', 'LOST', 'CANCELLED'] as const;
export type TicketStatus = (typeof ALL_STATUSES)[number];

export const SERVICE_TYPES = ['air', 'sea_fcl', 'sea_lcl', 'land', 'express'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SLA_STATES = ['breached', 'at_risk', 'on_track', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const QUOTE_CURRENCIES = ['IDR', 'USD', 'SGD', 'EUR', 'CNY', 'JPY', 'MYR', 'AUD'] as const;

/** Departments a ticket may be sent to (any department; operations first). */
export const TARGET_DEPARTMENTS = ['DOM', 'EXI', 'DTD', 'WHS', 'FIN', 'SAL', 'MKT'] as const;

/** Everyone but the director opens and works tickets (domain.md). */
export const TICKET_WRITE_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'];

export function canWriteTickets(role: Role | null | undefined): boolean {
  return !!role && TICKET_WRITE_ROLES.includes(role);
}

export interface Transition {
  to_status: TicketStatus;
  requires_reason: boolean;
  requires_quote: boolean;
}

export interface TicketSummary {
  ticket_id: string;
  ticket_type: TicketType;
  status: TicketStatus;
  ticket_status: TicketStatus | null;
  inquiry_status: TicketStatus | null;
  subject: string;
  priority: TicketPriority;
  dept_target: string;
  created_by: string;
  created_by_name: string | null;
  assigned_to_user_id: string | null;
  assigned_to_name: string | null;
  need_customer_masking: boolean;
  created_at: string;
  last_activity_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  sla_state: SlaState;
  next_due_at: string | null;
  business_minutes_to_due: number | null;
}

export interface Sla {
  sla_state: SlaState;
  is_open: boolean;
  is_paused: boolean;
  first_response_target_minutes: number | null;
  resolution_target_minutes: number | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_response_breached: boolean;
  first_response_at_risk: boolean;
  resolution_breached: boolean;
  resolution_at_risk: boolean;
  first_response_minutes: number | null;
  first_response_business_minutes: number | null;
  resolution_minutes: number | null;
  resolution_business_minutes: number | null;
  paused_business_minutes: number;
  next_due_at: string | null;
  business_minutes_to_due: number | null;
}

export interface Quote {
  quote_id: string;
  amount: string;
  currency: string;
  valid_until: string;
  notes: string | null;
  created_by: string;
  created_at: string;
}

export interface RelatedCustomer {
  customer_id?: string | null;
  company_name: string;
  contact_name: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
}

export interface TicketDetail extends TicketSummary {
  description: string | null;
  related_lead_id: string | null;
  related_customer_id: string | null;
  related_prospect_id: string | null;
  origin: string | null;
  destination: string | null;
  service_type: ServiceType | null;
  commodity: string | null;
  weight_kg: string | null;
  volume_cbm: string | null;
  ready_date: string | null;
  pickup_address: string | null;
  pickup_date: string | null;
  cargo_description: string | null;
  shipment_reference: string | null;
  status_reason: string | null;
  updated_at: string;
  sla: Sla;
  allowed_transitions: Transition[];
  can_edit: boolean;
  can_write_internal: boolean;
  customer: RelatedCustomer | null;
  quotes: Quote[];
}

export interface TicketMessage {
  message_id: string;
  ticket_id: string;
  sender_user_id: string;
  sender_name: string | null;
  sender_dept: string | null;
  from_handling_department: boolean;
  body: string;
  is_internal: boolean;
  visible_to_ops: boolean;
  created_at: string;
}

export interface TicketAttachment {
  attachment_id: string;
  ticket_id: string;
  uploaded_by: string;
  uploader_name: string | null;
  file_name: string | null;
  content_type: string;
  size_bytes: number;
  is_internal: boolean;
  visible_to_ops: boolean;
  created_at: string;
}

export interface SlaEvent {
  event_id: string;
  event_type: 'FIRST_RESPONSE' | 'STATUS_CHANGE' | 'RESOLVED';
  metadata: { from?: string; to?: string; reason?: string; status?: string; business_minutes?: number };
  actor_user_id: string | null;
  actor_name: string | null;
  occurred_at: string;
}

export interface StaleTicket {
  ticket_id: string;
  ticket_type: TicketType;
  status: TicketStatus;
  priority: TicketPriority;
  dept_target: string;
  subject: string;
  created_by: string;
  assigned_to_user_id: string | null;
  need_customer_masking: boolean;
  created_at: string;
  last_activity_at: string;
  idle_hours: number;
  threshold_hours: number;
}

export interface MaskedRfq {
  ticket_id: string;
  ticket_type: 'inquiry_tariff';
  inquiry_status: TicketStatus;
  status: TicketStatus;
  company_name: 'MASKED';
  subject: string;
  description: string | null;
  priority: TicketPriority;
  dept_target: string;
  created_by: string;
  created_by_name: string | null;
  assigned_to_user_id: string | null;
  assigned_to_name: string | null;
  origin: string;
  destination: string;
  service_type: ServiceType;
  commodity: string | null;
  weight_kg: string | null;
  volume_cbm: string | null;
  ready_date: string | null;
  status_reason: string | null;
  created_at: string;
  last_activity_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  sla_state: SlaState;
  next_due_at: string | null;
  business_minutes_to_due: number | null;
  quote_amount: string | null;
  quote_currency: string | null;
  quote_valid_until: string | null;
}

export interface MaskedRfqDetail extends MaskedRfq {
  messages: TicketMessage[];
  attachments: TicketAttachment[];
  quotes: Quote[];
  allowed_transitions: Transition[];
}

export interface FirstResponseDay {
  day: string;
  tickets: number;
  median_first_response_minutes: number;
  median_first_response_business_minutes: number;
}

export interface SlaSummary {
  open: number;
  on_track: number;
  at_risk: number;
  breached: number;
  paused: number;
  stale: number;
}

export interface Assignee {
  user_id: string;
  full_name: string;
  role: string;
  dept_code: string;
}

export interface TicketListQuery {
  type?: TicketType;
  status?: TicketStatus;
  priority?: TicketPriority;
  dept_target?: string;
  mine?: boolean;
  queue?: boolean;
  open?: boolean;
  sla_state?: SlaState;
  q?: string;
}

export interface RfqListQuery {
  status?: TicketStatus;
  priority?: TicketPriority;
  service_type?: ServiceType;
  sla_state?: SlaState;
  open?: boolean;
  q?: string;
}

export interface QuoteInput {
  amount: string;
  currency: string;
  valid_until: string;
  notes?: string;
}

export interface TicketPatch {
  status?: TicketStatus;
  reason?: string;
  priority?: TicketPriority;
  assigned_to_user_id?: string | null;
  quote?: QuoteInput;
}

export interface TicketCreate {
  ticket_type: TicketType;
  dept_target?: string;
  subject?: string;
  description?: string;
  priority?: TicketPriority;
  related_customer_id?: string;
  related_lead_id?: string;
  related_prospect_id?: string;
  rfq?: { origin: string; destination: string; service_type: ServiceType; commodity?: string; weight_kg?: number; volume_cbm?: number; ready_date?: string };
  pickup_address?: string;
  pickup_date?: string;
  cargo_description?: string;
  shipment_reference?: string;
}

/**
 * Business minutes as "3 j 20 m" (hours of the 08:00–17:00 calendar, not wall-clock hours).
 * Uses the unit labels given (translated), always absolute: the caller says "left" or "overdue".
 */
export function formatBusinessMinutes(minutes: number | null | undefined, units: { h: string; m: string } = { h: 'j', m: 'm' }): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) {
    return '—';
  }
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) {
    return `${m} ${units.m}`;
  }
  return m === 0 ? `${h} ${units.h}` : `${h} ${units.h} ${m} ${units.m}`;
}

/** File sizes in id-ID units (kB/MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const kb = bytes / 1024;
  if (kb < 1024) {
    return `${kb.toLocaleString('id-ID', { maximumFractionDigits: 1 })} kB`;
  }
  return `${(kb / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

/** Terminal statuses: nothing more happens to the ticket. */
export function isTerminal(status: string): boolean {
  return ['CLOSED', 'WON', 'LOST', 'CANCELLED'].includes(status);
}
