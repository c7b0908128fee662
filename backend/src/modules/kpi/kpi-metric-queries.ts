/**
 * THE map of the KPI module: metric_key → the SQL that computes its actual
 * for (assignee $1, period_start $2, period_end $3[, channel $4]). Every
 * formula lives in SQL (migrations 0312/0313, metrics.md); nothing here
 * computes, it only names the function. Each function re-checks the caller's
 * right to read the assignee (404 otherwise) and answers
 * {actual_value, na_code, na_reason}; actual_value NULL = NA, never 0.
 *
 * A database test asserts that these keys are exactly the seeded
 * kpi_metric_definitions and that each entry agrees with app.kpi_progress().
 */

export const METRIC_KEYS = [
  'MKT_LEADS', 'MKT_QUALIFIED_LEADS', 'MKT_SPEND', 'MKT_CPL', 'MKT_CONTENT_PUBLISHED', 'MKT_WEBSITE_VISITS',
  'SAL_REVENUE', 'SAL_NEW_LOGOS', 'SAL_ACTIVITIES', 'SAL_VISITS', 'SAL_WIN_RATE', 'SAL_CYCLE_DAYS', 'SAL_QUOTATIONS', 'SAL_REFERRALS',
  'OPS_FIRST_RESPONSE_MEDIAN_HOURS', 'OPS_RFQ_TURNAROUND_HOURS', 'OPS_SLA_COMPLIANCE_PCT', 'OPS_SHIPMENTS_HANDLED',
  'FIN_COLLECTED', 'FIN_DSO_30', 'FIN_OVERDUE_PCT',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricQuery {
  /** SQL with $1 assignee uuid, $2 period_start, $3 period_end, and $4 channel when `channel` is true. */
  readonly sql: string;
  /** Accepts a source-channel filter ($4). */
  readonly channel: boolean;
}

const COLS = `actual_value, CASE WHEN actual_value IS NULL THEN 'NA' ELSE 'OK' END AS status, na_code, na_reason`;
const auto = (fn: string, channel = false): MetricQuery => ({
  sql: `SELECT ${COLS} FROM app.${fn}($1::uuid, $2::date, $3::date${channel ? ', $4::text' : ''})`,
  channel,
});
const entries = (key: MetricKey): MetricQuery => ({
  sql: `SELECT ${COLS} FROM app.kpi_entries_sum('${key}', $1::uuid, $2::date, $3::date)`,
  channel: false,
});

export const KPI_METRIC_QUERIES: Readonly<Record<MetricKey, MetricQuery>> = {
  MKT_LEADS: auto('kpi_mkt_leads', true),
  MKT_QUALIFIED_LEADS: auto('kpi_mkt_qualified_leads', true),
  MKT_SPEND: auto('kpi_mkt_spend', true),
  MKT_CPL: auto('kpi_mkt_cpl', true),
  MKT_CONTENT_PUBLISHED: entries('MKT_CONTENT_PUBLISHED'),
  MKT_WEBSITE_VISITS: entries('MKT_WEBSITE_VISITS'),
  SAL_REVENUE: auto('kpi_sal_revenue'),
  SAL_NEW_LOGOS: auto('kpi_sal_new_logos'),
  SAL_ACTIVITIES: auto('kpi_sal_activities'),
  SAL_VISITS: auto('kpi_sal_visits'),
  SAL_WIN_RATE: auto('kpi_sal_win_rate'),
  SAL_CYCLE_DAYS: auto('kpi_sal_cycle_days'),
  SAL_QUOTATIONS: auto('kpi_sal_quotations'),
  SAL_REFERRALS: entries('SAL_REFERRALS'),
  OPS_FIRST_RESPONSE_MEDIAN_HOURS: auto('kpi_ops_first_response_median_hours'),
  OPS_RFQ_TURNAROUND_HOURS: auto('kpi_ops_rfq_turnaround_hours'),
  OPS_SLA_COMPLIANCE_PCT: auto('kpi_ops_sla_compliance_pct'),
  OPS_SHIPMENTS_HANDLED: entries('OPS_SHIPMENTS_HANDLED'),
  FIN_COLLECTED: auto('kpi_fin_collected'),
  FIN_DSO_30: auto('kpi_fin_dso_30'),
  FIN_OVERDUE_PCT: auto('kpi_fin_overdue_pct'),
};

export function isMetricKey(key: string): key is MetricKey {
  return (METRIC_KEYS as readonly string[]).includes(key);
}
