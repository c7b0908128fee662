import pg from 'pg';
import { createTestDatabase, TestDatabase } from '../helpers/db.js';
import { appTables, attempt, diffFingerprints, DemoUser, fingerprint, loadDemoUsers, Outcome, REFUSALS, Role, SqlSession } from './support.js';

/**
 * R1 — the access matrix of rls.md, generated: every demo user (every role,
 * both sales teams, both ops departments) × every table and view of the app
 * and auth schemas × SELECT / INSERT / UPDATE / DELETE, against the real
 * demo database, acting exactly as the API does (bcc_api → authenticated +
 * claims). The matrix is data (READ, UPDATES, DELETES, INSERTS below): each
 * rule is the rls.md cell written as a WHERE clause that the superuser
 * evaluates (the oracle); the user's own query must return exactly those
 * rows — zero leaks, zero missing. Writes a role may not do are refused
 * (privilege/RLS error, BC403/BC404 or 0 rows) and change nothing; writes a
 * role may do touch exactly the rows the rule allows.
 *
 * Placeholders in rules: :uid :team :dept :role and :<set> = the keys the
 * same user may see of an earlier relation (leads, prospects, tickets, …).
 *
 * Where rls.md is terse the matrix encodes this reading (reviewed, kept):
 * a sales manager also reads the unassigned pool's prospects and customers
 * (they assign its leads, rls.md "leads"); a sales manager may log their own
 * activities on team prospects; whoever may work a ticket may record a quote
 * on it; super_admin and the director read the audit log.
 */

// ----------------------------------------------------------------- users ---
const EMAILS = [
  'admin@demo.local', 'director@demo.local', 'mkt.manager@demo.local', 'mkt.staff@demo.local', 'sales.manager@demo.local',
  'sales.manager2@demo.local', 'sales1@demo.local', 'sales2@demo.local', 'sales3@demo.local', 'ops.dom@demo.local',
  'ops.exi@demo.local', 'finance@demo.local',
] as const;
/** 'anon' = a request without a token (role anon): sees and writes nothing. */
const WHO = [...EMAILS, 'anon'] as const;
type Who = (typeof WHO)[number];

type Rules = Partial<Record<Role | '*', string>>;
const ALL: Rules = { '*': 'true' };
const SA_DIR = { super_admin: 'true', director: 'true' };

// ------------------------------------------------------------- the matrix ---
interface ReadRule {
  rel: string;
  /** Row key (SQL over alias r). */
  key: string;
  /** rls.md cell per role (SQL over r, evaluated by the superuser); missing = no rows. */
  rules: Rules;
  /** Evaluate the oracle on this relation instead of rel (definer views filter by claims, which the superuser lacks). */
  oracleFrom?: string;
  /** Remember the keys the user may see under this name, for later rules. */
  as?: string;
  /** Custom oracle (aggregate views): SQL returning column k, same shape as `SELECT <key> AS k FROM rel r`. */
  oracle?: string;
}

const ticketScope = (inner: string) => `r.created_by = :uid OR (${inner})`;
const teamProspect = (col: string, who: string) =>
  `EXISTS (SELECT 1 FROM app.prospects p WHERE (p.prospect_id = r.related_prospect_id OR p.customer_id = r.${col}) AND p.owner_user_id = ${who})`;
const TICKETS: Rules = {
  super_admin: 'true',
  director: 'true',
  marketing_manager: ticketScope('r.related_lead_id = ANY(:leads)'),
  marketing_staff: ticketScope('r.related_lead_id = ANY(:leads)'),
  sales_manager: ticketScope(teamProspect('related_customer_id', 'ANY(:team)')),
  salesperson: ticketScope(teamProspect('related_customer_id', ':uid')),
  ops: ticketScope(`r.dept_target = :dept AND NOT r.need_customer_masking`),
  finance: ticketScope(`r.dept_target = 'FIN'`),
};
const internalOk = `(NOT r.is_internal OR (SELECT t.dept_target FROM app.tickets t WHERE t.ticket_id = r.ticket_id) = :dept OR :role IN ('super_admin', 'director'))`;
const REFERENCE: [string, string][] = [
  ['app.departments', 'r.dept_code'],
  ['app.holidays', 'r.holiday_date::text'],
  ['app.sla_policies', `r.ticket_type || '/' || r.priority`],
  ['app.stale_thresholds', 'r.entity'],
  ['app.ticket_transitions', `r.lifecycle || '/' || r.from_status || '/' || r.to_status`],
  ['app.kpi_metric_definitions', 'r.metric_key'],
  ['app.storage_buckets', 'r.bucket'],
];

const READ: ReadRule[] = [
  ...REFERENCE.map(([rel, key]) => ({ rel, key, rules: ALL })),
  { rel: 'app.profiles', key: 'r.user_id::text', rules: { '*': 'r.user_id = :uid', super_admin: 'true' } },
  { rel: 'app.v_directory', key: 'r.user_id::text', rules: ALL, oracleFrom: 'app.profiles' },
  {
    rel: 'app.leads', key: 'r.lead_id', as: 'leads',
    rules: { ...SA_DIR, marketing_manager: 'true', marketing_staff: 'r.created_by = :uid',
      sales_manager: 'r.sales_owner_user_id IS NULL OR r.sales_owner_user_id = ANY(:team)', salesperson: 'r.sales_owner_user_id = :uid' },
  },
  {
    rel: 'app.prospects', key: 'r.prospect_id', as: 'prospects',
    rules: { ...SA_DIR, marketing_manager: 'true', finance: 'true',
      marketing_staff: 'r.prospect_id IN (SELECT l.prospect_id FROM app.leads l WHERE l.lead_id = ANY(:leads))',
      sales_manager: 'r.owner_user_id IS NULL OR r.owner_user_id = ANY(:team)', salesperson: 'r.owner_user_id = :uid' },
  },
  {
    rel: 'app.customers', key: 'r.customer_id', as: 'customers',
    rules: { ...SA_DIR, finance: 'true',
      marketing_manager: 'r.customer_id IN (SELECT l.customer_id FROM app.leads l WHERE l.lead_id = ANY(:leads))',
      marketing_staff: 'r.customer_id IN (SELECT l.customer_id FROM app.leads l WHERE l.lead_id = ANY(:leads))',
      sales_manager: 'r.customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.prospect_id = ANY(:prospects))',
      salesperson: 'r.customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.prospect_id = ANY(:prospects))' },
  },
  { rel: 'app.prospect_stage_history', key: 'r.history_id::text', rules: { '*': 'r.prospect_id = ANY(:prospects)' } },
  {
    rel: 'app.customer_duplicate_candidates', key: 'r.candidate_id::text',
    rules: { ...SA_DIR, marketing_manager: 'true', finance: 'true',
      sales_manager: 'EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = r.customer_id AND p.owner_user_id = ANY(:team))' },
  },
  {
    rel: 'app.sales_activities', key: 'r.activity_id::text', as: 'activities',
    rules: { ...SA_DIR, marketing_manager: 'true',
      sales_manager: 'r.owner_user_id = ANY(:team) OR (r.is_system AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = r.prospect_id AND p.owner_user_id = ANY(:team)))',
      salesperson: 'r.owner_user_id = :uid OR (r.is_system AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = r.prospect_id AND p.owner_user_id = :uid))' },
  },
  ...['app.marketing_activity_events', 'app.marketing_spend'].map((rel) => ({
    rel, key: rel.endsWith('events') ? 'r.event_id::text' : 'r.spend_id::text',
    rules: { ...SA_DIR, marketing_manager: 'true', sales_manager: 'true', finance: 'true', marketing_staff: 'r.created_by = :uid' },
  })),
  { rel: 'app.tickets', key: 'r.ticket_id', as: 'tickets', rules: TICKETS },
  {
    rel: 'app.v_ops_rfqs_masked', key: 'r.ticket_id', as: 'masked', oracleFrom: 'app.tickets',
    rules: { super_admin: `r.ticket_type = 'inquiry_tariff' AND r.need_customer_masking`,
      ops: `r.ticket_type = 'inquiry_tariff' AND r.need_customer_masking AND r.dept_target = :dept` },
  },
  { rel: 'app.ticket_messages', key: 'r.message_id::text', rules: { '*': `r.ticket_id = ANY(:tickets) AND ${internalOk}` } },
  { rel: 'app.ticket_attachments', key: 'r.attachment_id::text', as: 'attachments', rules: { '*': `r.ticket_id = ANY(:tickets) AND ${internalOk}` } },
  { rel: 'app.ticket_quotes', key: 'r.quote_id::text', rules: { '*': 'r.ticket_id = ANY(:tickets)' } },
  { rel: 'app.sla_events', key: 'r.event_id::text', rules: { '*': 'r.ticket_id = ANY(:tickets)' } },
  // SLA views: the visible tickets, plus (ops only) their masked RFQs through the masking view.
  ...['app.v_ticket_sla', 'app.v_ticket_first_response', 'app.v_tickets_stale'].map((rel) => ({
    rel, key: 'r.ticket_id', rules: { '*': 'r.ticket_id = ANY(:tickets)', ops: 'r.ticket_id = ANY(:tickets) OR r.ticket_id = ANY(:masked)' },
  })),
  // The stale tickets read from app.tickets alone (0760): the visible tickets, never a masked RFQ for ops.
  { rel: 'app.v_tickets_stale_direct', key: 'r.ticket_id', rules: { '*': 'r.ticket_id = ANY(:tickets)' } },
  ...(['app.v_ticket_first_response_median_daily', 'app.v_ticket_first_response_median_daily_dept'] as const).map((rel) => {
    const dept = rel.endsWith('_dept');
    return {
      rel, key: `r.day::text${dept ? ` || '/' || r.dept_target` : ''} || ':' || r.tickets || ':' || r.median_first_response_minutes`, rules: ALL,
      oracle: `SELECT f.created_day::text${dept ? ` || '/' || f.dept_target` : ''} || ':' || count(*) || ':' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_minutes)::numeric, 2) AS k
                 FROM app.v_ticket_first_response f
                WHERE f.first_response_at IS NOT NULL AND (f.ticket_id = ANY(:tickets) OR (:role = 'ops' AND f.ticket_id = ANY(:masked)))
                GROUP BY f.created_day${dept ? ', f.dept_target' : ''}`,
    };
  }),
  {
    rel: 'app.invoices', key: 'r.invoice_id', as: 'invoices',
    rules: { ...SA_DIR, finance: 'true',
      sales_manager: 'EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = r.customer_id AND p.owner_user_id = ANY(:team))',
      salesperson: 'EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = r.customer_id AND p.owner_user_id = :uid)' },
  },
  { rel: 'app.payments', key: 'r.payment_id', rules: { '*': 'r.invoice_id = ANY(:invoices)' } },
  // Derived per-invoice balances (0702): read exactly like their invoices.
  { rel: 'app.ar_invoice_balances', key: `r.invoice_id || ':' || r.paid_amount`, rules: { '*': 'r.invoice_id = ANY(:invoices)' } },
  // AR counters (0730): whole-book totals only for the roles reading every invoice; per-customer totals like the customer's invoices.
  ...['app.ar_open_due_totals:r.due_date', 'app.ar_daily_invoiced:r.invoice_date', 'app.ar_daily_paid:r.payment_date'].map((s) => ({
    rel: s.split(':')[0], key: `${s.split(':')[1]} || ':' || r.slot`, rules: { ...SA_DIR, finance: 'true' },
  })),
  {
    rel: 'app.ar_open_customer_totals', key: `r.customer_id || ':' || r.outstanding`,
    rules: { '*': 'r.customer_id IN (SELECT i.customer_id FROM app.invoices i WHERE i.invoice_id = ANY(:invoices))' },
  },
  { rel: 'app.v_invoice_outstanding', key: `r.invoice_id || ':' || r.outstanding_amount`, rules: { '*': 'r.invoice_id = ANY(:invoices)' } },
  {
    rel: 'app.v_ar_aging', key: `r.customer_id || ':' || r.total`,
    rules: { '*': 'r.customer_id IN (SELECT i.customer_id FROM app.invoices i WHERE i.invoice_id = ANY(:invoices))' },
  },
  {
    rel: 'app.v_dso_rolling_30', key: 'round(r.ar_balance, 2)::text', rules: ALL,
    oracle: 'SELECT round(coalesce(sum(o.outstanding_amount), 0), 2)::text AS k FROM app.v_invoice_outstanding o WHERE o.invoice_id = ANY(:invoices)',
  },
  {
    rel: 'app.kpi_targets', key: 'r.target_id::text',
    rules: { '*': 'r.assignee_user_id = :uid', ...SA_DIR,
      marketing_manager: 'r.assignee_user_id = ANY(:team)', sales_manager: 'r.assignee_user_id = ANY(:team)' },
  },
  {
    rel: 'app.kpi_entries', key: 'r.entry_id::text', as: 'kpi_entries',
    rules: { '*': 'r.assignee_user_id = :uid OR r.created_by = :uid', ...SA_DIR,
      marketing_manager: 'r.assignee_user_id = ANY(:team) OR r.created_by = :uid', sales_manager: 'r.assignee_user_id = ANY(:team) OR r.created_by = :uid' },
  },
  {
    rel: 'app.imports', key: 'r.import_id', as: 'imports',
    rules: { '*': 'r.created_by = :uid', ...SA_DIR, finance: `r.created_by = :uid OR r.module IN ('invoices', 'payments', 'customers')` },
  },
  { rel: 'app.import_rows', key: `r.import_id || '#' || r.row_number`, rules: { '*': 'r.import_id = ANY(:imports)' } },
  {
    rel: 'app.storage_objects', key: 'r.object_id::text',
    rules: {
      '*': `r.uploaded_by = :uid
            OR (r.owner_table = 'sales_activities' AND r.owner_id = ANY(:activities))
            OR (r.owner_table = 'tickets' AND r.object_id IN (SELECT a.object_id FROM app.ticket_attachments a WHERE a.attachment_id::text = ANY(:attachments)))
            OR (r.owner_table = 'kpi_entries' AND r.owner_id = ANY(:kpi_entries))
            OR (r.owner_table = 'imports' AND r.owner_id = ANY(:imports))`,
      ...SA_DIR,
    },
  },
  { rel: 'app.idempotency_keys', key: `r.caller || '/' || r.key`, rules: { '*': 'r.caller = :uid' } },
  { rel: 'auth.api_tokens', key: 'r.token_id::text', rules: { '*': 'r.user_id = :uid', super_admin: 'true' } },
  { rel: 'app.audit_logs', key: 'r.id::text', rules: SA_DIR },
];

/** Relations no API role may read at all: credentials, token hashes, throttling data, id counters, the job queue. */
const UNREADABLE = ['auth.credentials', 'auth.refresh_tokens', 'auth.login_attempts', 'app.id_sequences', 'graphile_worker._private_jobs', 'graphile_worker.jobs'];
/** Views that are definer-rights on purpose (rls.md); every other view must be security_invoker. */
const DEFINER_VIEWS = ['app.v_directory', 'app.v_ops_rfqs_masked'];
/** A security_invoker view not in READ follows the visibility of the first of these key columns it has. */
const FOLLOW_BY_KEY: [string, string][] = [
  ['ticket_id', 'tickets'], ['invoice_id', 'invoices'], ['lead_id', 'leads'], ['prospect_id', 'prospects'],
  ['import_id', 'imports'], ['customer_id', 'customers'], ['activity_id', 'activities'], ['entry_id', 'kpi_entries'],
];

// ------------------------------------------------------------- the writes ---
interface RowWrite {
  rel: string;
  key: string;
  /** SQL of a no-op change: SET col = r.col. */
  set?: string;
  /** Rows the role may update / delete (rls.md W). Missing role = none. */
  rules: Rules;
}
const OWN_TICKETS_WRITE: Rules = { ...TICKETS };
delete OWN_TICKETS_WRITE.director;
const KPI_TARGET_W: Rules = {
  super_admin: 'true',
  marketing_manager: `r.assignee_user_id = ANY(:team) AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = r.metric_key AND d.department = 'MKT')`,
  sales_manager: `r.assignee_user_id = ANY(:team) AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = r.metric_key AND d.department = 'SAL')`,
};
const REFERENCE_SET: Record<string, string> = {
  'app.departments': 'name = r.name', 'app.holidays': 'name = r.name', 'app.sla_policies': 'resolution_minutes = r.resolution_minutes',
  'app.stale_thresholds': 'description = r.description', 'app.ticket_transitions': 'sort_order = r.sort_order',
  'app.kpi_metric_definitions': 'name = r.name', 'app.storage_buckets': 'description = r.description',
};

const UPDATES: RowWrite[] = [
  { rel: 'app.leads', key: 'r.lead_id', set: 'notes = r.notes',
    rules: { super_admin: 'true', marketing_manager: 'true', marketing_staff: 'r.created_by = :uid',
      sales_manager: 'r.sales_owner_user_id IS NULL OR r.sales_owner_user_id = ANY(:team)', salesperson: 'r.sales_owner_user_id = :uid' } },
  { rel: 'app.customers', key: 'r.customer_id', set: 'city = r.city', rules: { super_admin: 'true', finance: 'true' } },
  { rel: 'app.prospects', key: 'r.prospect_id', set: 'lost_reason = r.lost_reason',
    rules: { super_admin: 'true', sales_manager: 'r.owner_user_id = ANY(:team)', salesperson: 'r.owner_user_id = :uid' } },
  { rel: 'app.customer_duplicate_candidates', key: 'r.candidate_id::text', set: 'status = r.status',
    rules: { super_admin: 'true', marketing_manager: 'true',
      sales_manager: 'EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = r.customer_id AND p.owner_user_id = ANY(:team))' } },
  { rel: 'app.tickets', key: 'r.ticket_id', set: 'priority = r.priority', rules: OWN_TICKETS_WRITE },
  { rel: 'app.invoices', key: 'r.invoice_id', set: 'notes = r.notes', rules: { super_admin: 'true', finance: 'true' } },
  { rel: 'app.kpi_targets', key: 'r.target_id::text', set: 'notes = r.notes', rules: KPI_TARGET_W },
  { rel: 'app.profiles', key: 'r.user_id::text', set: 'full_name = r.full_name', rules: { '*': 'r.user_id = :uid', super_admin: 'true' } },
  { rel: 'app.idempotency_keys', key: `r.caller || '/' || r.key`, set: 'status = r.status', rules: { '*': 'r.caller = :uid' } },
  { rel: 'app.storage_objects', key: 'r.object_id::text', set: 'owner_id = r.owner_id', rules: { '*': 'r.uploaded_by = :uid' } },
  { rel: 'auth.api_tokens', key: 'r.token_id::text', set: 'revoked_at = r.revoked_at', rules: { '*': 'r.user_id = :uid', super_admin: 'true' } },
  ...Object.entries(REFERENCE_SET).map(([rel, set]) => ({ rel, key: REFERENCE.find((x) => x[0] === rel)![1], set, rules: { super_admin: 'true' } })),
  // Append-only or definer-written tables: no role updates a row directly.
  ...([
    ['app.prospect_stage_history', 'r.history_id::text', 'to_stage = r.to_stage'], ['app.sales_activities', 'r.activity_id::text', 'notes = r.notes'],
    ['app.marketing_activity_events', 'r.event_id::text', 'title = r.title'], ['app.marketing_spend', 'r.spend_id::text', 'notes = r.notes'],
    ['app.ticket_messages', 'r.message_id::text', 'body = r.body'], ['app.ticket_attachments', 'r.attachment_id::text', 'is_internal = r.is_internal'],
    ['app.ticket_quotes', 'r.quote_id::text', 'notes = r.notes'], ['app.sla_events', 'r.event_id::text', 'metadata = r.metadata'],
    ['app.payments', 'r.payment_id', 'notes = r.notes'], ['app.kpi_entries', 'r.entry_id::text', 'notes = r.notes'],
    ['app.ar_invoice_balances', 'r.invoice_id', 'paid_amount = r.paid_amount'],
    ['app.ar_open_due_totals', `r.due_date || ':' || r.slot`, 'outstanding = r.outstanding'],
    ['app.ar_open_customer_totals', 'r.customer_id', 'outstanding = r.outstanding'],
    ['app.ar_daily_invoiced', `r.invoice_date || ':' || r.slot`, 'amount = r.amount'],
    ['app.ar_daily_paid', `r.payment_date || ':' || r.slot`, 'amount = r.amount'],
    ['app.imports', 'r.import_id', 'status = r.status'], ['app.import_rows', `r.import_id || '#' || r.row_number`, 'status = r.status'],
    ['app.audit_logs', 'r.id::text', 'action = r.action'], ['app.id_sequences', 'r.prefix', 'sequence_name = r.sequence_name'],
    ['auth.credentials', 'r.user_id::text', 'password_hash = r.password_hash'], ['auth.refresh_tokens', 'r.token_id::text', 'revoked_at = r.revoked_at'],
    ['auth.login_attempts', 'r.id::text', 'succeeded = r.succeeded'],
  ] as const).map(([rel, key, set]) => ({ rel, key, set, rules: {} })),
];

const DELETES: RowWrite[] = [
  { rel: 'app.kpi_targets', key: 'r.target_id::text', rules: KPI_TARGET_W },
  ...REFERENCE.map(([rel, key]) => ({ rel, key, rules: { super_admin: 'true' } })),
  ...['app.leads:r.lead_id', 'app.customers:r.customer_id', 'app.prospects:r.prospect_id', 'app.prospect_stage_history:r.history_id::text',
    'app.customer_duplicate_candidates:r.candidate_id::text', 'app.sales_activities:r.activity_id::text', 'app.marketing_activity_events:r.event_id::text',
    'app.marketing_spend:r.spend_id::text', 'app.tickets:r.ticket_id', 'app.ticket_messages:r.message_id::text', 'app.ticket_attachments:r.attachment_id::text',
    'app.ticket_quotes:r.quote_id::text', 'app.sla_events:r.event_id::text', 'app.invoices:r.invoice_id', 'app.payments:r.payment_id',
    'app.kpi_entries:r.entry_id::text', 'app.ar_invoice_balances:r.invoice_id', 'app.ar_open_due_totals:r.due_date::text', 'app.ar_open_customer_totals:r.customer_id',
    'app.ar_daily_invoiced:r.invoice_date::text', 'app.ar_daily_paid:r.payment_date::text', 'app.imports:r.import_id', 'app.import_rows:r.row_number::text', 'app.profiles:r.user_id::text',
    'app.idempotency_keys:r.key', 'app.storage_objects:r.object_id::text', 'app.audit_logs:r.id::text', 'app.id_sequences:r.prefix',
    'auth.api_tokens:r.token_id::text', 'auth.credentials:r.user_id::text', 'auth.refresh_tokens:r.token_id::text', 'auth.login_attempts:r.id::text',
  ].map((s) => ({ rel: s.split(':')[0], key: s.split(':')[1], rules: {} })),
];

/** Per-user facts the INSERT fixtures need (found by the superuser). */
interface Fx {
  u: DemoUser | null;
  sets: Record<string, string[]>;
  anyProspect: string;
  writableProspect?: string;
  foreignProspect?: string;
  visibleTicket?: string;
  invisibleTicket?: string;
  otherDeptTicket?: string;
  visibleInquiry?: string;
  ownAttachmentObject?: string;
  customer: string;
  openInvoice: string;
  kpiMetric?: string;
  targetFor?: { assignee: string; metric: string };
  teammate?: { id: string; metric: string };
  outsider: string;
  someoneElse: string;
}

interface InsertCase {
  name: string;
  rel: string;
  /** Roles whose insert must succeed (everyone else: refused). */
  allowed: (Role | '*')[];
  /** The statement for this user; null = not applicable (no fixture). */
  sql: (f: Fx) => { text: string; values?: unknown[] } | null;
}
const uid = (f: Fx) => f.u?.user_id ?? '00000000-0000-0000-0000-000000000000';
const ALL_BUT_DIRECTOR: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'];
const sha = 'c'.repeat(64);

const INSERTS: InsertCase[] = [
  // Created only by definer functions (bundle, triggers, imports, audit): no role inserts directly.
  ...([
    ['app.leads', `INSERT INTO app.leads (company_name, contact_name, source_channel, customer_id, prospect_id) VALUES ('R1', 'R1', 'website', 'CU-X', 'PR-X')`],
    ['app.customers', `INSERT INTO app.customers (company_name) VALUES ('R1 direct')`],
    ['app.prospects', `INSERT INTO app.prospects (customer_id) VALUES ('CU-X')`],
    ['app.prospect_stage_history', `INSERT INTO app.prospect_stage_history (prospect_id, to_stage) VALUES ('PR-X', 'WON')`],
    ['app.customer_duplicate_candidates', `INSERT INTO app.customer_duplicate_candidates (customer_id, other_customer_id, match_field) VALUES ('CU-A', 'CU-B', 'npwp')`],
    ['app.sla_events', `INSERT INTO app.sla_events (ticket_id, event_type) VALUES ('TK-X', 'RESOLVED')`],
    ['app.ar_invoice_balances', `INSERT INTO app.ar_invoice_balances (invoice_id, customer_id, invoice_date, due_date, amount) VALUES ('IV-X', 'CU-X', current_date, current_date, 1)`],
    ['app.ar_open_due_totals', `INSERT INTO app.ar_open_due_totals (due_date, slot, outstanding) VALUES (current_date, 9, 1)`],
    ['app.ar_open_customer_totals', `INSERT INTO app.ar_open_customer_totals (customer_id, outstanding, open_count) VALUES ('CU-X', 1, 1)`],
    ['app.ar_daily_invoiced', `INSERT INTO app.ar_daily_invoiced (invoice_date, slot, amount) VALUES (current_date, 9, 1)`],
    ['app.ar_daily_paid', `INSERT INTO app.ar_daily_paid (payment_date, slot, amount) VALUES (current_date, 9, 1)`],
    ['app.imports', `INSERT INTO app.imports (module, file_format, file_sha256) VALUES ('leads', 'csv', '${sha}')`],
    ['app.import_rows', `INSERT INTO app.import_rows (import_id, row_number, row_data, created_by, module) VALUES ('IM-X', 2, '{}', gen_random_uuid(), 'leads')`],
    ['app.audit_logs', `INSERT INTO app.audit_logs (table_name, action) VALUES ('leads', 'INSERT')`],
    ['app.id_sequences', `INSERT INTO app.id_sequences (prefix, year, sequence_name) VALUES ('ZZ', 2026, 'x')`],
    ['auth.credentials', `INSERT INTO auth.credentials (user_id, password_hash) VALUES (gen_random_uuid(), 'x')`],
    ['auth.refresh_tokens', `INSERT INTO auth.refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES (gen_random_uuid(), gen_random_uuid(), 'x', now())`],
    ['auth.login_attempts', `INSERT INTO auth.login_attempts (email, succeeded) VALUES ('x@y.z', true)`],
  ] as const).map(([rel, text]) => ({ name: `${rel} (direct)`, rel, allowed: [] as Role[], sql: () => ({ text: `${text} RETURNING 1 AS k` }) })),
  { name: 'profiles', rel: 'app.profiles', allowed: ['super_admin'],
    sql: () => ({ text: `INSERT INTO app.profiles (email, full_name, role, dept_code) VALUES ('r1.new@demo.local', 'R1', 'salesperson', 'SAL') RETURNING user_id::text AS k` }) },
  { name: 'marketing event as self', rel: 'app.marketing_activity_events', allowed: ['super_admin', 'marketing_manager', 'marketing_staff'],
    sql: (f) => ({ text: `INSERT INTO app.marketing_activity_events (event_type, channel, occurred_at, title, created_by) VALUES ('other', 'website', current_date, 'R1', $1) RETURNING event_id::text AS k`, values: [uid(f)] }) },
  { name: 'marketing spend as self', rel: 'app.marketing_spend', allowed: ['super_admin', 'marketing_manager', 'marketing_staff'],
    sql: (f) => ({ text: `INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('website', current_date, 1000, $1) RETURNING spend_id::text AS k`, values: [uid(f)] }) },
  { name: 'marketing spend in someone else\'s name', rel: 'app.marketing_spend', allowed: [],
    sql: (f) => ({ text: `INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('website', current_date, 1000, $1) RETURNING spend_id::text AS k`, values: [f.someoneElse] }) },
  { name: 'activity on an own/team prospect', rel: 'app.sales_activities', allowed: ['super_admin', 'sales_manager', 'salesperson'],
    sql: (f) => ({ text: `INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id, notes) VALUES ('call', $1, $2, 'R1') RETURNING activity_id::text AS k`, values: [f.writableProspect ?? f.anyProspect, uid(f)] }) },
  { name: 'activity on another team\'s prospect', rel: 'app.sales_activities', allowed: ['super_admin'],
    sql: (f) => (f.foreignProspect ? { text: `INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id) VALUES ('call', $1, $2) RETURNING activity_id::text AS k`, values: [f.foreignProspect, uid(f)] } : null) },
  { name: 'activity in someone else\'s name', rel: 'app.sales_activities', allowed: [],
    sql: (f) => ({ text: `INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id) VALUES ('call', $1, $2) RETURNING activity_id::text AS k`, values: [f.writableProspect ?? f.anyProspect, f.someoneElse] }) },
  { name: 'ticket as self', rel: 'app.tickets', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => ({ text: `INSERT INTO app.tickets (ticket_type, subject, description, dept_target, created_by) VALUES ('general_request', 'R1', 'R1 matrix', 'DOM', $1) RETURNING ticket_id AS k`, values: [uid(f)] }) },
  { name: 'ticket in someone else\'s name', rel: 'app.tickets', allowed: [],
    sql: (f) => ({ text: `INSERT INTO app.tickets (ticket_type, subject, description, dept_target, created_by) VALUES ('general_request', 'R1', 'R1 matrix', 'DOM', $1) RETURNING ticket_id AS k`, values: [f.someoneElse] }) },
  { name: 'message on a visible ticket', rel: 'app.ticket_messages', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => (f.visibleTicket ? { text: `INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, 'R1') RETURNING message_id::text AS k`, values: [f.visibleTicket] } : null) },
  { name: 'message on an invisible ticket', rel: 'app.ticket_messages', allowed: [],
    sql: (f) => (f.invisibleTicket ? { text: `INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, 'R1') RETURNING message_id::text AS k`, values: [f.invisibleTicket] } : null) },
  { name: 'internal note on another department\'s ticket', rel: 'app.ticket_messages', allowed: ['super_admin'],
    sql: (f) => (f.otherDeptTicket ? { text: `INSERT INTO app.ticket_messages (ticket_id, body, is_internal) VALUES ($1, 'R1', true) RETURNING message_id::text AS k`, values: [f.otherDeptTicket] } : null) },
  { name: 'own file attached to a visible ticket', rel: 'app.ticket_attachments', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => (f.visibleTicket && f.ownAttachmentObject ? { text: `INSERT INTO app.ticket_attachments (ticket_id, object_id) VALUES ($1, $2) RETURNING attachment_id::text AS k`, values: [f.visibleTicket, f.ownAttachmentObject] } : null) },
  { name: 'own file attached to an invisible ticket', rel: 'app.ticket_attachments', allowed: [],
    sql: (f) => (f.invisibleTicket && f.ownAttachmentObject ? { text: `INSERT INTO app.ticket_attachments (ticket_id, object_id) VALUES ($1, $2) RETURNING attachment_id::text AS k`, values: [f.invisibleTicket, f.ownAttachmentObject] } : null) },
  { name: 'quote on a visible open RFQ', rel: 'app.ticket_quotes', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => (f.visibleInquiry ? { text: `INSERT INTO app.ticket_quotes (ticket_id, amount, currency, valid_until) VALUES ($1, 100, 'IDR', current_date + 30) RETURNING quote_id::text AS k`, values: [f.visibleInquiry] } : null) },
  { name: 'quote on an invisible ticket', rel: 'app.ticket_quotes', allowed: [],
    sql: (f) => (f.invisibleTicket ? { text: `INSERT INTO app.ticket_quotes (ticket_id, amount, currency, valid_until) VALUES ($1, 100, 'IDR', current_date + 30) RETURNING quote_id::text AS k`, values: [f.invisibleTicket] } : null) },
  { name: 'invoice', rel: 'app.invoices', allowed: ['super_admin', 'finance'],
    sql: (f) => ({ text: `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount) VALUES ('R1-' || $2, $1, current_date, current_date + 30, 100) RETURNING invoice_id AS k`, values: [f.customer, f.u?.email ?? 'anon'] }) },
  { name: 'payment', rel: 'app.payments', allowed: ['super_admin', 'finance'],
    sql: (f) => ({ text: `INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, current_date, 1, 'R1-' || $2) RETURNING payment_id AS k`, values: [f.openInvoice, f.u?.email ?? 'anon'] }) },
  { name: 'KPI target for the team', rel: 'app.kpi_targets', allowed: ['super_admin', 'marketing_manager', 'sales_manager'],
    sql: (f) => (f.targetFor ? { text: `INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES ($1, $2, '2031-01-01', '2031-01-31', 10) RETURNING target_id::text AS k`, values: [f.targetFor.metric, f.targetFor.assignee] } : null) },
  { name: 'KPI target for someone outside the team', rel: 'app.kpi_targets', allowed: ['super_admin'],
    sql: (f) => ({ text: `INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES ('SAL_REFERRALS', $1, '2031-02-01', '2031-02-28', 10) RETURNING target_id::text AS k`, values: [f.outsider] }) },
  { name: 'KPI entry for self', rel: 'app.kpi_entries', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => (f.kpiMetric ? { text: `INSERT INTO app.kpi_entries (metric_key, entry_date, assignee_user_id, value) VALUES ($1, current_date - 1, $2, 1) RETURNING entry_id::text AS k`, values: [f.kpiMetric, uid(f)] } : null) },
  { name: 'KPI entry for a teammate', rel: 'app.kpi_entries', allowed: ['super_admin', 'marketing_manager', 'sales_manager'],
    sql: (f) => (f.teammate ? { text: `INSERT INTO app.kpi_entries (metric_key, entry_date, assignee_user_id, value) VALUES ($1, current_date - 1, $2, 1) RETURNING entry_id::text AS k`, values: [f.teammate.metric, f.teammate.id] } : null) },
  { name: 'KPI entry for someone outside the team', rel: 'app.kpi_entries', allowed: ['super_admin'],
    sql: (f) => ({ text: `INSERT INTO app.kpi_entries (metric_key, entry_date, assignee_user_id, value) VALUES ('SAL_REFERRALS', current_date - 1, $1, 1) RETURNING entry_id::text AS k`, values: [f.outsider] }) },
  { name: 'storage object as self', rel: 'app.storage_objects', allowed: ALL_BUT_DIRECTOR,
    sql: (f) => ({ text: `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by) VALUES ('prospect-evidence', 'prospect-evidence/2026/01/' || gen_random_uuid(), 1, 'image/jpeg', $2, $1) RETURNING object_id::text AS k`, values: [uid(f), sha] }) },
  { name: 'storage object in someone else\'s name', rel: 'app.storage_objects', allowed: [],
    sql: (f) => ({ text: `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by) VALUES ('prospect-evidence', 'prospect-evidence/2026/01/' || gen_random_uuid(), 1, 'image/jpeg', $2, $1) RETURNING object_id::text AS k`, values: [f.someoneElse, sha] }) },
  { name: 'idempotency key as self', rel: 'app.idempotency_keys', allowed: ['*'],
    sql: (f) => ({ text: `INSERT INTO app.idempotency_keys (caller, key, request_sha256, method, path, status) VALUES ($1, 'r1-own', 'h', 'POST', '/api/x', 201) RETURNING key AS k`, values: [uid(f)] }) },
  { name: 'idempotency key as someone else', rel: 'app.idempotency_keys', allowed: [],
    sql: (f) => ({ text: `INSERT INTO app.idempotency_keys (caller, key, request_sha256, method, path, status) VALUES ($1, 'r1-other', 'h', 'POST', '/api/x', 201) RETURNING key AS k`, values: [f.someoneElse] }) },
  { name: 'API token as self', rel: 'auth.api_tokens', allowed: ['*'],
    sql: (f) => ({ text: `INSERT INTO auth.api_tokens (user_id, name, token_prefix, token_hash, expires_at) VALUES ($1, 'R1', 'bcc_pat_r1xx', md5(random()::text), now() + interval '1 day') RETURNING token_id::text AS k`, values: [uid(f)] }) },
  { name: 'API token for someone else', rel: 'auth.api_tokens', allowed: [],
    sql: (f) => ({ text: `INSERT INTO auth.api_tokens (user_id, name, token_prefix, token_hash, expires_at) VALUES ($1, 'R1', 'bcc_pat_r1xx', md5(random()::text), now() + interval '1 day') RETURNING token_id::text AS k`, values: [f.someoneElse] }) },
  ...([
    ['app.departments', `INSERT INTO app.departments (dept_code, name, name_en) VALUES ('RXA', 'x', 'x') RETURNING dept_code AS k`],
    ['app.holidays', `INSERT INTO app.holidays (holiday_date, name) VALUES ('2099-12-31', 'R1') RETURNING holiday_date::text AS k`],
    ['app.stale_thresholds', `INSERT INTO app.stale_thresholds (entity, threshold, description) VALUES ('r_one', '1 day', 'R1') RETURNING entity AS k`],
    ['app.ticket_transitions', `INSERT INTO app.ticket_transitions (lifecycle, from_status, to_status) VALUES ('ticket', 'CLOSED', 'WAITING_CUSTOMER') RETURNING lifecycle AS k`],
    ['app.storage_buckets', `INSERT INTO app.storage_buckets (bucket, max_bytes, allowed_types, description) VALUES ('r1-bucket', 1, '{text/plain}', 'R1') RETURNING bucket AS k`],
    ['app.kpi_metric_definitions', `INSERT INTO app.kpi_metric_definitions (metric_key, name, name_en, department, unit, source, direction, aggregation, description, description_en)
       SELECT 'R1_METRIC', name, name_en, department, unit, source, direction, aggregation, description, description_en FROM app.kpi_metric_definitions WHERE metric_key = 'SAL_REFERRALS' RETURNING metric_key AS k`],
  ] as const).map(([rel, text]) => ({ name: `${rel} (reference data)`, rel, allowed: ['super_admin'] as Role[], sql: () => ({ text }) })),
];

// ---------------------------------------------------------------- runtime ---
let db: TestDatabase;
let users: DemoUser[];
const sessions = new Map<Who, SqlSession>();
const fx = new Map<Who, Fx>();
let before: Record<string, string>;
let tables: string[];

function userOf(who: Who): DemoUser | null {
  return who === 'anon' ? null : users.find((u) => u.email === who)!;
}

function lit(v: string[] | string | null, type: string): string {
  if (v === null) return `NULL::${type}`;
  if (Array.isArray(v)) return `${pg.escapeLiteral(`{${v.map((x) => `"${x.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`)}::${type}[]`;
  return `${pg.escapeLiteral(v)}::${type}`;
}

/** The rule of a role as SQL, with the user's placeholders filled in. */
function ruleSql(rules: Rules, f: Fx): string {
  const role = f.u?.role;
  const raw = role ? (rules[role] ?? rules['*'] ?? 'false') : 'false';
  return fill(raw, f);
}

function fill(sql: string, f: Fx): string {
  return sql.replace(/:([a-z_]+)/g, (m, name: string) => {
    switch (name) {
      case 'uid': return lit(f.u?.user_id ?? null, 'uuid');
      case 'team': return lit(f.u?.team ?? [], 'uuid');
      case 'dept': return lit(f.u?.dept_code ?? null, 'text');
      case 'role': return lit(f.u?.role ?? null, 'text');
      default:
        if (name in f.sets) return lit(f.sets[name], 'text');
        if (/^(text|uuid|numeric|date|jsonb?|int|integer|bigint|interval|timestamptz)$/.test(name)) return m; // a cast
        throw new Error(`unknown placeholder ${m}`);
    }
  });
}

async function oracleKeys(rule: ReadRule, f: Fx): Promise<string[]> {
  const sql = rule.oracle
    ? fill(rule.oracle, f)
    : `SELECT ${rule.key} AS k FROM ${rule.oracleFrom ?? rule.rel} r WHERE ${ruleSql(rule.rules, f)}`;
  if (!f.u && !rule.oracle) return [];
  if (!f.u) return [];
  const { rows } = await db.admin.query<{ k: string }>(sql);
  return rows.map((r) => String(r.k)).sort();
}

async function seenKeys(who: Who, rel: string, key: string): Promise<Outcome> {
  return attempt(sessions.get(who)!.query(`SELECT ${key} AS k FROM ${rel} r`));
}

/** Superuser statements that need auth.uid() in triggers run with the user's claims. */
async function asSuperWithClaims(userId: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = await db.admin.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    const r = await c.query(sql, params);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

/**
 * The demo seed has no imports, files, duplicate candidates, idempotency keys
 * or API tokens: add a few per owner so those rows of the matrix discriminate.
 */
async function arrange(): Promise<void> {
  const id = (email: string) => users.find((u) => u.email === email)!.user_id;
  const imports: [string, string][] = [
    ['finance@demo.local', 'invoices'], ['finance@demo.local', 'customers'], ['mkt.staff@demo.local', 'leads'], ['mkt.manager@demo.local', 'marketing_spend'],
    ['sales1@demo.local', 'kpi_entries'], ['ops.dom@demo.local', 'kpi_entries'], ['admin@demo.local', 'payments'], ['sales.manager@demo.local', 'leads'],
  ];
  for (const [i, [email, module]] of imports.entries()) {
    const r = await asSuperWithClaims(id(email),
      `INSERT INTO app.imports (module, file_format, file_sha256, status, total_rows, last_row_number, created_by)
       VALUES ($1, 'csv', $2, 'STAGED', 2, 3, $3) RETURNING import_id`, [module, String(i).repeat(64).slice(0, 64).replace(/[^0-9a-f]/g, 'a'), id(email)]);
    await db.admin.query(
      `INSERT INTO app.import_rows (import_id, row_number, row_data, created_by, module) VALUES ($1, 2, '{"a":"1"}', $2, $3), ($1, 3, '{"a":"2"}', $2, $3)`,
      [r.rows[0].import_id, id(email), module]);
    await db.admin.query(
      `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by, owner_table, owner_id)
       VALUES ('import-files', 'import-files/2026/01/' || gen_random_uuid(), 10, 'text/csv', $1, $2, 'imports', $3)`, [sha, id(email), r.rows[0].import_id]);
  }
  // Evidence of an activity of sales1, KPI evidence of an entry, and ticket files (masked RFQ, internal FIN file, ordinary).
  await db.admin.query(
    `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by, owner_table, owner_id)
     SELECT 'prospect-evidence', 'prospect-evidence/2026/01/' || gen_random_uuid(), 10, 'image/jpeg', $1, a.owner_user_id, 'sales_activities', a.activity_id::text
       FROM app.sales_activities a WHERE NOT a.is_system ORDER BY a.activity_id LIMIT 3`, [sha]);
  await db.admin.query(
    `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by, owner_table, owner_id)
     SELECT 'kpi-evidence', 'kpi-evidence/2026/01/' || gen_random_uuid(), 10, 'application/pdf', $1, e.created_by, 'kpi_entries', e.entry_id::text
       FROM app.kpi_entries e ORDER BY e.entry_id LIMIT 3`, [sha]);
  const ticketFiles = await db.admin.query(
    `(SELECT ticket_id, created_by, false AS internal FROM app.tickets WHERE need_customer_masking AND dept_target = 'EXI' ORDER BY ticket_id LIMIT 1)
     UNION ALL (SELECT ticket_id, created_by, false FROM app.tickets WHERE NOT need_customer_masking AND dept_target = 'DOM' ORDER BY ticket_id LIMIT 1)
     UNION ALL (SELECT t.ticket_id, (SELECT user_id FROM app.profiles WHERE email = 'finance@demo.local'), true FROM app.tickets t WHERE t.dept_target = 'FIN' ORDER BY t.ticket_id LIMIT 1)`);
  for (const t of ticketFiles.rows) {
    const o = await db.admin.query(
      `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by)
       VALUES ('ticket-attachments', 'ticket-attachments/2026/01/' || gen_random_uuid(), 10, 'application/pdf', $1, $2) RETURNING object_id`, [sha, t.created_by]);
    await asSuperWithClaims(t.created_by, `INSERT INTO app.ticket_attachments (ticket_id, object_id, is_internal) VALUES ($1, $2, $3)`, [t.ticket_id, o.rows[0].object_id, t.internal]);
  }
  // One unattached ticket-attachments upload per user: the INSERT fixtures attach it (rolled back).
  await db.admin.query(
    `INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by)
     SELECT 'ticket-attachments', 'ticket-attachments/2026/01/' || gen_random_uuid(), 10, 'application/pdf', $1, p.user_id FROM app.profiles p`, [sha]);
  // Duplicate candidates on a customer of each sales team, and one in the pool.
  await db.admin.query(
    `INSERT INTO app.customer_duplicate_candidates (customer_id, other_customer_id, match_field)
     SELECT x.customer_id, (SELECT min(c.customer_id) FROM app.customers c WHERE c.customer_id <> x.customer_id), 'similar_name'
       FROM (SELECT DISTINCT ON (pr.manager_user_id) p.customer_id FROM app.prospects p JOIN app.profiles pr ON pr.user_id = p.owner_user_id
              WHERE pr.role = 'salesperson' ORDER BY pr.manager_user_id, p.customer_id) x
     UNION ALL SELECT (SELECT min(customer_id) FROM app.prospects WHERE owner_user_id IS NULL), (SELECT max(customer_id) FROM app.customers), 'email'`);
  for (const email of ['sales1@demo.local', 'finance@demo.local', 'director@demo.local']) {
    await db.admin.query(`INSERT INTO app.idempotency_keys (caller, key, request_sha256, method, path, status) VALUES ($1, 'seeded', 'h', 'POST', '/api/x', 201)`, [id(email)]);
    await db.admin.query(`INSERT INTO auth.api_tokens (user_id, name, token_prefix, token_hash, expires_at) VALUES ($1, 'seeded', 'bcc_pat_seed', md5(random()::text), now() + interval '1 day')`, [id(email)]);
  }
}

async function fixturesFor(who: Who): Promise<Fx> {
  const u = userOf(who);
  const f: Fx = { u, sets: {}, anyProspect: '', customer: '', openInvoice: '', outsider: '', someoneElse: '' };
  if (u) {
    for (const rule of READ) {
      if (rule.as) f.sets[rule.as] = await oracleKeys(rule, f);
    }
  } else {
    for (const rule of READ) if (rule.as) f.sets[rule.as] = [];
  }
  const one = async (sql: string, params: unknown[] = []) => (await db.admin.query(sql, params)).rows[0]?.v as string | undefined;
  const me = u?.user_id ?? null;
  const team = u?.team ?? [];
  f.anyProspect = (await one(`SELECT min(prospect_id) AS v FROM app.prospects`))!;
  f.writableProspect = u?.role === 'super_admin' ? f.anyProspect
    : u?.role === 'salesperson' ? await one(`SELECT min(prospect_id) AS v FROM app.prospects WHERE owner_user_id = $1`, [me])
    : u?.role === 'sales_manager' ? await one(`SELECT min(prospect_id) AS v FROM app.prospects WHERE owner_user_id = ANY($1::uuid[])`, [team])
    : undefined;
  f.foreignProspect = u?.role === 'super_admin' ? undefined
    : await one(`SELECT min(prospect_id) AS v FROM app.prospects WHERE owner_user_id IS NOT NULL AND NOT owner_user_id = ANY($1::uuid[])`, [team]);
  f.visibleTicket = f.sets.tickets[0];
  f.invisibleTicket = await one(`SELECT min(ticket_id) AS v FROM app.tickets WHERE NOT ticket_id = ANY($1::text[])`, [f.sets.tickets]);
  f.otherDeptTicket = await one(`SELECT min(ticket_id) AS v FROM app.tickets WHERE ticket_id = ANY($1::text[]) AND dept_target IS DISTINCT FROM $2`, [f.sets.tickets, u?.dept_code ?? null]);
  f.visibleInquiry = await one(`SELECT min(ticket_id) AS v FROM app.tickets WHERE ticket_id = ANY($1::text[]) AND ticket_type = 'inquiry_tariff' AND inquiry_status IN ('OPEN', 'IN_PROGRESS', 'QUOTED')`, [f.sets.tickets]);
  f.ownAttachmentObject = me ? await one(`SELECT object_id::text AS v FROM app.storage_objects WHERE uploaded_by = $1 AND bucket = 'ticket-attachments' AND owner_table IS NULL LIMIT 1`, [me]) : undefined;
  f.customer = (await one(`SELECT min(customer_id) AS v FROM app.customers`))!;
  f.openInvoice = (await one(`SELECT min(invoice_id) AS v FROM app.v_invoice_outstanding WHERE outstanding_amount >= 1`))!;
  f.kpiMetric = me ? await one(`SELECT min(d.metric_key) AS v FROM app.kpi_metric_definitions d WHERE d.source <> 'AUTO' AND d.department = app.kpi_department_of($1)`, [u!.dept_code]) : undefined;
  const byEmail = (e: string) => users.find((x) => x.email === e)!.user_id;
  if (u?.role === 'marketing_manager') f.targetFor = { assignee: byEmail('mkt.staff@demo.local'), metric: 'MKT_CONTENT_PUBLISHED' };
  else if (u?.role === 'sales_manager') f.targetFor = { assignee: team.find((t) => t !== me)!, metric: 'SAL_REFERRALS' };
  else if (u?.role === 'super_admin') f.targetFor = { assignee: byEmail('sales1@demo.local'), metric: 'SAL_REFERRALS' };
  else if (u && f.kpiMetric) f.targetFor = { assignee: me!, metric: f.kpiMetric };
  const mate = team.find((t) => t !== me) ?? (u?.role === 'super_admin' ? byEmail('sales2@demo.local') : undefined);
  const mateMetric = mate
    ? await one(`SELECT min(d.metric_key) AS v FROM app.kpi_metric_definitions d JOIN app.profiles p ON p.user_id = $1 WHERE d.source <> 'AUTO' AND d.department = app.kpi_department_of(p.dept_code)`, [mate])
    : undefined;
  f.teammate = mate && mateMetric ? { id: mate, metric: mateMetric } : undefined;
  f.outsider = users.find((x) => x.role === 'salesperson' && !team.includes(x.user_id))!.user_id;
  f.someoneElse = users.find((x) => x.user_id !== me && x.role !== 'director')!.user_id;
  return f;
}

/** Runs an UPDATE/DELETE as the user and returns the keys it touched (per row when a rule or constraint stops the statement). */
async function writtenKeys(who: Who, w: RowWrite, op: 'UPDATE' | 'DELETE', commit: boolean): Promise<string[]> {
  const s = sessions.get(who)!;
  const stmt = op === 'UPDATE' ? `UPDATE ${w.rel} r SET ${w.set} RETURNING ${w.key} AS k` : `DELETE FROM ${w.rel} r RETURNING ${w.key} AS k`;
  const whole = await attempt(s.query(stmt, [], commit));
  if (whole.ok) return whole.keys;
  if (whole.code === '42501' && /permission denied/.test(whole.message)) return [];
  // A trigger, constraint or foreign key stopped the statement: it got past RLS for some row. Find out row by row.
  const all = (await db.admin.query<{ k: string }>(`SELECT ${w.key} AS k FROM ${w.rel} r`)).rows.map((r) => String(r.k));
  return s.tx(async (c) => {
    const out: string[] = [];
    for (const k of all) {
      await c.query('SAVEPOINT one');
      const where = `WHERE ${w.key} = $1`;
      const one = await attempt(c.query(op === 'UPDATE' ? `UPDATE ${w.rel} r SET ${w.set} ${where} RETURNING ${w.key} AS k` : `DELETE FROM ${w.rel} r ${where} RETURNING ${w.key} AS k`, [k]));
      await c.query('ROLLBACK TO SAVEPOINT one');
      if (one.ok ? one.keys.length > 0 : !REFUSALS.includes(one.code)) out.push(k);
    }
    return out.sort();
  });
}

beforeAll(async () => {
  db = await createTestDatabase('demo');
  users = await loadDemoUsers(db);
  await arrange();
  for (const who of WHO) {
    const u = userOf(who);
    sessions.set(who, await SqlSession.open(db, u));
    fx.set(who, await fixturesFor(who));
  }
  tables = await appTables(db);
  before = await fingerprint(db, tables);
}, 120_000);

afterAll(async () => {
  for (const s of sessions.values()) await s.close();
  await db?.drop();
});

describe('the matrix covers the whole schema', () => {
  it('every table and view of app and auth is in the matrix (views outside it follow their key column)', async () => {
    const { rows } = await db.admin.query<{ rel: string; kind: string; invoker: boolean; cols: string[] }>(
      `SELECT format('%s.%s', n.nspname, c.relname) AS rel, c.relkind::text AS kind,
              coalesce('security_invoker=true' = ANY (c.reloptions), false) AS invoker,
              array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS cols
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition ORDER BY 1`,
    );
    const known = new Set([...READ.map((r) => r.rel), ...UNREADABLE]);
    const uncovered = rows.filter((r) => !known.has(r.rel) && !(r.kind === 'v' && r.invoker && FOLLOW_BY_KEY.some(([col]) => r.cols.includes(col))));
    expect(uncovered.map((r) => r.rel)).toEqual([]);
    // Views expose business rows with the caller's rights, except the two definer views of rls.md.
    expect(rows.filter((r) => r.kind !== 'r' && r.kind !== 'p' && !r.invoker).map((r) => r.rel).sort()).toEqual(DEFINER_VIEWS);
    // Every base table has a write row in the matrix.
    const tablesInMatrix = new Set([...UPDATES.map((w) => w.rel), ...DELETES.map((w) => w.rel)]);
    expect(rows.filter((r) => (r.kind === 'r' || r.kind === 'p') && !tablesInMatrix.has(r.rel)).map((r) => r.rel)).toEqual([]);
  });

  it('the demo data makes every role-dependent cell discriminate (someone sees rows, someone sees fewer)', async () => {
    const weak: string[] = [];
    for (const rule of READ.filter((r) => !r.oracle && Object.keys(r.rules).some((k) => r.rules[k as Role] !== 'true'))) {
      const counts = await Promise.all(EMAILS.map(async (e) => (await oracleKeys(rule, fx.get(e)!)).length));
      const total = Number((await db.admin.query(`SELECT count(*)::int AS n FROM ${rule.oracleFrom ?? rule.rel}`)).rows[0].n);
      if (Math.max(...counts) === 0 || Math.min(...counts) === total) weak.push(`${rule.rel} ${counts.join('/')} of ${total}`);
    }
    // Reference data and the directory are the same for everyone by design; everything else must discriminate.
    expect(weak.filter((w) => !/v_dso_rolling_30/.test(w))).toEqual([]);
  });
});

describe.each(WHO)('%s', (who) => {
  it.each(READ.map((r) => [r.rel, r] as const))('SELECT %s returns exactly the rows rls.md allows', async (_rel, rule) => {
    const f = fx.get(who)!;
    const seen = await seenKeys(who, rule.rel, rule.key);
    const expected = await oracleKeys(rule, f);
    if (!seen.ok) {
      // Refused outright is fine only where the rule allows nothing (anon, or a role without the grant).
      expect({ refused: seen.code, expected }).toEqual({ refused: '42501', expected: [] });
      return;
    }
    const leaked = seen.keys.filter((k) => !expected.includes(k));
    const missing = expected.filter((k) => !seen.keys.includes(k));
    expect({ leaked, missing }).toEqual({ leaked: [], missing: [] });
    expect(seen.keys).toEqual(expected); // also no duplicates
  });

  it('security_invoker views outside the matrix follow their key column', async () => {
    const f = fx.get(who)!;
    const { rows } = await db.admin.query<{ rel: string; cols: string[] }>(
      `SELECT format('%s.%s', n.nspname, c.relname) AS rel, array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0) AS cols
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'app' AND c.relkind = 'v' AND 'security_invoker=true' = ANY (c.reloptions)`,
    );
    const extra = rows.filter((r) => !READ.some((x) => x.rel === r.rel));
    expect(extra.map((v) => v.rel)).toEqual(expect.arrayContaining(['app.v_leads_stale', 'app.v_prospects_stale']));
    for (const v of extra) {
      const [col, set] = FOLLOW_BY_KEY.find(([c]) => v.cols.includes(c))!;
      const seen = await seenKeys(who, v.rel, `r.${col}::text`);
      const expected = f.u
        ? (await db.admin.query<{ k: string }>(`SELECT r.${col}::text AS k FROM ${v.rel} r WHERE r.${col}::text = ANY($1::text[])`, [
            set === 'tickets' && f.u.role === 'ops' ? [...f.sets.tickets, ...f.sets.masked] : f.sets[set],
          ])).rows.map((r) => r.k).sort()
        : [];
      if (!seen.ok) expect({ rel: v.rel, code: seen.code, expected }).toEqual({ rel: v.rel, code: '42501', expected: [] });
      else expect({ rel: v.rel, keys: seen.keys }).toEqual({ rel: v.rel, keys: expected });
    }
  });

  it.each(UNREADABLE)('SELECT %s is refused', async (rel) => {
    const r = await attempt(sessions.get(who)!.query(`SELECT 1 AS k FROM ${rel} LIMIT 1`));
    expect(r).toMatchObject({ ok: false, code: '42501' });
  });

  it.each(UPDATES.map((w) => [w.rel, w] as const))('UPDATE %s touches exactly the rows rls.md lets this role write', async (_rel, w) => {
    const f = fx.get(who)!;
    const expected = f.u && ruleSql(w.rules, f) !== 'false'
      ? (await db.admin.query<{ k: string }>(`SELECT ${w.key} AS k FROM ${w.rel} r WHERE ${ruleSql(w.rules, f)}`)).rows.map((r) => String(r.k)).sort()
      : [];
    // Nothing allowed: run it for real (committed); the fingerprint check below proves nothing changed.
    const got = await writtenKeys(who, w, 'UPDATE', expected.length === 0);
    expect({ leaked: got.filter((k) => !expected.includes(k)), missing: expected.filter((k) => !got.includes(k)) }).toEqual({ leaked: [], missing: [] });
  });

  it.each(DELETES.map((w) => [w.rel, w] as const))('DELETE FROM %s removes exactly the rows rls.md lets this role remove', async (_rel, w) => {
    const f = fx.get(who)!;
    const expected = f.u && ruleSql(w.rules, f) !== 'false'
      ? (await db.admin.query<{ k: string }>(`SELECT ${w.key} AS k FROM ${w.rel} r WHERE ${ruleSql(w.rules, f)}`)).rows.map((r) => String(r.k)).sort()
      : [];
    const got = await writtenKeys(who, w, 'DELETE', expected.length === 0);
    expect({ leaked: got.filter((k) => !expected.includes(k)), missing: expected.filter((k) => !got.includes(k)) }).toEqual({ leaked: [], missing: [] });
  });

  it.each(INSERTS.map((c) => [c.name, c] as const))('INSERT %s', async (_name, c) => {
    const f = fx.get(who)!;
    const stmt = c.sql(f);
    if (!stmt) return; // no fixture for this user (e.g. nothing visible to write on)
    const allowed = !!f.u && (c.allowed.includes('*') || c.allowed.includes(f.u.role));
    const r = await attempt(sessions.get(who)!.query(stmt.text, stmt.values ?? [], !allowed));
    if (allowed) expect(r.ok ? 'inserted' : `${r.code} ${r.message}`).toBe('inserted');
    else {
      if (r.ok) expect({ insertedDespiteRule: r.keys }).toEqual({ insertedDespiteRule: [] });
      else expect(REFUSALS).toContain((r as { code: string }).code);
    }
  });
});

describe('refused writes changed nothing', () => {
  it('every table has the same rows as before the matrix ran (refusals committed, allowed writes rolled back)', async () => {
    const after = await fingerprint(db, tables);
    expect(diffFingerprints(before, after)).toEqual([]);
  });
});

describe('a deactivated user (whose access token has not expired yet)', () => {
  /** Their own bookkeeping and harmless reference data stay readable; no business row does. */
  const STILL_READABLE = ['app.profiles', 'auth.api_tokens', 'app.idempotency_keys', 'app.v_directory', 'app.holidays', 'app.sla_policies',
    'app.stale_thresholds', 'app.ticket_transitions', 'app.v_dso_rolling_30'];

  it.each(['mkt.staff@demo.local', 'sales1@demo.local', 'finance@demo.local', 'ops.dom@demo.local'] as const)('%s reads no business row and writes nothing', async (email) => {
    const u = userOf(email)!;
    // They own tickets, KPI rows, imports and uploads (checked, or the test would prove nothing).
    const own = (await db.admin.query(
      `SELECT (SELECT count(*) FROM app.tickets WHERE created_by = $1) + (SELECT count(*) FROM app.kpi_targets WHERE assignee_user_id = $1)
            + (SELECT count(*) FROM app.imports WHERE created_by = $1) + (SELECT count(*) FROM app.storage_objects WHERE uploaded_by = $1) AS n`, [u.user_id])).rows[0].n;
    expect(Number(own)).toBeGreaterThan(0);
    await db.admin.query('UPDATE app.profiles SET is_active = false WHERE user_id = $1', [u.user_id]);
    const s = await SqlSession.open(db, u);
    try {
      const views = (await db.admin.query<{ rel: string }>(
        `SELECT 'app.' || c.relname AS rel FROM pg_class c WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'v'`)).rows.map((r) => r.rel);
      const seen: string[] = [];
      for (const rel of [...new Set([...READ.map((r) => r.rel), ...views])].filter((r) => !STILL_READABLE.includes(r))) {
        const r = await attempt(s.query(`SELECT 1 AS k FROM ${rel}`));
        if (r.ok && r.keys.length > 0) seen.push(`${rel}: ${r.keys.length}`);
      }
      expect(seen).toEqual([]);
      const balance = await s.query<{ b: string }>('SELECT coalesce(sum(ar_balance), 0)::text AS b FROM app.v_dso_rolling_30');
      expect(Number(balance.rows[0].b)).toBe(0);
      const f = { ...fx.get(email)!, u };
      for (const c of INSERTS.filter((x) => !x.rel.startsWith('auth.') && x.rel !== 'app.idempotency_keys')) {
        const stmt = c.sql(f);
        if (!stmt) continue;
        const r = await attempt(s.query(stmt.text, stmt.values ?? []));
        // Refused by RLS or stopped earlier by a rule that needs an active role: either way nothing is written.
        expect({ insert: c.name, outcome: r.ok && r.keys.length > 0 ? 'inserted' : 'not written' }).toEqual({ insert: c.name, outcome: 'not written' });
      }
      for (const w of UPDATES.filter((x) => x.rel !== 'app.profiles' && !x.rel.startsWith('auth.') && x.rel !== 'app.idempotency_keys')) {
        expect({ update: w.rel, keys: await writtenKeys(email, w, 'UPDATE', false).catch(() => []) }).toEqual({ update: w.rel, keys: [] });
      }
    } finally {
      await s.close();
      await db.admin.query('UPDATE app.profiles SET is_active = true WHERE user_id = $1', [u.user_id]);
    }
  });
});
