-- =============================================================================
-- 0762 perf (P2): the homes' KPI numbers compute the actuals of the metrics
-- that have a target only.
--
-- The director's "KPI by team" chart and every person's KPI achievement are
-- the mean achievement_pct of app.kpi_progress, and achievement_pct is NULL
-- without a target (app.kpi_achievement). kpi_progress computes the actual of
-- every active metric of the department (8 sales metrics), so the home paid
-- for six actuals per manager that it then averaged away (at scale 1 each
-- manager has 2 targets a month). app.kpi_progress_rows(…, p_with_target_only)
-- holds the body of kpi_progress (unchanged: same scope check, same columns,
-- same order) and, when asked, drops the metrics without a target before their
-- actual is computed. kpi_progress (GET /api/kpi/progress) is that function
-- with false; dash_kpi_avg and dash_kpi_self call it with true. Same numbers.
-- =============================================================================

CREATE FUNCTION app.kpi_progress_rows(p_assignee uuid, p_period_start date, p_period_end date, p_with_target_only boolean)
RETURNS TABLE (metric_key text, name text, name_en text, department text, unit text, source text, direction text,
               aggregation text, supports_channel boolean, target_id uuid, target_value numeric, actual_value numeric,
               achievement_pct numeric, status text, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_family text;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_period_start, p_period_end);
  v_family := app.kpi_department_of(app.kpi_assignee_department(p_assignee));
  RETURN QUERY
  SELECT d.metric_key, d.name, d.name_en, d.department, d.unit, d.source, d.direction, d.aggregation, d.supports_channel,
         d.target_id, d.target_value, a.actual_value,
         app.kpi_achievement(d.direction, d.target_value, a.actual_value),
         CASE WHEN a.actual_value IS NULL THEN 'NA' ELSE 'OK' END,
         a.na_code, a.na_reason
    FROM (
      -- The metrics (and their targets) first, behind a fence: the actual below
      -- is computed for the rows that remain only.
      SELECT m.metric_key, m.name, m.name_en, m.department, m.unit, m.source, m.direction, m.aggregation,
             m.supports_channel, m.sort_order, t.target_id, t.target_value
        FROM app.kpi_metric_definitions m
        LEFT JOIN app.kpi_targets t
               ON t.metric_key = m.metric_key AND t.assignee_user_id = p_assignee
              AND t.period_start = p_period_start AND t.period_end = p_period_end
       WHERE m.department = v_family AND m.is_active
         AND (NOT p_with_target_only OR t.target_id IS NOT NULL)
      OFFSET 0) d
   CROSS JOIN LATERAL app.kpi_actual(d.metric_key, p_assignee, p_period_start, p_period_end, NULL) a
   ORDER BY d.sort_order, d.metric_key;
END $$;
ALTER FUNCTION app.kpi_progress_rows(uuid, date, date, boolean) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_progress_rows(uuid, date, date, boolean) IS
  'The rows of app.kpi_progress (same scope check, columns and order); with p_with_target_only, only the metrics that have a target for exactly that period, whose actual alone is then computed (the homes'' mean achievement). Callable for self, by a manager for the team, by director and super_admin for everyone; BC404 otherwise.';
GRANT EXECUTE ON FUNCTION app.kpi_progress_rows(uuid, date, date, boolean) TO authenticated;

CREATE OR REPLACE FUNCTION app.kpi_progress(p_assignee uuid, p_period_start date, p_period_end date)
RETURNS TABLE (metric_key text, name text, name_en text, department text, unit text, source text, direction text,
               aggregation text, supports_channel boolean, target_id uuid, target_value numeric, actual_value numeric,
               achievement_pct numeric, status text, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT * FROM app.kpi_progress_rows(p_assignee, p_period_start, p_period_end, false);
END $$;

CREATE OR REPLACE FUNCTION app.dash_kpi_avg(p_user uuid, p_as_of date, p_key text, p_name text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH m AS (SELECT * FROM app.dash_kpi_month(p_as_of)),
  a AS (
    SELECT round(avg(k.achievement_pct), 1) AS v
      FROM m, app.kpi_progress_rows(p_user, m.period_start, m.period_end, true) k
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

CREATE OR REPLACE FUNCTION app.dash_kpi_self(p_user uuid, p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH m AS (SELECT * FROM app.dash_kpi_month(p_as_of)),
  k AS MATERIALIZED (
    SELECT k.*, k.ordinality AS ord FROM m, app.kpi_progress_rows(p_user, m.period_start, m.period_end, true) WITH ORDINALITY k
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
