/** `GET /api/audit` rows (api.md "audit row", plus the API's readable diff and the actor's name). */

export const AUDIT_ACTIONS = ['INSERT', 'UPDATE', 'DELETE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Tables whose rows are audited (database triggers `audit_row_change`), in menu order. */
export const AUDITED_TABLES = [
  'departments',
  'leads',
  'customers',
  'prospects',
  'prospect_stage_history',
  'sales_activities',
  'marketing_activity_events',
  'marketing_spend',
  'tickets',
  'ticket_messages',
  'ticket_attachments',
  'ticket_quotes',
  'invoices',
  'payments',
  'kpi_targets',
  'kpi_entries',
  'profiles',
  'holidays',
  'sla_policies',
  'stale_thresholds',
  'ticket_transitions',
] as const;

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  id: string;
  table_name: string;
  record_id: string | null;
  action: AuditAction;
  changed_by: string | null;
  changed_by_name?: string | null;
  changed_at: string;
  before_data: Record<string, unknown> | null;
  after_data: Record<string, unknown> | null;
  changes?: AuditChange[] | null;
}

export interface AuditQuery {
  table_name?: string;
  record_id?: string;
  changed_by?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

/** A person for the "changed by" filter and for names in place of ids. */
export interface DirectoryPerson {
  user_id: string;
  full_name: string;
  role?: string;
}
