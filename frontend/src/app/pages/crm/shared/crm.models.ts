import type { Role } from '../../../core/auth/auth.models';

/** Enumerations and resources of the CRM API (api.md, domain.md "CRM"), snake_case as sent. */

export const SOURCE_CHANNELS = [
  'website',
  'referral',
  'event',
  'social_media',
  'email_campaign',
  'cold_call',
  'whatsapp',
  'other',
] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export const LEAD_STATUSES = ['NEW', 'QUALIFIED', 'HANDED_OVER', 'CONVERTED', 'DISQUALIFIED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const PROSPECT_STAGES = ['NEW', 'CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST'] as const;
export type ProspectStage = (typeof PROSPECT_STAGES)[number];

export const SERVICE_TYPES = ['air', 'sea_fcl', 'sea_lcl', 'land', 'express'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const RFQ_DEPARTMENTS = ['DOM', 'EXI', 'DTD', 'WHS'] as const;
export type RfqDepartment = (typeof RFQ_DEPARTMENTS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ACTIVITY_TYPES = ['visit', 'call', 'meeting', 'email', 'whatsapp'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/** Types written by the system (never by a user), shown in lists and timelines. */
export type SystemActivityType = 'stage_change' | 'rfq_created' | 'handover';

export const MARKETING_EVENT_TYPES = ['campaign', 'event', 'content', 'ads', 'other'] as const;
export type MarketingEventType = (typeof MARKETING_EVENT_TYPES)[number];

export type CustomerMatch = 'npwp' | 'email' | 'phone' | 'company_name' | 'new';

/** Who may do what (the server decides; the console only hides what would be refused). */
export const LEAD_CREATE_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager'];
export const LEAD_ASSIGN_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];
/** Status changes (qualify / disqualify) and edits of the company fields. */
export const LEAD_STATUS_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager'];
/** Contact fields (name, email, phone, notes): salespeople too. */
export const LEAD_CONTACT_EDIT_ROLES: readonly Role[] = [...LEAD_STATUS_ROLES, 'salesperson'];
export const ACTIVITY_CREATE_ROLES: readonly Role[] = ['super_admin', 'sales_manager', 'salesperson'];
export const MARKETING_WRITE_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'marketing_staff'];
/** Roles that see other people's prospects and may filter the board by owner. */
export const OWNER_FILTER_ROLES: readonly Role[] = ['super_admin', 'director', 'marketing_manager', 'sales_manager'];

export function hasRole(role: Role | null | undefined, roles: readonly Role[]): boolean {
  return !!role && roles.includes(role);
}

/** Lead statuses a PATCH may move to, per current status (lead_before_update in SQL). */
export const LEAD_STATUS_MOVES: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  NEW: ['QUALIFIED', 'DISQUALIFIED'],
  QUALIFIED: ['DISQUALIFIED'],
  HANDED_OVER: ['DISQUALIFIED'],
  CONVERTED: [],
  DISQUALIFIED: [],
};
/** Statuses from which a lead may be (re-)assigned. */
export const LEAD_ASSIGNABLE: readonly LeadStatus[] = ['NEW', 'QUALIFIED', 'HANDED_OVER'];

export interface Lead {
  lead_id: string;
  company_name: string;
  contact_name: string;
  email: string | null;
  phone: string | null;
  npwp: string | null;
  source_channel: SourceChannel;
  notes: string | null;
  status: LeadStatus;
  created_by: string | null;
  created_by_name?: string | null;
  sales_owner_user_id: string | null;
  sales_owner_name?: string | null;
  customer_id: string;
  prospect_id: string;
  prospect_stage?: ProspectStage | null;
  customer_match?: CustomerMatch | null;
  handed_over_at: string | null;
  qualified_at?: string | null;
  disqualified_at?: string | null;
  disqualified_reason?: string | null;
  created_at: string;
  updated_at?: string | null;
}

export interface LeadListQuery {
  q?: string;
  status?: LeadStatus | '';
  source_channel?: SourceChannel | '';
  sales_owner_user_id?: string;
  unassigned?: boolean;
  created_from?: string;
  created_to?: string;
}

export interface RfqInput {
  origin: string;
  destination: string;
  service_type: ServiceType;
  commodity?: string;
  weight_kg?: number;
  volume_cbm?: number;
  ready_date?: string;
  dept_target?: RfqDepartment;
  priority?: Priority;
  notes?: string;
}

export interface LeadCreate {
  company_name: string;
  contact_name: string;
  email?: string;
  phone?: string;
  npwp?: string;
  source_channel: SourceChannel;
  notes?: string;
  rfq?: RfqInput;
}

export interface LeadCreated {
  lead_id: string;
  customer_id: string;
  prospect_id: string;
  ticket_id: string | null;
  customer_match: CustomerMatch;
}

export interface LeadUpdate {
  contact_name?: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
  company_name?: string;
  npwp?: string | null;
  source_channel?: SourceChannel;
  status?: 'QUALIFIED' | 'DISQUALIFIED';
  disqualified_reason?: string;
}

export interface LeadAssigned {
  lead_id: string;
  sales_owner_user_id: string;
  prospect_id: string;
  status: LeadStatus;
}

export interface CustomerRef {
  customer_id: string;
  company_name: string;
  city?: string | null;
  industry?: string | null;
}

export interface ProspectRef {
  prospect_id: string;
  stage: ProspectStage;
  owner_user_id: string | null;
  owner_name?: string | null;
  stage_changed_at?: string | null;
}

export interface TicketRef {
  ticket_id: string;
  ticket_type: string;
  subject: string;
  inquiry_status?: string | null;
  ticket_status?: string | null;
  created_at: string;
}

export interface LeadDetail extends Lead {
  customer: CustomerRef | null;
  prospect: ProspectRef | null;
  tickets: TicketRef[];
}

export type TimelineKind = 'lead_event' | 'activity' | 'stage_change' | 'audit';

/**
 * One timeline entry. `title` is a code, not prose: lead events (`created`, `qualified`,
 * `handed_over`, `converted`, `disqualified`), an activity type, a stage move (`NEW → CONTACTED`,
 * or one stage for the creation entry) or an audit action (`INSERT`, `UPDATE`, `DELETE`).
 */
export interface TimelineItem {
  at: string;
  kind: TimelineKind;
  title: string;
  detail?: string | null;
  actor_user_id?: string | null;
  actor_name?: string | null;
}

export interface Assignee {
  user_id: string;
  full_name: string;
  role: Role;
  manager_user_id: string | null;
}

export interface Customer {
  customer_id: string;
  company_name: string;
  npwp: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  city: string | null;
  industry: string | null;
  created_at: string;
}

export interface CustomerListQuery {
  q?: string;
  city?: string;
  industry?: string;
}

export interface CustomerActivity {
  activity_id: string;
  activity_type: ActivityType | SystemActivityType;
  occurred_at: string;
  notes: string | null;
  owner_user_id: string | null;
  owner_name?: string | null;
  is_system: boolean;
  location?: { lat: number; lng: number; accuracy_m: number | null } | null;
  evidence_object_id?: string | null;
}

export interface DuplicateCandidate {
  other_customer_id: string;
  match_field: string;
  similarity: number | string | null;
  status: string;
}

export interface Customer360 {
  customer: Customer;
  prospects: ProspectRef[];
  leads: Lead[];
  tickets: TicketRef[];
  recent_activities: CustomerActivity[];
  invoices_summary: unknown;
  duplicate_candidates: DuplicateCandidate[];
}

export interface Prospect {
  prospect_id: string;
  customer_id: string;
  /** Null when the customer is not visible to you. */
  customer_company_name: string | null;
  owner_user_id: string | null;
  owner_name: string | null;
  stage: ProspectStage;
  stage_changed_at: string;
  last_activity_at?: string | null;
  lost_reason?: string | null;
  /** The stages this user may move the prospect to; empty = read-only for this user. */
  allowed_stages: ProspectStage[];
}

/** The prospect's company as shown on cards and pickers (its customer id when the name is hidden). */
export function prospectName(p: Pick<Prospect, 'customer_company_name' | 'customer_id'>): string {
  return p.customer_company_name || p.customer_id;
}

export interface ProspectListQuery {
  customer_id?: string;
  owner_user_id?: string;
  stage?: ProspectStage;
  q?: string;
  unassigned?: boolean;
}

export interface ProspectHistoryItem {
  from_stage: ProspectStage | null;
  to_stage: ProspectStage;
  changed_by?: string | null;
  changed_by_name?: string | null;
  changed_at: string;
}

export interface GeoLocation {
  lat: number;
  lng: number;
  accuracy_m?: number;
}

export interface ActivityCreate {
  activity_type: ActivityType;
  prospect_id: string;
  occurred_at?: string;
  notes?: string;
  location?: GeoLocation;
  evidence_object_id?: string;
}

export interface Activity {
  activity_id: string;
  activity_type: ActivityType | SystemActivityType;
  prospect_id: string;
  customer_id: string;
  customer_company_name?: string | null;
  owner_user_id: string;
  owner_name?: string | null;
  occurred_at: string;
  notes: string | null;
  location?: { lat: number; lng: number; accuracy_m: number | null } | null;
  evidence_object_id?: string | null;
  is_system: boolean;
  created_at?: string;
}

export interface ActivityListQuery {
  prospect_id?: string;
  customer_id?: string;
  owner_user_id?: string;
  activity_type?: string;
  from?: string;
  to?: string;
  include_system?: boolean;
}

export interface StoredFile {
  object_id: string;
  bucket: string;
  size: number;
  content_type: string;
}

export interface MarketingEvent {
  event_id: string;
  event_type: MarketingEventType;
  channel: SourceChannel;
  occurred_at: string;
  title: string;
  leads_generated: number;
  notes: string | null;
  created_by?: string | null;
  created_by_name?: string | null;
  created_at?: string;
}

export interface MarketingEventCreate {
  event_type: MarketingEventType;
  channel: SourceChannel;
  occurred_at: string;
  title: string;
  leads_generated?: number;
  notes?: string;
}

export interface MarketingSpend {
  spend_id: string;
  channel: SourceChannel;
  spend_date: string;
  amount: string;
  currency?: string;
  notes: string | null;
  created_by?: string | null;
  created_by_name?: string | null;
  created_at?: string;
}

export interface MarketingSpendCreate {
  channel: SourceChannel;
  spend_date: string;
  amount: string;
  notes?: string;
}

export interface MarketingListQuery {
  channel?: SourceChannel | '';
  from?: string;
  to?: string;
}
