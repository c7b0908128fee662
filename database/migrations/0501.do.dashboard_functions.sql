-- =============================================================================
-- 0501 dashboard: the command-center summary of GET /api/dashboard/summary
--
--   app.dashboard_summary(p_as_of date) → jsonb, dispatching on
--   app.current_role() to one builder per role (app.dashboard_<role>()).
--
-- Every number is built together with its drill-down (the list route and the
-- exact query whose rows make it, and how to measure them), so the definition
-- of a number and of its drill live side by side in one function below; the
-- list routes implement those query parameters with the same views and
-- predicates (0500). Contract: /docs/api.md "Dashboard".
--
-- Everything is SECURITY INVOKER: the caller's RLS decides which rows count (a
-- salesperson's numbers only ever include rows they can see). The formulas
-- are the existing ones: AR/DSO from app.ar_invoice_outstanding / ar_aging /
-- ar_credit_sales / ar_collected / dso_rolling_series (0301), SLA from
-- app.ticket_sla / v_ticket_first_response_median_daily(_dept) /
-- v_tickets_stale (0202/0204), KPI from app.kpi_progress / kpi_actual (0313),
-- stuck items from the stale views (0204/0500).
--
-- Conventions of the JSON: money as decimal strings, counts as integers,
-- ratios rounded (1 decimal; money 2), NULL value + na_reason when not
-- computable (never 0). Dates are Asia/Jakarta days. Period = month to date of
-- as_of; KPI figures use the calendar month of as_of (targets are monthly).
-- Current-state figures (pipeline, queues, SLA state, stuck items) are "now".
-- =============================================================================

-- ------------------------------------------------------------ JSON helpers ---
CREATE FUNCTION app.dash_q(VARIADIC p_kv text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(jsonb_object_agg(p_kv[i], p_kv[i + 1]) FILTER (WHERE p_kv[i + 1] IS NOT NULL), '{}'::jsonb)
    FROM generate_series(1, coalesce(array_length(p_kv, 1), 0) - 1, 2) i
$$;
COMMENT ON FUNCTION app.dash_q(text[]) IS
  'A drill query from key/value pairs (dash_q(''from'', ''2026-11-01'', ''open'', ''true'')): every value a string, NULL values left out.';

CREATE FUNCTION app.dash_drill(p_list text, p_query jsonb, p_measure jsonb DEFAULT '{"op": "count"}'::jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object('list', p_list, 'api', r.api, 'route', r.route, 'query', p_query, 'measure', p_measure)
    FROM (VALUES
      ('invoices',          '/api/invoices',          '/ar/invoices'),
      ('payments',          '/api/payments',          '/ar/payments'),
      ('overdue_customers', '/api/dso/outstanding',   '/ar/aging'),
      ('leads',             '/api/leads',             '/crm/leads'),
      ('prospects',         '/api/prospects',         '/crm/prospects'),
      ('activities',        '/api/activities',        '/crm/activities'),
      ('marketing_spend',   '/api/marketing/spend',   '/crm/marketing'),
      ('tickets',           '/api/tickets',           '/tickets/queue'),
      ('ops_rfqs',          '/api/ops/rfqs',          '/tickets/rfq'),
      ('kpi_progress',      '/api/kpi/progress',      '/kpi/progress'),
      ('imports',           '/api/imports',           '/imports')
    ) r(list, api, route)
   WHERE r.list = p_list
$$;
COMMENT ON FUNCTION app.dash_drill(text, jsonb, jsonb) IS
  'A drill-down: the logical list, its API and console routes, the query (same for both) and the measure (count | sum of a field | avg of a field | the value of the one matching row).';

CREATE FUNCTION app.dash_sum(p_field text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT jsonb_build_object('op', 'sum', 'field', p_field) $$;
COMMENT ON FUNCTION app.dash_sum(text) IS 'Drill measure: the exact decimal sum of a field over every row of the list.';

CREATE FUNCTION app.dash_money(p numeric) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT to_jsonb(coalesce(p, 0)::numeric(18, 2)::text) $$;
COMMENT ON FUNCTION app.dash_money(numeric) IS 'Money as the API writes it: a decimal string with 2 decimals.';

CREATE FUNCTION app.dash_number(p_key text, p_unit text, p_value jsonb, p_drill jsonb, p_na_reason text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object('key', p_key, 'unit', p_unit, 'value', coalesce(p_value, 'null'::jsonb),
                            'na_reason', CASE WHEN p_value IS NULL OR p_value = 'null'::jsonb THEN p_na_reason END,
                            'drill', p_drill)
$$;
COMMENT ON FUNCTION app.dash_number(text, text, jsonb, jsonb, text) IS 'One number of a home: key, unit, value (NULL → na_reason), drill.';

CREATE FUNCTION app.dash_ratio(p_key text, p_unit text, p_num jsonb, p_den jsonb, p_factor numeric, p_decimals integer, p_na_reason text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object(
           'key', p_key, 'unit', p_unit,
           'value', CASE WHEN x.d IS NULL OR x.d = 0 OR x.n IS NULL THEN 'null'::jsonb
                         WHEN p_unit = 'idr' THEN to_jsonb(round(x.n / x.d * p_factor, p_decimals)::text)
                         ELSE to_jsonb(round(x.n / x.d * p_factor, p_decimals)) END,
           'na_reason', CASE WHEN x.d IS NULL OR x.d = 0 OR x.n IS NULL THEN p_na_reason END,
           'parts', jsonb_build_array(p_num, p_den),
           'ratio', jsonb_build_object('factor', p_factor, 'decimals', p_decimals))
    FROM (SELECT (p_num ->> 'value')::numeric AS n, (p_den ->> 'value')::numeric AS d) x
$$;
COMMENT ON FUNCTION app.dash_ratio(text, text, jsonb, jsonb, numeric, integer, text) IS
  'A ratio number: value = round(parts[0] ÷ parts[1] × factor, decimals) (money: decimal string), NULL with na_reason when the denominator is 0. Both parts keep their own drills.';

CREATE FUNCTION app.dash_datum(p_name text, p_value jsonb, p_drill jsonb DEFAULT NULL, p_extra jsonb DEFAULT NULL, p_na_reason text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object('name', p_name, 'value', coalesce(p_value, 'null'::jsonb))
         || CASE WHEN p_drill IS NOT NULL THEN jsonb_build_object('drill', p_drill) ELSE '{}'::jsonb END
         || CASE WHEN p_extra IS NOT NULL THEN jsonb_build_object('extra', p_extra) ELSE '{}'::jsonb END
         || CASE WHEN p_na_reason IS NOT NULL AND (p_value IS NULL OR p_value = 'null'::jsonb)
                 THEN jsonb_build_object('na_reason', p_na_reason) ELSE '{}'::jsonb END
$$;

CREATE FUNCTION app.dash_chart(p_key text, p_kind text, p_unit text, p_data jsonb, p_from date, p_to date, p_na_reason text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object('key', p_key, 'kind', p_kind, 'unit', p_unit, 'from', p_from, 'to', p_to,
                            'data', coalesce(p_data, '[]'::jsonb),
                            'na_reason', CASE WHEN coalesce(jsonb_array_length(p_data), 0) = 0 THEN p_na_reason END)
$$;

CREATE FUNCTION app.dash_stuck(p_key text, p_entity text, p_count bigint, p_drill jsonb) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT jsonb_build_object('key', p_key, 'count', coalesce(p_count, 0),
                            'threshold_days', round(extract(epoch FROM th.threshold) / 86400, 2),
                            'threshold_hours', round(extract(epoch FROM th.threshold) / 3600, 2),
                            'drill', p_drill)
    FROM (SELECT app.stale_threshold(p_entity) AS threshold) th
$$;

COMMENT ON FUNCTION app.dash_datum(text, jsonb, jsonb, jsonb, text) IS 'One datum of a bar/pie/funnel chart: name, value, optional drill, extra (e.g. user_id) and na_reason when the value is NA.';
COMMENT ON FUNCTION app.dash_chart(text, text, text, jsonb, date, date, text) IS 'One chart of a home: key, kind, unit, the window it covers (NULLs: current state) and its data; na_reason when empty.';
COMMENT ON FUNCTION app.dash_stuck(text, text, bigint, jsonb) IS 'One stuck item: how many items of an entity are stale, its threshold from app.stale_thresholds (days and hours) and the drill to the list of them.';

GRANT EXECUTE ON FUNCTION app.dash_q(text[]), app.dash_drill(text, jsonb, jsonb), app.dash_sum(text), app.dash_money(numeric),
  app.dash_number(text, text, jsonb, jsonb, text), app.dash_ratio(text, text, jsonb, jsonb, numeric, integer, text),
  app.dash_datum(text, jsonb, jsonb, jsonb, text), app.dash_chart(text, text, text, jsonb, date, date, text),
  app.dash_stuck(text, text, bigint, jsonb) TO authenticated;

-- ======================================================== numbers + drills ===

-- ------------------------------------------------------------------- AR ---
-- The invoices the caller can see, with their outstanding amounts as of a day
-- (app.ar_invoice_outstanding, under RLS). Query shape only: roles that read
-- the whole book scan it; every other role reads at most the invoices of
-- customers that they (or, for a manager, their team) own a prospect of — the
-- invoice policy's own rule (0302) — so the scan starts from those customers
-- instead of testing the policy on every invoice. RLS still decides each row.
CREATE FUNCTION app.dash_visible_invoices(p_as_of date)
RETURNS TABLE (invoice_id text, customer_id text, invoice_date date, due_date date, amount numeric,
               outstanding_amount numeric, is_overdue boolean, days_past_due integer)
LANGUAGE sql STABLE
AS $$
  SELECT o.invoice_id, o.customer_id, o.invoice_date, o.due_date, o.amount, o.outstanding_amount, o.is_overdue, o.days_past_due
    FROM app.ar_invoice_outstanding(p_as_of) o
   WHERE (SELECT app.current_role()) IN ('super_admin', 'director', 'finance')
  UNION ALL
  SELECT o.invoice_id, o.customer_id, o.invoice_date, o.due_date, o.amount, o.outstanding_amount, o.is_overdue, o.days_past_due
    FROM app.ar_invoice_outstanding(p_as_of) o
   WHERE (SELECT app.current_role()) NOT IN ('super_admin', 'director', 'finance')
     AND o.customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
$$;
COMMENT ON FUNCTION app.dash_visible_invoices(date) IS
  'app.ar_invoice_outstanding(as_of) of the invoices the caller can see (RLS), read from the customers they or their team own a prospect of unless they read the whole book (super_admin, director, finance).';
GRANT EXECUTE ON FUNCTION app.dash_visible_invoices(date) TO authenticated;

-- One scan of app.ar_invoice_outstanding(as_of): outstanding, overdue and the
-- customers with something overdue; credit sales of the 30-day window from
-- app.ar_credit_sales. overdue_pct and dso_30 are ratios of these parts.
CREATE FUNCTION app.dash_ar(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH o AS (
    SELECT coalesce(sum(o.outstanding_amount), 0) AS outstanding,
           coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0) AS overdue
      FROM app.dash_visible_invoices(p_as_of) o
  ), n AS (
    SELECT app.dash_number('ar_outstanding', 'idr', app.dash_money(o.outstanding),
             app.dash_drill('invoices', app.dash_q('open', 'true', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))) AS ar_outstanding,
           app.dash_number('ar_overdue', 'idr', app.dash_money(o.overdue),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))) AS ar_overdue,
           app.dash_number('credit_sales_30d', 'idr', app.dash_money(app.ar_credit_sales(p_as_of - 29, p_as_of)),
             app.dash_drill('invoices', app.dash_q('from', (p_as_of - 29)::text, 'to', p_as_of::text, 'as_of', p_as_of::text),
                            app.dash_sum('amount'))) AS credit_sales_30d
      FROM o
  )
  SELECT jsonb_build_object(
           'ar_outstanding', n.ar_outstanding,
           'ar_overdue', n.ar_overdue,
           'credit_sales_30d', n.credit_sales_30d,
           'overdue_pct', app.dash_ratio('overdue_pct', 'percent', n.ar_overdue, n.ar_outstanding, 100, 1,
                                         format('Nothing is outstanding on %s', p_as_of)),
           'dso_30', app.dash_ratio('dso_30', 'days', n.ar_outstanding, n.credit_sales_30d, 30, 1,
                                    format('No credit sales in the 30 days up to %s', p_as_of)))
    FROM n
$$;
COMMENT ON FUNCTION app.dash_ar(date) IS
  'AR numbers at as_of: ar_outstanding (Σ outstanding, invoices open), ar_overdue (Σ overdue outstanding), credit_sales_30d, overdue_pct = overdue ÷ outstanding × 100, dso_30 = outstanding ÷ credit sales (as_of−29 … as_of) × 30. Caller''s RLS.';

CREATE FUNCTION app.dash_overdue_customers(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_number('overdue_customers', 'count', to_jsonb(count(DISTINCT o.customer_id)),
           app.dash_drill('overdue_customers', app.dash_q('overdue', 'true', 'as_of', p_as_of::text)))
    FROM app.dash_visible_invoices(p_as_of) o
   WHERE o.is_overdue
$$;
COMMENT ON FUNCTION app.dash_overdue_customers(date) IS
  'Customers with something overdue at as_of (the rows of GET /api/dso/outstanding?overdue=true). Caller''s RLS.';

CREATE FUNCTION app.dash_revenue(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_number('revenue_mtd', 'idr', app.dash_money(app.ar_credit_sales(p_from, p_to)),
           app.dash_drill('invoices', app.dash_q('from', p_from::text, 'to', p_to::text, 'as_of', p_to::text), app.dash_sum('amount')))
$$;
COMMENT ON FUNCTION app.dash_revenue(date, date) IS 'Revenue of the period: Σ amount of invoices dated in it (app.ar_credit_sales). Caller''s RLS.';

CREATE FUNCTION app.dash_collected(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_number('collected_mtd', 'idr', app.dash_money(app.ar_collected(p_from, p_to)),
           app.dash_drill('payments', app.dash_q('from', p_from::text, 'to', p_to::text), app.dash_sum('amount')))
$$;
COMMENT ON FUNCTION app.dash_collected(date, date) IS 'Collected in the period: Σ payments dated in it (app.ar_collected). Caller''s RLS.';

CREATE FUNCTION app.dash_aging_chart(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart('aging', 'bar', 'idr', jsonb_build_array(
           app.dash_datum('current', app.dash_money(a.cur),
             app.dash_drill('invoices', app.dash_q('open', 'true', 'overdue', 'false', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('1_30', app.dash_money(a.d30),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '1', 'dpd_max', '30', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('31_60', app.dash_money(a.d60),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '31', 'dpd_max', '60', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('61_90', app.dash_money(a.d90),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '61', 'dpd_max', '90', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('over_90', app.dash_money(a.over),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '91', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount')))),
         p_as_of, p_as_of)
    FROM (SELECT sum(x."current") AS cur, sum(x.days_1_30) AS d30, sum(x.days_31_60) AS d60, sum(x.days_61_90) AS d90,
                 sum(x.days_over_90) AS over
            FROM app.ar_aging(p_as_of, NULL) x) a
$$;
COMMENT ON FUNCTION app.dash_aging_chart(date) IS
  'Aging buckets at as_of (app.ar_aging totals): current, 1_30, 31_60, 61_90, over_90, each drilling to the invoices of the bucket (days past due at as_of). Caller''s RLS.';

CREATE FUNCTION app.dash_dso_trend(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart('dso_trend', 'line', 'days',
           jsonb_build_array(jsonb_build_object('name', 'dso_30', 'series',
             (SELECT coalesce(jsonb_agg(jsonb_build_object('name', s.day::text, 'value', round(s.dso, 1)) ORDER BY s.day), '[]'::jsonb)
                FROM app.dso_rolling_series(p_as_of - 29, p_as_of) s))),
         p_as_of - 29, p_as_of)
$$;
COMMENT ON FUNCTION app.dash_dso_trend(date) IS 'Rolling 30-day DSO for the 30 days up to as_of (app.dso_rolling_series), one point per day, NULL = NA. Caller''s RLS.';

-- ------------------------------------------------------------------ CRM ---
CREATE FUNCTION app.dash_leads(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH c AS (
    SELECT l.source_channel, count(*) AS n,
           count(*) FILTER (WHERE app.lead_reached_qualified(l.status, l.qualified_at, l.handed_over_at)) AS q
      FROM app.leads l
     WHERE l.created_at >= app.jakarta_day_start(p_from) AND l.created_at < app.jakarta_day_start(p_to + 1)
     GROUP BY l.source_channel
  ), t AS (
    SELECT app.dash_number('leads_mtd', 'count', to_jsonb(coalesce(sum(c.n), 0)::bigint),
             app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text))) AS leads,
           app.dash_number('leads_qualified', 'count', to_jsonb(coalesce(sum(c.q), 0)::bigint),
             app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'qualified', 'true'))) AS qualified
      FROM c
  )
  SELECT jsonb_build_object(
           'leads_mtd', t.leads,
           'leads_qualified', t.qualified,
           'qualified_rate', app.dash_ratio('qualified_rate', 'percent', t.qualified, t.leads, 100, 1, 'No leads in the period'),
           'leads_by_channel', app.dash_chart('leads_by_channel', 'bar', 'count',
             (SELECT jsonb_agg(app.dash_datum(c.source_channel::text, to_jsonb(c.n),
                       app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'source_channel', c.source_channel::text)))
                     ORDER BY c.n DESC, c.source_channel)
                FROM c),
             p_from, p_to, 'No leads in the period'))
    FROM t
$$;
COMMENT ON FUNCTION app.dash_leads(date, date) IS
  'Leads created in the period (Asia/Jakarta days): leads_mtd, leads_qualified (reached QUALIFIED or later, app.lead_reached_qualified), qualified_rate, and leads_by_channel. Caller''s RLS (marketing staff: own leads).';

CREATE FUNCTION app.dash_spend(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH c AS (
    SELECT s.channel, sum(s.amount) AS amount
      FROM app.marketing_spend s
     WHERE s.spend_date BETWEEN p_from AND p_to
     GROUP BY s.channel
  )
  SELECT jsonb_build_object(
           'spend_mtd', app.dash_number('spend_mtd', 'idr', app.dash_money((SELECT sum(c.amount) FROM c)),
             app.dash_drill('marketing_spend', app.dash_q('from', p_from::text, 'to', p_to::text), app.dash_sum('amount'))),
           'spend_by_channel', app.dash_chart('spend_by_channel', 'bar', 'idr',
             (SELECT jsonb_agg(app.dash_datum(c.channel::text, app.dash_money(c.amount),
                       app.dash_drill('marketing_spend', app.dash_q('from', p_from::text, 'to', p_to::text, 'channel', c.channel::text), app.dash_sum('amount')))
                     ORDER BY c.amount DESC, c.channel)
                FROM c),
             p_from, p_to, 'No marketing spend in the period'))
$$;
COMMENT ON FUNCTION app.dash_spend(date, date) IS 'Marketing spend dated in the period, in total and per channel. Caller''s RLS (marketing staff: own spend).';

CREATE FUNCTION app.dash_lead_funnel(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart('lead_funnel', 'funnel', 'count', jsonb_build_array(
           app.dash_datum('leads', to_jsonb(f.n),
             app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text))),
           app.dash_datum('handed_over', to_jsonb(f.h),
             app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'handed_over', 'true'))),
           app.dash_datum('won', to_jsonb(f.w),
             app.dash_drill('leads', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'status', 'CONVERTED')))),
         p_from, p_to)
    FROM (SELECT count(*) AS n,
                 count(*) FILTER (WHERE l.handed_over_at IS NOT NULL) AS h,
                 count(*) FILTER (WHERE l.status = 'CONVERTED') AS w
            FROM app.leads l
           WHERE l.created_at >= app.jakarta_day_start(p_from) AND l.created_at < app.jakarta_day_start(p_to + 1)) f
$$;
COMMENT ON FUNCTION app.dash_lead_funnel(date, date) IS
  'Lead funnel of the leads created in the window: all → handed over to sales (became a sales prospect) → won (CONVERTED, the prospect reached WON). Caller''s RLS.';

CREATE FUNCTION app.dash_pipeline() RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH c AS (
    SELECT p.stage, count(*) AS n
      FROM app.prospects p
     WHERE p.stage NOT IN ('WON', 'LOST') AND p.owner_user_id IS NOT NULL
     GROUP BY p.stage
  )
  SELECT jsonb_build_object(
           'pipeline_open', app.dash_number('pipeline_open', 'count', to_jsonb(coalesce((SELECT sum(c.n) FROM c), 0)::bigint),
             app.dash_drill('prospects', app.dash_q('open', 'true', 'assigned', 'true'))),
           'pipeline_by_stage', app.dash_chart('pipeline_by_stage', 'bar', 'count',
             (SELECT jsonb_agg(app.dash_datum(s.stage::text, to_jsonb(coalesce(c.n, 0)),
                       app.dash_drill('prospects', app.dash_q('stage', s.stage::text, 'assigned', 'true')))
                     ORDER BY s.stage)
                FROM unnest(ARRAY['NEW', 'CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION']::app.prospect_stage[]) s(stage)
                LEFT JOIN c ON c.stage = s.stage),
             NULL, NULL))
$$;
COMMENT ON FUNCTION app.dash_pipeline() IS
  'Open pipeline now: prospects with an owner that are not WON/LOST, in total and per open stage. Caller''s RLS (salesperson: own; sales manager: team — the unassigned pool is left out).';

CREATE FUNCTION app.dash_activities(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_number('activities_mtd', 'count', to_jsonb(count(*)),
           app.dash_drill('activities', app.dash_q('from', p_from::text, 'to', p_to::text, 'include_system', 'false')))
    FROM app.sales_activities a
   WHERE NOT a.is_system
     AND a.occurred_at >= app.jakarta_day_start(p_from) AND a.occurred_at < app.jakarta_day_start(p_to + 1)
$$;
COMMENT ON FUNCTION app.dash_activities(date, date) IS
  'Sales activities people logged in the period (derived system entries excluded, as SAL_ACTIVITIES). Caller''s RLS (own; team for a sales manager).';

-- -------------------------------------------------------------- tickets ---
CREATE FUNCTION app.dash_sla_compliance(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH o AS (
    SELECT count(*) FILTER (WHERE x.outcome = 'met') AS met, count(x.outcome) AS known
      FROM (SELECT app.first_response_outcome(t.first_response_due_at, t.first_response_at, s.is_open, s.first_response_breached) AS outcome
              FROM app.tickets t
             CROSS JOIN LATERAL app.ticket_sla(t) s
             WHERE t.created_at >= app.jakarta_day_start(p_from) AND t.created_at < app.jakarta_day_start(p_to + 1)) x
  )
  SELECT app.dash_ratio('sla_compliance', 'percent',
           app.dash_number('sla_met', 'count', to_jsonb(o.met),
             app.dash_drill('tickets', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'fr_outcome', 'met'))),
           app.dash_number('sla_known', 'count', to_jsonb(o.known),
             app.dash_drill('tickets', app.dash_q('created_from', p_from::text, 'created_to', p_to::text, 'fr_outcome', 'known'))),
           100, 1, 'No ticket created in the period has a known first-response outcome yet')
    FROM o
$$;
COMMENT ON FUNCTION app.dash_sla_compliance(date, date) IS
  'First-response SLA compliance of the tickets created in the period: met ÷ known outcome × 100 (app.first_response_outcome: the OPS_SLA_COMPLIANCE_PCT rule, over every visible ticket). Caller''s RLS.';

-- The daily median of v_ticket_first_response_median_daily(_dept), computed
-- from the per-ticket view v_ticket_first_response over the window's
-- created_at range: a plain timestamp range reaches the tickets' index
-- under RLS (the median views group every visible ticket first and filter
-- on the derived day afterwards). Same rows, same median, same rounding.
CREATE FUNCTION app.dash_first_response_trend(p_from date, p_to date, p_dept text) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH d AS (
    SELECT f.created_day AS day,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_business_minutes)::numeric, 2) AS median_bm
      FROM app.v_ticket_first_response f
     WHERE f.created_at >= app.jakarta_day_start(p_from) AND f.created_at < app.jakarta_day_start(p_to + 1)
       AND f.first_response_at IS NOT NULL
       AND (p_dept IS NULL OR f.dept_target = p_dept)
     GROUP BY f.created_day
  )
  SELECT app.dash_chart('first_response_trend', 'line', 'hours',
           jsonb_build_array(jsonb_build_object('name', 'median_business_hours', 'series',
             coalesce((SELECT jsonb_agg(jsonb_build_object('name', d.day::text, 'value', round(d.median_bm / 60, 2)) ORDER BY d.day) FROM d), '[]'::jsonb))),
         p_from, p_to)
$$;
COMMENT ON FUNCTION app.dash_first_response_trend(date, date, text) IS
  'Daily median first response in business hours over the window (p_dept: of that department only) — v_ticket_first_response_median_daily[_dept] restricted to the window, computed from v_ticket_first_response with an indexable created_at range; days without an answered ticket are absent. Caller''s RLS.';

-- The department queue of the caller (ops, finance): open (not closed) tickets
-- of their dept_target, as GET /api/tickets?queue=true&open=true lists them
-- (ops never see masked RFQs there: those are counted by dash_ops_rfqs).
CREATE FUNCTION app.dash_queue() RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH open_rows AS MATERIALIZED (
    SELECT s.status, s.sla_state
      FROM app.tickets t
     CROSS JOIN LATERAL app.ticket_sla(t) s
     WHERE t.dept_target = (SELECT app.current_dept()) AND t.closed_at IS NULL
       AND NOT ((SELECT app.current_role()) = 'ops' AND t.ticket_type = 'inquiry_tariff' AND t.need_customer_masking)
  ), c AS (
    SELECT count(*) AS n,
           count(*) FILTER (WHERE o.sla_state = 'at_risk') AS at_risk,
           count(*) FILTER (WHERE o.sla_state = 'breached') AS breached
      FROM open_rows o
  )
  SELECT jsonb_build_object(
           'queue_open', app.dash_number('queue_open', 'count', to_jsonb(c.n),
             app.dash_drill('tickets', app.dash_q('queue', 'true', 'open', 'true'))),
           'queue_at_risk', app.dash_number('queue_at_risk', 'count', to_jsonb(c.at_risk),
             app.dash_drill('tickets', app.dash_q('queue', 'true', 'open', 'true', 'sla_state', 'at_risk'))),
           'queue_breached', app.dash_number('queue_breached', 'count', to_jsonb(c.breached),
             app.dash_drill('tickets', app.dash_q('queue', 'true', 'open', 'true', 'sla_state', 'breached'))),
           'queue_by_status', app.dash_chart('queue_by_status', 'bar', 'count', coalesce((
             SELECT jsonb_agg(app.dash_datum(b.status, to_jsonb(b.n),
                      app.dash_drill('tickets', app.dash_q('queue', 'true', 'open', 'true', 'status', b.status)))
                    ORDER BY array_position(ARRAY['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'QUOTED', 'WON', 'LOST',
                                                  'CANCELLED', 'RESOLVED'], b.status), b.status)
               FROM (SELECT o.status, count(*) AS n FROM open_rows o GROUP BY o.status) b), '[]'::jsonb),
             NULL, NULL))
    FROM c
$$;
COMMENT ON FUNCTION app.dash_queue() IS
  'The caller''s department queue now: open (not closed) tickets targeted at their department, at risk and breached (app.ticket_sla), and per status (the bars add up to the open count). Ops: without masked RFQs (see dash_ops_rfqs). Caller''s RLS.';

CREATE FUNCTION app.dash_ops_rfqs() RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH c AS (
    SELECT count(*) AS n,
           count(*) FILTER (WHERE m.sla_state = 'at_risk') AS at_risk,
           count(*) FILTER (WHERE m.sla_state = 'breached') AS breached
      FROM app.v_ops_rfqs_masked m
     WHERE m.status IN ('OPEN', 'IN_PROGRESS')
  )
  SELECT jsonb_build_object(
           'rfq_open', app.dash_number('rfq_open', 'count', to_jsonb(c.n), app.dash_drill('ops_rfqs', app.dash_q('open', 'true'))),
           'rfq_at_risk', app.dash_number('rfq_at_risk', 'count', to_jsonb(c.at_risk),
             app.dash_drill('ops_rfqs', app.dash_q('open', 'true', 'sla_state', 'at_risk'))),
           'rfq_breached', app.dash_number('rfq_breached', 'count', to_jsonb(c.breached),
             app.dash_drill('ops_rfqs', app.dash_q('open', 'true', 'sla_state', 'breached'))))
    FROM c
$$;
COMMENT ON FUNCTION app.dash_ops_rfqs() IS
  'The masked RFQ queue of an ops department now (v_ops_rfqs_masked, which filters itself to the caller): open (OPEN/IN_PROGRESS), at risk, breached.';

-- ------------------------------------------------------------------ KPI ---
CREATE FUNCTION app.dash_kpi_month(p_as_of date, OUT period_start date, OUT period_end date)
LANGUAGE sql STABLE
AS $$ SELECT date_trunc('month', p_as_of)::date, (date_trunc('month', p_as_of) + interval '1 month - 1 day')::date $$;
COMMENT ON FUNCTION app.dash_kpi_month(date) IS 'The KPI period of a home: the calendar month of as_of (targets are set per month).';

-- Mean achievement of one person's KPI progress (metrics with a target and an
-- actual), as a number or a chart datum.
CREATE FUNCTION app.dash_kpi_avg(p_user uuid, p_as_of date, p_key text, p_name text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH m AS (SELECT * FROM app.dash_kpi_month(p_as_of)),
  a AS (
    SELECT round(avg(k.achievement_pct), 1) AS v
      FROM m, app.kpi_progress(p_user, m.period_start, m.period_end) k
  ), d AS (
    SELECT app.dash_drill('kpi_progress',
             app.dash_q('assignee_user_id', p_user::text, 'period_start', m.period_start::text, 'period_end', m.period_end::text),
             jsonb_build_object('op', 'avg', 'field', 'achievement_pct', 'decimals', 1)) AS drill
      FROM m
  )
  SELECT CASE WHEN p_name IS NULL
              THEN app.dash_number(p_key, 'percent', to_jsonb(a.v), d.drill, 'No KPI of the month has both a target and an actual yet')
              ELSE app.dash_datum(p_name, to_jsonb(a.v), d.drill, jsonb_build_object('user_id', p_user),
                                  'No KPI of the month has both a target and an actual yet') END
    FROM a, d
$$;
COMMENT ON FUNCTION app.dash_kpi_avg(uuid, date, text, text) IS
  'Mean achievement_pct (1 decimal) of a person''s KPI progress for the month of as_of (app.kpi_progress: self + team for a manager), over the metrics with a target and an actual; NA when none. The caller''s right to read that person is checked by kpi_progress.';

CREATE FUNCTION app.dash_kpi_people_chart(p_key text, p_people uuid[], p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart(p_key, 'bar', 'percent',
           (SELECT jsonb_agg(app.dash_kpi_avg(a.user_id, p_as_of, p_key, a.full_name) ORDER BY a.ord)
              FROM (SELECT x.user_id, x.full_name, x.ord
                      FROM app.kpi_assignees('progress') WITH ORDINALITY x(user_id, full_name, role, dept_code, department, is_self, ord)
                     WHERE x.user_id = ANY (p_people)) a),
           m.period_start, m.period_end, 'Nobody to show')
    FROM app.dash_kpi_month(p_as_of) m
$$;
COMMENT ON FUNCTION app.dash_kpi_people_chart(text, uuid[], date) IS
  'One datum per person (their full name; extra.user_id): mean KPI achievement of the month of as_of. Only people whose progress the caller may read (app.kpi_assignees).';

CREATE FUNCTION app.dash_kpi_self(p_user uuid, p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH m AS (SELECT * FROM app.dash_kpi_month(p_as_of)),
  k AS MATERIALIZED (
    SELECT k.*, k.ordinality AS ord FROM m, app.kpi_progress(p_user, m.period_start, m.period_end) WITH ORDINALITY k
  ), q AS (
    SELECT app.dash_q('assignee_user_id', p_user::text, 'period_start', m.period_start::text, 'period_end', m.period_end::text) AS query,
           m.period_start, m.period_end
      FROM m
  )
  SELECT jsonb_build_object(
           'kpi_achievement', app.dash_number('kpi_achievement', 'percent', to_jsonb((SELECT round(avg(k.achievement_pct), 1) FROM k)),
             app.dash_drill('kpi_progress', q.query, jsonb_build_object('op', 'avg', 'field', 'achievement_pct', 'decimals', 1)),
             'No KPI of the month has both a target and an actual yet'),
           'kpi_progress', app.dash_chart('kpi_progress', 'bar', 'percent',
             (SELECT jsonb_agg(app.dash_datum(k.metric_key, to_jsonb(k.achievement_pct),
                       app.dash_drill('kpi_progress', q.query,
                         jsonb_build_object('op', 'value', 'field', 'achievement_pct', 'match', jsonb_build_object('metric_key', k.metric_key))),
                       NULL, coalesce(k.na_reason, 'No achievement: the actual or the target is missing or zero'))
                     ORDER BY k.ord)
                FROM k WHERE k.target_value IS NOT NULL),
             q.period_start, q.period_end, 'No KPI target for the month'))
    FROM q
$$;
COMMENT ON FUNCTION app.dash_kpi_self(uuid, date) IS
  'A person''s own KPI of the month of as_of from one app.kpi_progress call: kpi_achievement (as dash_kpi_avg) and the kpi_progress chart: one datum per metric with a target for the month, its achievement_pct (NULL with the reason when NA).';
GRANT EXECUTE ON FUNCTION app.dash_kpi_self(uuid, date) TO authenticated;

CREATE FUNCTION app.dash_kpi_value(p_key text, p_unit text, p_user uuid, p_as_of date, p_metric_key text) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_number(p_key, p_unit, to_jsonb(a.actual_value),
           app.dash_drill('kpi_progress',
             app.dash_q('assignee_user_id', p_user::text, 'period_start', m.period_start::text, 'period_end', m.period_end::text),
             jsonb_build_object('op', 'value', 'field', 'actual_value', 'match', jsonb_build_object('metric_key', p_metric_key))),
           a.na_reason)
    FROM app.dash_kpi_month(p_as_of) m
   CROSS JOIN LATERAL app.kpi_actual(p_metric_key, p_user, m.period_start, m.period_end, NULL) a
$$;
COMMENT ON FUNCTION app.dash_kpi_value(text, text, uuid, date, text) IS
  'A KPI actual (app.kpi_actual) of a person for the month of as_of as a number; drills to that metric''s row of the KPI progress.';

-- -------------------------------------------------------------- imports ---
CREATE FUNCTION app.dash_imports(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH c AS (
    SELECT count(*) FILTER (WHERE i.created_at >= app.jakarta_day_start(p_as_of - 29) AND i.created_at < app.jakarta_day_start(p_as_of + 1)) AS recent,
           count(*) FILTER (WHERE i.status = 'FAILED'
                              AND i.created_at >= app.jakarta_day_start(p_as_of - 29) AND i.created_at < app.jakarta_day_start(p_as_of + 1)) AS failed,
           count(*) FILTER (WHERE i.status NOT IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')) AS open
      FROM app.imports i
  )
  SELECT jsonb_build_object(
           'imports_recent', app.dash_number('imports_recent', 'count', to_jsonb(c.recent),
             app.dash_drill('imports', app.dash_q('created_from', (p_as_of - 29)::text, 'created_to', p_as_of::text))),
           'imports_failed', app.dash_number('imports_failed', 'count', to_jsonb(c.failed),
             app.dash_drill('imports', app.dash_q('status', 'FAILED', 'created_from', (p_as_of - 29)::text, 'created_to', p_as_of::text))),
           'imports_open', app.dash_number('imports_open', 'count', to_jsonb(c.open),
             app.dash_drill('imports', app.dash_q('open', 'true'))))
    FROM c
$$;
COMMENT ON FUNCTION app.dash_imports(date) IS
  'Imports the caller may see: created in the 30 days up to as_of, of those FAILED, and those not finished now (UPLOADED/STAGED/PROCESSING).';

-- ---------------------------------------------------------------- stuck ---
CREATE FUNCTION app.dash_stuck_leads() RETURNS jsonb
LANGUAGE sql STABLE
AS $$ SELECT app.dash_stuck('stale_leads', 'lead', (SELECT count(*) FROM app.v_leads_stale), app.dash_drill('leads', app.dash_q('stale', 'true'))) $$;

CREATE FUNCTION app.dash_stuck_prospects(p_assigned boolean) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_stuck('stale_prospects', 'prospect',
           (SELECT count(*) FROM app.v_prospects_stale v WHERE NOT p_assigned OR v.owner_user_id IS NOT NULL),
           app.dash_drill('prospects', app.dash_q('stale', 'true', 'assigned', CASE WHEN p_assigned THEN 'true' END)))
$$;

-- As GET /api/tickets?stale=true[&queue=true] lists them: visible stale
-- tickets, for ops without masked RFQs (never listed on the ticket routes).
CREATE FUNCTION app.dash_stuck_tickets(p_queue boolean) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_stuck('stale_tickets', 'ticket',
           (SELECT count(*) FROM app.v_tickets_stale v
             WHERE (NOT p_queue OR v.dept_target = (SELECT app.current_dept()))
               AND NOT ((SELECT app.current_role()) = 'ops' AND v.ticket_type = 'inquiry_tariff' AND v.need_customer_masking)),
           app.dash_drill('tickets', app.dash_q('stale', 'true', 'queue', CASE WHEN p_queue THEN 'true' END)))
$$;

CREATE FUNCTION app.dash_stuck_imports() RETURNS jsonb
LANGUAGE sql STABLE
AS $$ SELECT app.dash_stuck('stale_imports', 'import', (SELECT count(*) FROM app.v_imports_stale), app.dash_drill('imports', app.dash_q('stale', 'true'))) $$;

COMMENT ON FUNCTION app.dash_stuck_leads() IS 'Stuck item: stale leads (v_leads_stale) the caller can see.';
COMMENT ON FUNCTION app.dash_stuck_prospects(boolean) IS 'Stuck item: stale prospects (v_prospects_stale) the caller can see; p_assigned leaves the unassigned pool out.';
COMMENT ON FUNCTION app.dash_stuck_tickets(boolean) IS 'Stuck item: stale tickets (v_tickets_stale) the caller can see through the ticket routes; p_queue = only their department''s.';
COMMENT ON FUNCTION app.dash_stuck_imports() IS 'Stuck item: imports not finished and not progressing (v_imports_stale) the caller can see.';

GRANT EXECUTE ON FUNCTION app.dash_ar(date), app.dash_overdue_customers(date), app.dash_revenue(date, date), app.dash_collected(date, date), app.dash_aging_chart(date),
  app.dash_dso_trend(date), app.dash_leads(date, date), app.dash_spend(date, date), app.dash_lead_funnel(date, date), app.dash_pipeline(),
  app.dash_activities(date, date), app.dash_sla_compliance(date, date), app.dash_first_response_trend(date, date, text), app.dash_queue(),
  app.dash_ops_rfqs(), app.dash_kpi_month(date), app.dash_kpi_avg(uuid, date, text, text), app.dash_kpi_people_chart(text, uuid[], date),
  app.dash_kpi_value(text, text, uuid, date, text), app.dash_imports(date),
  app.dash_stuck_leads(), app.dash_stuck_prospects(boolean), app.dash_stuck_tickets(boolean), app.dash_stuck_imports()
TO authenticated;

-- ============================================================ role homes ===

CREATE FUNCTION app.dashboard_director(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_from  date := date_trunc('month', p_as_of)::date;
  v_ar    jsonb := app.dash_ar(p_as_of);
  v_leads jsonb := app.dash_leads(v_from, p_as_of);
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      app.dash_revenue(v_from, p_as_of), v_ar -> 'ar_outstanding', v_ar -> 'overdue_pct', v_ar -> 'dso_30',
      v_leads -> 'leads_mtd', app.dash_sla_compliance(v_from, p_as_of)),
    'charts', jsonb_build_array(
      app.dash_dso_trend(p_as_of),
      v_leads -> 'leads_by_channel',
      app.dash_lead_funnel(p_as_of - 89, p_as_of),
      app.dash_first_response_trend(p_as_of - 29, p_as_of, NULL),
      app.dash_kpi_people_chart('kpi_by_team',
        ARRAY(SELECT a.user_id FROM app.kpi_assignees('progress') a WHERE a.role IN ('sales_manager', 'marketing_manager')), p_as_of)),
    'stuck', jsonb_build_array(
      app.dash_stuck_leads(), app.dash_stuck_prospects(false), app.dash_stuck_tickets(false), app.dash_stuck_imports()));
END $$;
COMMENT ON FUNCTION app.dashboard_director(date) IS
  'Director home: revenue, AR outstanding, overdue %, DSO, leads, first-response SLA compliance; DSO trend, leads by channel, lead funnel (90 days), first-response trend, KPI achievement by team; stuck leads, prospects, tickets, imports.';

CREATE FUNCTION app.dashboard_super_admin(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_home jsonb := app.dashboard_director(p_as_of);
  v_imp  jsonb := app.dash_imports(p_as_of);
BEGIN
  RETURN jsonb_set(v_home, '{numbers}', (v_home -> 'numbers') || jsonb_build_array(v_imp -> 'imports_failed', v_imp -> 'imports_open'));
END $$;
COMMENT ON FUNCTION app.dashboard_super_admin(date) IS 'super_admin home: the director''s plus system items (failed imports of the last 30 days, unfinished imports).';

CREATE FUNCTION app.dashboard_marketing(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_from  date := date_trunc('month', p_as_of)::date;
  v_leads jsonb := app.dash_leads(v_from, p_as_of);
  v_spend jsonb := app.dash_spend(v_from, p_as_of);
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      v_leads -> 'leads_mtd', v_leads -> 'qualified_rate', v_spend -> 'spend_mtd',
      app.dash_ratio('cpl_mtd', 'idr', v_spend -> 'spend_mtd', v_leads -> 'leads_mtd', 1, 2, 'No leads in the period: cost per lead is not computable')),
    'charts', jsonb_build_array(v_leads -> 'leads_by_channel', v_spend -> 'spend_by_channel'),
    'stuck', jsonb_build_array(app.dash_stuck_leads()));
END $$;
COMMENT ON FUNCTION app.dashboard_marketing(date) IS
  'Marketing home (manager: all marketing data; staff: own leads and spend by RLS): leads, qualified rate, spend, cost per lead; leads and spend by channel; stuck leads.';

CREATE FUNCTION app.dashboard_sales_manager(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_from date := date_trunc('month', p_as_of)::date;
  v_pipe jsonb := app.dash_pipeline();
  v_ar   jsonb := app.dash_ar(p_as_of);
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      v_pipe -> 'pipeline_open', app.dash_activities(v_from, p_as_of), app.dash_revenue(v_from, p_as_of),
      v_ar -> 'ar_outstanding', v_ar -> 'ar_overdue'),
    'charts', jsonb_build_array(
      v_pipe -> 'pipeline_by_stage',
      app.dash_kpi_people_chart('kpi_by_member', ARRAY(SELECT a.user_id FROM app.kpi_assignees('progress') a), p_as_of)),
    'stuck', jsonb_build_array(app.dash_stuck_prospects(true), app.dash_stuck_leads()));
END $$;
COMMENT ON FUNCTION app.dashboard_sales_manager(date) IS
  'Sales manager home (team scope by RLS): open pipeline, activities, revenue, team AR outstanding and overdue; pipeline by stage, KPI achievement per member; stuck prospects and leads.';

CREATE FUNCTION app.dashboard_salesperson(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_from date := date_trunc('month', p_as_of)::date;
  v_pipe jsonb := app.dash_pipeline();
  v_ar   jsonb := app.dash_ar(p_as_of);
  v_kpi  jsonb := app.dash_kpi_self(auth.uid(), p_as_of);
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      v_pipe -> 'pipeline_open', app.dash_activities(v_from, p_as_of), v_ar -> 'ar_outstanding', v_ar -> 'ar_overdue',
      v_kpi -> 'kpi_achievement'),
    'charts', jsonb_build_array(v_pipe -> 'pipeline_by_stage', v_kpi -> 'kpi_progress'),
    'stuck', jsonb_build_array(app.dash_stuck_prospects(true), app.dash_stuck_tickets(false)));
END $$;
COMMENT ON FUNCTION app.dashboard_salesperson(date) IS
  'Salesperson home (own scope by RLS): my pipeline, activities, AR outstanding and overdue, KPI achievement; pipeline by stage, KPI per metric; my stale prospects and tickets.';

CREATE FUNCTION app.dashboard_ops(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_q    jsonb := app.dash_queue();
  v_rfq  jsonb := app.dash_ops_rfqs();
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      v_q -> 'queue_open', v_q -> 'queue_at_risk', v_q -> 'queue_breached',
      v_rfq -> 'rfq_open', v_rfq -> 'rfq_at_risk', v_rfq -> 'rfq_breached',
      app.dash_kpi_value('rfq_turnaround_hours', 'hours', auth.uid(), p_as_of, 'OPS_RFQ_TURNAROUND_HOURS')),
    'charts', jsonb_build_array(
      v_q -> 'queue_by_status',
      app.dash_first_response_trend(p_as_of - 29, p_as_of, (SELECT app.current_dept()))),
    'stuck', jsonb_build_array(app.dash_stuck_tickets(true)));
END $$;
COMMENT ON FUNCTION app.dashboard_ops(date) IS
  'Operations home (own department, no CRM/AR): ticket queue open / at risk / breached, masked RFQ queue open / at risk / breached, RFQ turnaround (KPI); queue by status, first-response trend; stale tickets of the queue.';

CREATE FUNCTION app.dashboard_finance(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_from date := date_trunc('month', p_as_of)::date;
  v_ar   jsonb := app.dash_ar(p_as_of);
  v_imp  jsonb := app.dash_imports(p_as_of);
BEGIN
  RETURN jsonb_build_object(
    'numbers', jsonb_build_array(
      v_ar -> 'ar_outstanding', v_ar -> 'ar_overdue', v_ar -> 'overdue_pct', v_ar -> 'dso_30',
      app.dash_collected(v_from, p_as_of), app.dash_overdue_customers(p_as_of), v_imp -> 'imports_recent'),
    'charts', jsonb_build_array(app.dash_aging_chart(p_as_of), app.dash_dso_trend(p_as_of)),
    'stuck', jsonb_build_array(app.dash_stuck_imports(), app.dash_stuck_tickets(true)));
END $$;
COMMENT ON FUNCTION app.dashboard_finance(date) IS
  'Finance home: AR outstanding, overdue, overdue %, DSO, collected, overdue customers, recent imports; aging buckets, DSO trend; stuck imports and FIN-queue tickets.';

GRANT EXECUTE ON FUNCTION app.dashboard_director(date), app.dashboard_super_admin(date), app.dashboard_marketing(date),
  app.dashboard_sales_manager(date), app.dashboard_salesperson(date), app.dashboard_ops(date), app.dashboard_finance(date)
TO authenticated;

-- ============================================================= dispatcher ===
CREATE FUNCTION app.dashboard_summary(p_as_of date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_role  app.user_role := app.current_role();
  v_today date := app.today_jakarta();
  v_as_of date := coalesce(p_as_of, v_today);
  v_kpi   record;
  v_body  jsonb;
BEGIN
  IF v_role IS NULL THEN
    PERFORM app.raise_error('BC401', 'Not signed in');
  END IF;
  IF v_as_of > v_today THEN
    PERFORM app.raise_error('BC422', 'as_of must not be in the future',
      '{"errors":[{"field":"as_of","message":"must not be in the future"}]}'::jsonb);
  END IF;
  IF v_as_of < date '2000-01-01' THEN
    PERFORM app.raise_error('BC422', 'as_of is too far in the past',
      '{"errors":[{"field":"as_of","message":"must be 2000-01-01 or later"}]}'::jsonb);
  END IF;
  SELECT * INTO v_kpi FROM app.dash_kpi_month(v_as_of);
  v_body := CASE v_role
    WHEN 'super_admin' THEN app.dashboard_super_admin(v_as_of)
    WHEN 'director' THEN app.dashboard_director(v_as_of)
    WHEN 'marketing_manager' THEN app.dashboard_marketing(v_as_of)
    WHEN 'marketing_staff' THEN app.dashboard_marketing(v_as_of)
    WHEN 'sales_manager' THEN app.dashboard_sales_manager(v_as_of)
    WHEN 'salesperson' THEN app.dashboard_salesperson(v_as_of)
    WHEN 'ops' THEN app.dashboard_ops(v_as_of)
    WHEN 'finance' THEN app.dashboard_finance(v_as_of)
  END;
  RETURN jsonb_build_object(
           'role', v_role,
           'as_of', v_as_of,
           'period', jsonb_build_object('from', date_trunc('month', v_as_of)::date, 'to', v_as_of),
           'kpi_period', jsonb_build_object('from', v_kpi.period_start, 'to', v_kpi.period_end),
           'generated_at', now())
         || v_body;
END $$;
COMMENT ON FUNCTION app.dashboard_summary(date) IS
  'The caller''s command-center home as of a day (default today, Asia/Jakarta; never in the future): {role, as_of, period (month to date), kpi_period, numbers[], charts[], stuck[]}, every number with the drill-down that lists its rows. Dispatches on app.current_role(); security invoker, so every figure is computed under the caller''s RLS.';
GRANT EXECUTE ON FUNCTION app.dashboard_summary(date) TO authenticated;
