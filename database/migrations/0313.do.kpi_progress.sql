-- =============================================================================
-- 0313 kpi: ticket-based metrics (operations, quotations), the dispatcher
-- app.kpi_actual(), app.kpi_progress() and app.kpi_assignees().
-- The ticket metrics read what the ticketing triggers store (0200/0202):
-- tickets.first_response_business_minutes, the stored first-response due time
-- through app.ticket_sla(), and sla_events STATUS_CHANGE {to: QUOTED}.
-- =============================================================================

-- ------------------------------------------------------- AUTO: operations ---
CREATE FUNCTION app.kpi_ops_first_response_median_hours(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dept   text;
  v_median numeric;
  v_n      bigint;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  v_dept := app.kpi_assignee_department(p_assignee);
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(t.first_response_business_minutes, app.business_minutes(t.created_at, t.first_response_at))),
         count(*)
    INTO v_median, v_n
    FROM app.tickets t
   WHERE t.dept_target = v_dept AND t.first_response_at IS NOT NULL
     AND t.created_at >= app.jakarta_day_start(p_from) AND t.created_at < app.jakarta_day_start(p_to + 1);
  IF v_n = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'no_first_responses'::text, 'No ticket created in the period has a first response yet'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(v_median / 60, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_ops_first_response_median_hours(uuid, date, date, text) IS
  'OPS_FIRST_RESPONSE_MEDIAN_HOURS: median business-hours first response of the tickets targeted at the assignee''s department created in the period (2 decimals); NA (no_first_responses) when none has one.';

CREATE FUNCTION app.kpi_ops_rfq_turnaround_hours(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dept   text;
  v_median numeric;
  v_n      bigint;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  v_dept := app.kpi_assignee_department(p_assignee);
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY app.business_minutes(t.created_at, e.occurred_at)), count(*)
    INTO v_median, v_n
    FROM app.sla_events e
    JOIN app.tickets t ON t.ticket_id = e.ticket_id
   WHERE e.event_type = 'STATUS_CHANGE' AND e.metadata ->> 'to' = 'QUOTED'
     AND e.occurred_at >= app.jakarta_day_start(p_from) AND e.occurred_at < app.jakarta_day_start(p_to + 1)
     AND t.ticket_type = 'inquiry_tariff' AND t.dept_target = v_dept;
  IF v_n = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'no_quoted_rfqs'::text, 'No RFQ of the department was quoted in the period'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(v_median / 60, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_ops_rfq_turnaround_hours(uuid, date, date, text) IS
  'OPS_RFQ_TURNAROUND_HOURS: median business hours from creation (OPEN) to QUOTED of the department''s RFQs quoted in the period; NA (no_quoted_rfqs) when none.';

CREATE FUNCTION app.kpi_ops_sla_compliance_pct(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dept text;
  v_met  bigint;
  v_n    bigint;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  v_dept := app.kpi_assignee_department(p_assignee);
  -- A ticket counts once its outcome is known: answered, no longer open, or
  -- already past its due time. Open tickets still inside the target wait.
  SELECT count(*) FILTER (WHERE NOT s.first_response_breached), count(*)
    INTO v_met, v_n
    FROM app.tickets t
   CROSS JOIN LATERAL app.ticket_sla(t) s
   WHERE t.dept_target = v_dept AND t.first_response_due_at IS NOT NULL
     AND t.created_at >= app.jakarta_day_start(p_from) AND t.created_at < app.jakarta_day_start(p_to + 1)
     AND (t.first_response_at IS NOT NULL OR NOT s.is_open OR s.first_response_breached);
  IF v_n = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'no_sla_targets'::text, 'No ticket of the period with a first-response target has a known outcome yet'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(100.0 * v_met / v_n, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_ops_sla_compliance_pct(uuid, date, date, text) IS
  'OPS_SLA_COMPLIANCE_PCT: tickets of the department created in the period that met their first-response target ÷ those with a target whose outcome is known (answered, closed, or past due) × 100; NA (no_sla_targets) when none.';

CREATE FUNCTION app.kpi_sal_quotations(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(DISTINCT t.ticket_id)::numeric, NULL::text, NULL::text
    FROM app.sla_events e
    JOIN app.tickets t ON t.ticket_id = e.ticket_id
   WHERE e.event_type = 'STATUS_CHANGE' AND e.metadata ->> 'to' = 'QUOTED'
     AND e.occurred_at >= app.jakarta_day_start(p_from) AND e.occurred_at < app.jakarta_day_start(p_to + 1)
     AND t.ticket_type = 'inquiry_tariff'
     AND EXISTS (SELECT 1 FROM app.prospects p
                  WHERE p.owner_user_id = ANY (v_ids)
                    AND (p.prospect_id = t.related_prospect_id OR p.customer_id = t.related_customer_id));
END $$;
COMMENT ON FUNCTION app.kpi_sal_quotations(uuid, date, date, text) IS
  'SAL_QUOTATIONS: inquiry tickets related to the scope''s prospects (or their customers) that reached QUOTED in the period, each once.';

ALTER FUNCTION app.kpi_ops_first_response_median_hours(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_ops_rfq_turnaround_hours(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_ops_sla_compliance_pct(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_quotations(uuid, date, date, text) OWNER TO bcc_definer;
GRANT EXECUTE ON FUNCTION app.kpi_ops_first_response_median_hours(uuid, date, date, text),
  app.kpi_ops_rfq_turnaround_hours(uuid, date, date, text), app.kpi_ops_sla_compliance_pct(uuid, date, date, text),
  app.kpi_sal_quotations(uuid, date, date, text) TO authenticated;

-- ------------------------------------------------------------- dispatcher ---
CREATE FUNCTION app.kpi_actual(p_metric_key text, p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_def app.kpi_metric_definitions;
BEGIN
  SELECT * INTO v_def FROM app.kpi_metric_definitions d WHERE d.metric_key = p_metric_key;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Unknown metric');
  END IF;
  IF p_channel IS NOT NULL AND NOT v_def.supports_channel THEN
    PERFORM app.raise_error('BC422', format('%s cannot be filtered by channel', p_metric_key),
      '{"errors":[{"field":"channel","message":"is not supported by this metric"}]}');
  END IF;
  IF v_def.source <> 'AUTO' THEN
    RETURN QUERY SELECT * FROM app.kpi_entries_sum(p_metric_key, p_assignee, p_from, p_to);
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format('SELECT * FROM app.%I($1, $2, $3, $4)', 'kpi_' || lower(p_metric_key))
    USING p_assignee, p_from, p_to, p_channel;
END $$;
ALTER FUNCTION app.kpi_actual(text, uuid, date, date, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_actual(text, uuid, date, date, text) IS
  'The actual of one metric for (assignee, period): AUTO metric K is computed by app.kpi_<lower(K)>(), MANUAL/IMPORTED by app.kpi_entries_sum(). actual_value NULL = NA with na_code/na_reason. Every path re-checks the caller''s right to read the assignee (BC404).';

-- ---------------------------------------------------------------- progress ---
CREATE FUNCTION app.kpi_progress(p_assignee uuid, p_period_start date, p_period_end date)
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
         t.target_id, t.target_value, a.actual_value,
         app.kpi_achievement(d.direction, t.target_value, a.actual_value),
         CASE WHEN a.actual_value IS NULL THEN 'NA' ELSE 'OK' END,
         a.na_code, a.na_reason
    FROM app.kpi_metric_definitions d
   CROSS JOIN LATERAL app.kpi_actual(d.metric_key, p_assignee, p_period_start, p_period_end, NULL) a
    LEFT JOIN app.kpi_targets t
           ON t.metric_key = d.metric_key AND t.assignee_user_id = p_assignee
          AND t.period_start = p_period_start AND t.period_end = p_period_end
   WHERE d.department = v_family AND d.is_active
   ORDER BY d.sort_order, d.metric_key;
END $$;
ALTER FUNCTION app.kpi_progress(uuid, date, date) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_progress(uuid, date, date) IS
  'KPI progress of one person over [period_start, period_end]: every active metric of their department with the target set for exactly that period (or NULL), the actual (self + team for a manager), achievement_pct (app.kpi_achievement) and status OK|NA with na_code/na_reason describing the actual. Callable for self, by a manager for the team, by director and super_admin for everyone; BC404 otherwise. Computed live from the tables: committed writes show immediately.';

-- --------------------------------------------------------------- assignees ---
CREATE FUNCTION app.kpi_assignees(p_purpose text DEFAULT 'progress')
RETURNS TABLE (user_id uuid, full_name text, role app.user_role, dept_code text, department text, is_self boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.user_id, p.full_name, p.role, p.dept_code, app.kpi_department_of(p.dept_code), p.user_id = auth.uid()
    FROM app.profiles p
   WHERE p.is_active AND app.current_role() IS NOT NULL
     AND CASE p_purpose
       WHEN 'targets' THEN
         CASE app.current_role()
           WHEN 'super_admin' THEN app.kpi_department_of(p.dept_code) IS NOT NULL
           WHEN 'marketing_manager' THEN (p.user_id = auth.uid() OR p.manager_user_id = auth.uid()) AND app.kpi_department_of(p.dept_code) = 'MKT'
           WHEN 'sales_manager' THEN (p.user_id = auth.uid() OR p.manager_user_id = auth.uid()) AND app.kpi_department_of(p.dept_code) = 'SAL'
           ELSE false
         END
       ELSE
         p.user_id = auth.uid()
         OR app.current_role() IN ('super_admin', 'director')
         OR (app.current_role() IN ('sales_manager', 'marketing_manager') AND p.manager_user_id = auth.uid())
     END
   ORDER BY (p.user_id = auth.uid()) DESC, p.full_name, p.user_id
$$;
ALTER FUNCTION app.kpi_assignees(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_assignees(text) IS
  'People the caller may pick: purpose targets = whom they may set targets for (super_admin: everyone in a KPI department; marketing/sales manager: self and team in their department; others: nobody); purpose progress = whose progress they may read (self; managers their team; director and super_admin everyone). Active users only, self first. Returns directory fields and the KPI department family.';

GRANT EXECUTE ON FUNCTION app.kpi_actual(text, uuid, date, date, text), app.kpi_progress(uuid, date, date),
  app.kpi_assignees(text) TO authenticated;
