-- =============================================================================
-- 0312 kpi: rules, scope, the actual of every metric, progress
--   * write rules for targets (who may set what for whom, BC403; department
--     match, duplicate/overlap named as BC409) and entries (AUTO refuses
--     entries, BC422), evidence attachment, audit triggers;
--   * scope: who may read whose progress (self; managers their team;
--     director and super_admin everyone) — app.kpi_scope() raises BC404
--     otherwise; for a manager the scope of every metric is self + team,
--     each source row counted once (EXISTS / = ANY, never a join that fans out);
--   * one function per AUTO metric, app.kpi_entries_sum() for MANUAL and
--     IMPORTED, the dispatcher app.kpi_actual() and app.kpi_progress().
--   A value that cannot be computed is NULL with na_code/na_reason — never 0,
--   never a guess. Everything reads live tables: progress reflects committed
--   writes immediately.
-- The metric functions are SECURITY DEFINER (they aggregate rows the caller
-- may not read one by one, e.g. masked RFQs of an ops department) and each
-- starts with app.kpi_scope(), which re-checks the caller's right to read the
-- assignee's progress.
-- =============================================================================

-- ------------------------------------------------------------- helpers ---
CREATE FUNCTION app.jakarta_day_start(p_day date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (p_day::timestamp AT TIME ZONE 'Asia/Jakarta') $$;
COMMENT ON FUNCTION app.jakarta_day_start(date) IS
  'The instant an Asia/Jakarta calendar day starts: a period [a, b] of timestamps is [jakarta_day_start(a), jakarta_day_start(b + 1)), which keeps indexes usable.';

CREATE FUNCTION app.kpi_department_of(p_dept_code text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN p_dept_code IN ('MKT', 'SAL', 'FIN') THEN p_dept_code
              WHEN EXISTS (SELECT 1 FROM app.departments d WHERE d.dept_code = p_dept_code AND d.is_ops) THEN 'OPS' END
$$;
ALTER FUNCTION app.kpi_department_of(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_department_of(text) IS
  'The KPI department family of a department: MKT, SAL, FIN as such, every operations department (is_ops) → OPS, anything else (DIR) → NULL (no metrics). Reads reference data only.';

CREATE FUNCTION app.kpi_achievement(p_direction text, p_target numeric, p_actual numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_target IS NULL OR p_actual IS NULL THEN NULL
    WHEN p_direction = 'lower_is_better' THEN CASE WHEN p_actual = 0 THEN NULL ELSE round(p_target / p_actual * 100, 2) END
    ELSE CASE WHEN p_target = 0 THEN NULL ELSE round(p_actual / p_target * 100, 2) END
  END
$$;
COMMENT ON FUNCTION app.kpi_achievement(text, numeric, numeric) IS
  'metrics.md achievement_pct: actual ÷ target × 100 (higher_is_better), target ÷ actual × 100 (lower_is_better); NULL (NA) without a target or actual, or when the divisor is 0. 2 decimals.';

CREATE FUNCTION app.kpi_check_period(p_from date, p_to date) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_from IS NULL OR p_to IS NULL THEN
    PERFORM app.raise_error('BC422', 'A period needs a start and an end',
      '{"errors":[{"field":"period_start","message":"is required"},{"field":"period_end","message":"is required"}]}');
  END IF;
  IF p_to < p_from THEN
    PERFORM app.raise_error('BC422', 'The period ends before it starts',
      '{"errors":[{"field":"period_end","message":"must be on or after period_start"}]}');
  END IF;
  IF p_to - p_from > 365 THEN
    PERFORM app.raise_error('BC422', 'A KPI period is at most one year',
      '{"errors":[{"field":"period_end","message":"must be at most one year after period_start"}]}');
  END IF;
END $$;
COMMENT ON FUNCTION app.kpi_check_period(date, date) IS 'BC422 unless [p_from, p_to] is a valid KPI period (both given, end >= start, at most a year).';

GRANT EXECUTE ON FUNCTION app.jakarta_day_start(date), app.kpi_department_of(text), app.kpi_achievement(text, numeric, numeric),
  app.kpi_check_period(date, date) TO authenticated, bcc_definer;

-- ------------------------------------------------------ who reads whom ---
CREATE FUNCTION app.kpi_can_read_person(p_assignee uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE
    WHEN auth.uid() IS NULL THEN true                      -- system code (seed, tests as superuser)
    WHEN app.current_role() IS NULL THEN false             -- deactivated caller
    WHEN p_assignee = auth.uid() THEN true
    WHEN app.current_role() IN ('super_admin', 'director') THEN true
    WHEN app.current_role() IN ('sales_manager', 'marketing_manager')
      THEN EXISTS (SELECT 1 FROM app.profiles t WHERE t.user_id = p_assignee AND t.manager_user_id = auth.uid())
    ELSE false
  END
$$;
ALTER FUNCTION app.kpi_can_read_person(uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_can_read_person(uuid) IS
  'May the caller read the KPI progress of p_assignee? Self; a sales or marketing manager their team members; director and super_admin everyone.';

CREATE FUNCTION app.kpi_scope(p_assignee uuid, p_from date, p_to date) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ids uuid[];
BEGIN
  IF p_assignee IS NULL OR NOT app.kpi_can_read_person(p_assignee)
     OR NOT EXISTS (SELECT 1 FROM app.profiles p WHERE p.user_id = p_assignee) THEN
    PERFORM app.raise_error('BC404', 'Person not found');
  END IF;
  PERFORM app.kpi_check_period(p_from, p_to);
  SELECT array_agg(x.user_id ORDER BY x.user_id) INTO v_ids FROM (
    SELECT p_assignee AS user_id
    UNION
    SELECT t.user_id FROM app.profiles t WHERE t.manager_user_id = p_assignee
  ) x;
  RETURN v_ids;
END $$;
ALTER FUNCTION app.kpi_scope(uuid, date, date) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_scope(uuid, date, date) IS
  'Guard and scope of every KPI computation: BC404 unless the caller may read p_assignee''s progress, BC422 for an invalid period; returns the people whose rows count — the assignee plus, for a manager, every profile whose manager_user_id is the assignee (self + team).';

CREATE FUNCTION app.kpi_assignee_department(p_assignee uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT p.dept_code FROM app.profiles p WHERE p.user_id = p_assignee $$;
ALTER FUNCTION app.kpi_assignee_department(uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_assignee_department(uuid) IS 'Department code of a person, for department-scoped metrics (OPS). Called after app.kpi_scope() checked the right to read.';

GRANT EXECUTE ON FUNCTION app.kpi_can_read_person(uuid), app.kpi_scope(uuid, date, date) TO authenticated;

-- ---------------------------------------------------------- target rules ---
CREATE FUNCTION app.kpi_target_before_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role     app.user_role := app.current_role();
  v_def      app.kpi_metric_definitions;
  v_assignee app.profiles;
  v_other    app.kpi_targets;
  v_errors   jsonb := '[]'::jsonb;
BEGIN
  IF auth.uid() IS NOT NULL AND (v_role IS NULL OR v_role NOT IN ('super_admin', 'marketing_manager', 'sales_manager')) THEN
    PERFORM app.raise_error('BC403', 'Your role may not set KPI targets');
  END IF;
  SELECT * INTO v_def FROM app.kpi_metric_definitions d WHERE d.metric_key = NEW.metric_key;
  IF NOT FOUND THEN
    v_errors := v_errors || '{"field":"metric_key","message":"unknown metric"}'::jsonb;
  END IF;
  SELECT * INTO v_assignee FROM app.profiles p WHERE p.user_id = NEW.assignee_user_id;
  IF NOT FOUND THEN
    v_errors := v_errors || '{"field":"assignee_user_id","message":"unknown user"}'::jsonb;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The target has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  -- Managers: their department's metrics, for their own team (self + reports).
  IF auth.uid() IS NOT NULL AND v_role <> 'super_admin' THEN
    IF v_def.department <> (CASE v_role WHEN 'marketing_manager' THEN 'MKT' ELSE 'SAL' END) THEN
      PERFORM app.raise_error('BC403', format('A %s sets targets only for %s metrics', replace(v_role::text, '_', ' '),
        CASE v_role WHEN 'marketing_manager' THEN 'marketing' ELSE 'sales' END));
    END IF;
    IF NOT (v_assignee.user_id = auth.uid() OR v_assignee.manager_user_id IS NOT DISTINCT FROM auth.uid()) THEN
      PERFORM app.raise_error('BC403', 'You may set targets only for yourself and your team');
    END IF;
  END IF;
  IF NOT v_assignee.is_active THEN
    v_errors := v_errors || '{"field":"assignee_user_id","message":"is not an active user"}'::jsonb;
  END IF;
  IF app.kpi_department_of(v_assignee.dept_code) IS DISTINCT FROM v_def.department THEN
    v_errors := v_errors || jsonb_build_object('field', 'metric_key',
      'message', format('is a %s metric; the person works in %s', v_def.department, v_assignee.dept_code));
  END IF;
  IF v_def.unit = 'percent' AND NEW.target_value > 100 THEN
    v_errors := v_errors || '{"field":"target_value","message":"a percentage is at most 100"}'::jsonb;
  END IF;
  IF NEW.period_end < NEW.period_start THEN
    v_errors := v_errors || '{"field":"period_end","message":"must be on or after period_start"}'::jsonb;
  ELSIF NEW.period_end - NEW.period_start > 365 THEN
    v_errors := v_errors || '{"field":"period_end","message":"must be at most one year after period_start"}'::jsonb;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The target has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  -- Name the conflict; the unique key and the exclusion constraint stay the final guard.
  -- Writers of one (metric, assignee) pair queue here, so concurrent inserts of overlapping
  -- periods get the named BC409 instead of racing into the exclusion constraint (where two
  -- in-progress inserts can deadlock on each other's tuples).
  PERFORM pg_advisory_xact_lock(hashtextextended('bcc.kpi_target.' || NEW.metric_key || '.' || NEW.assignee_user_id::text, 0));
  SELECT * INTO v_other FROM app.kpi_targets t
   WHERE t.metric_key = NEW.metric_key AND t.assignee_user_id = NEW.assignee_user_id
     AND t.target_id IS DISTINCT FROM NEW.target_id
     AND daterange(t.period_start, t.period_end, '[]') && daterange(NEW.period_start, NEW.period_end, '[]')
   ORDER BY t.period_start LIMIT 1;
  IF FOUND THEN
    IF v_other.period_start = NEW.period_start AND v_other.period_end = NEW.period_end THEN
      PERFORM app.raise_error('BC409', format('A %s target for this person and period already exists', NEW.metric_key),
        '{"errors":[{"field":"period_start","message":"a target for this period already exists"}]}');
    END IF;
    PERFORM app.raise_error('BC409',
      format('The period overlaps the %s target of %s – %s', NEW.metric_key, v_other.period_start, v_other.period_end),
      jsonb_build_object('errors', jsonb_build_array(jsonb_build_object('field', 'period_start',
        'message', format('overlaps the target of %s – %s', v_other.period_start, v_other.period_end)))));
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.created_at := now();
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
ALTER FUNCTION app.kpi_target_before_write() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_target_before_write() IS
  'BEFORE INSERT/UPDATE on kpi_targets: super_admin sets any target; a marketing manager marketing metrics and a sales manager sales metrics, for themselves and their team (BC403 otherwise; the director and everyone else never); the metric must belong to the assignee''s department and percentages stay <= 100 (BC422); an identical or overlapping period is BC409 naming the existing target. Definer-rights to see the assignee''s profile and every target of the pair.';
CREATE TRIGGER kpi_targets_rules BEFORE INSERT OR UPDATE ON app.kpi_targets FOR EACH ROW EXECUTE FUNCTION app.kpi_target_before_write();
CREATE TRIGGER kpi_targets_audit AFTER INSERT OR UPDATE OR DELETE ON app.kpi_targets FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('target_id');

-- ----------------------------------------------------------- entry rules ---
CREATE FUNCTION app.kpi_entry_before_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role     app.user_role := app.current_role();
  v_def      app.kpi_metric_definitions;
  v_assignee app.profiles;
  v_obj      app.storage_objects;
  v_errors   jsonb := '[]'::jsonb;
BEGIN
  IF auth.uid() IS NOT NULL AND (v_role IS NULL OR v_role = 'director') THEN
    PERFORM app.raise_error('BC403', 'The director reads KPIs but does not enter them');
  END IF;
  NEW.assignee_user_id := coalesce(NEW.assignee_user_id, auth.uid());
  SELECT * INTO v_def FROM app.kpi_metric_definitions d WHERE d.metric_key = NEW.metric_key;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC422', 'Unknown metric', '{"errors":[{"field":"metric_key","message":"unknown metric"}]}');
  END IF;
  IF v_def.source = 'AUTO' THEN
    PERFORM app.raise_error('BC422',
      format('%s is computed automatically from the data and takes no manual entries', v_def.metric_key),
      '{"errors":[{"field":"metric_key","message":"is computed automatically (AUTO) and takes no entries"}]}');
  END IF;
  SELECT * INTO v_assignee FROM app.profiles p WHERE p.user_id = NEW.assignee_user_id;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC422', 'Unknown person', '{"errors":[{"field":"assignee_user_id","message":"unknown user"}]}');
  END IF;
  IF auth.uid() IS NOT NULL AND v_assignee.user_id <> auth.uid() AND v_role <> 'super_admin'
     AND NOT (v_role IN ('marketing_manager', 'sales_manager') AND v_assignee.manager_user_id IS NOT DISTINCT FROM auth.uid()) THEN
    PERFORM app.raise_error('BC403', 'You may enter KPI values only for yourself and your team');
  END IF;
  IF app.kpi_department_of(v_assignee.dept_code) IS DISTINCT FROM v_def.department THEN
    v_errors := v_errors || jsonb_build_object('field', 'metric_key',
      'message', format('is a %s metric; the person works in %s', v_def.department, v_assignee.dept_code));
  END IF;
  IF NEW.entry_date > app.today_jakarta() THEN
    v_errors := v_errors || '{"field":"entry_date","message":"cannot be in the future"}'::jsonb;
  END IF;
  IF NEW.evidence_object_id IS NOT NULL THEN
    SELECT * INTO v_obj FROM app.storage_objects o WHERE o.object_id = NEW.evidence_object_id;
    IF NOT FOUND OR v_obj.bucket <> 'kpi-evidence' OR (auth.uid() IS NOT NULL AND v_obj.uploaded_by <> auth.uid())
       OR (v_obj.owner_table IS NOT NULL AND v_obj.owner_table <> 'kpi_entries') THEN
      v_errors := v_errors || '{"field":"evidence_object_id","message":"must be a file you uploaded to kpi-evidence"}'::jsonb;
    END IF;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The KPI entry has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  NEW.source := CASE WHEN NEW.import_id IS NOT NULL THEN 'IMPORTED' ELSE 'MANUAL' END;
  NEW.created_by := coalesce(auth.uid(), NEW.created_by);
  NEW.created_at := now();
  RETURN NEW;
END $$;
ALTER FUNCTION app.kpi_entry_before_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_entry_before_insert() IS
  'BEFORE INSERT on kpi_entries: an AUTO metric refuses entries (BC422); assignee defaults to the caller; others only for a manager''s own team or by super_admin (BC403), never by the director; metric of the assignee''s department, no future date, evidence only the caller''s kpi-evidence upload (BC422). source is IMPORTED exactly when an import wrote the row.';
CREATE TRIGGER kpi_entries_rules BEFORE INSERT ON app.kpi_entries FOR EACH ROW EXECUTE FUNCTION app.kpi_entry_before_insert();

CREATE FUNCTION app.kpi_entry_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NEW.evidence_object_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.evidence_object_id IS DISTINCT FROM OLD.evidence_object_id) THEN
    UPDATE app.storage_objects SET owner_table = 'kpi_entries', owner_id = NEW.entry_id::text
     WHERE object_id = NEW.evidence_object_id;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.kpi_entry_after_write() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_entry_after_write() IS 'AFTER INSERT/UPDATE on kpi_entries: the evidence file now belongs to the entry (its read policy follows the entry).';
CREATE TRIGGER kpi_entries_after AFTER INSERT OR UPDATE ON app.kpi_entries FOR EACH ROW EXECUTE FUNCTION app.kpi_entry_after_write();
CREATE TRIGGER kpi_entries_audit AFTER INSERT OR UPDATE OR DELETE ON app.kpi_entries FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('entry_id');

CREATE FUNCTION app.kpi_assert_entry_writable(p_entry_id uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role  app.user_role := app.current_role();
  v_entry app.kpi_entries;
  v_mgr   uuid;
BEGIN
  SELECT * INTO v_entry FROM app.kpi_entries e WHERE e.entry_id = p_entry_id;
  IF NOT FOUND OR NOT app.kpi_can_read_person(v_entry.assignee_user_id) THEN
    PERFORM app.raise_error('BC404', 'KPI entry not found');
  END IF;
  SELECT p.manager_user_id INTO v_mgr FROM app.profiles p WHERE p.user_id = v_entry.assignee_user_id;
  IF auth.uid() IS NOT NULL AND NOT (v_role = 'super_admin'
       OR (v_role <> 'director' AND (v_entry.assignee_user_id = auth.uid() OR v_entry.created_by = auth.uid()))
       OR (v_role IN ('marketing_manager', 'sales_manager') AND v_mgr IS NOT DISTINCT FROM auth.uid())) THEN
    PERFORM app.raise_error('BC403', 'You may not change this KPI entry');
  END IF;
END $$;
ALTER FUNCTION app.kpi_assert_entry_writable(uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_assert_entry_writable(uuid) IS
  'BC404 when the caller cannot see the entry, BC403 when they see it but may not change it (the assignee, its author, the assignee''s manager and super_admin may). Called before an evidence upload stores any bytes.';

CREATE FUNCTION app.kpi_attach_evidence(p_entry_id uuid, p_object_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_obj app.storage_objects;
BEGIN
  PERFORM app.kpi_assert_entry_writable(p_entry_id);
  SELECT * INTO v_obj FROM app.storage_objects o WHERE o.object_id = p_object_id;
  IF NOT FOUND OR v_obj.bucket <> 'kpi-evidence' OR (auth.uid() IS NOT NULL AND v_obj.uploaded_by <> auth.uid())
     OR (v_obj.owner_table IS NOT NULL AND (v_obj.owner_table <> 'kpi_entries' OR v_obj.owner_id <> p_entry_id::text)) THEN
    PERFORM app.raise_error('BC422', 'The evidence must be a file you uploaded to kpi-evidence',
      '{"errors":[{"field":"file","message":"must be your upload to kpi-evidence"}]}');
  END IF;
  UPDATE app.kpi_entries SET evidence_object_id = p_object_id WHERE entry_id = p_entry_id;
END $$;
ALTER FUNCTION app.kpi_attach_evidence(uuid, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.kpi_attach_evidence(uuid, uuid) IS
  'Attaches (or replaces) the evidence file of a KPI entry: the caller must be allowed to change the entry and own the kpi-evidence upload. The audit log records the change under the caller.';

GRANT EXECUTE ON FUNCTION app.kpi_assert_entry_writable(uuid), app.kpi_attach_evidence(uuid, uuid) TO authenticated;

-- ------------------------------------------------------ AUTO: marketing ---
CREATE FUNCTION app.kpi_mkt_leads(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM app.leads l
   WHERE l.created_by = ANY (v_ids)
     AND l.created_at >= app.jakarta_day_start(p_from) AND l.created_at < app.jakarta_day_start(p_to + 1)
     AND (p_channel IS NULL OR l.source_channel::text = p_channel);
END $$;
COMMENT ON FUNCTION app.kpi_mkt_leads(uuid, date, date, text) IS 'MKT_LEADS: leads created by the scope in the period (optionally one channel).';

CREATE FUNCTION app.kpi_mkt_qualified_leads(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM app.leads l
   WHERE l.created_by = ANY (v_ids)
     AND l.created_at >= app.jakarta_day_start(p_from) AND l.created_at < app.jakarta_day_start(p_to + 1)
     AND (p_channel IS NULL OR l.source_channel::text = p_channel)
     AND (l.qualified_at IS NOT NULL OR l.handed_over_at IS NOT NULL OR l.status IN ('QUALIFIED', 'HANDED_OVER', 'CONVERTED'));
END $$;
COMMENT ON FUNCTION app.kpi_mkt_qualified_leads(uuid, date, date, text) IS
  'MKT_QUALIFIED_LEADS: of the MKT_LEADS rows, those that reached QUALIFIED or later (qualified, handed over or converted — also when disqualified afterwards).';

CREATE FUNCTION app.kpi_mkt_spend(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT coalesce(sum(s.amount), 0)::numeric(18, 2), NULL::text, NULL::text
    FROM app.marketing_spend s
   WHERE s.created_by = ANY (v_ids) AND s.spend_date BETWEEN p_from AND p_to
     AND (p_channel IS NULL OR s.channel::text = p_channel);
END $$;
COMMENT ON FUNCTION app.kpi_mkt_spend(uuid, date, date, text) IS 'MKT_SPEND: Σ marketing_spend entered by the scope with spend_date in the period (optionally one channel).';

CREATE FUNCTION app.kpi_mkt_cpl(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_spend numeric := (SELECT s.actual_value FROM app.kpi_mkt_spend(p_assignee, p_from, p_to, p_channel) s);
  v_leads numeric := (SELECT l.actual_value FROM app.kpi_mkt_leads(p_assignee, p_from, p_to, p_channel) l);
BEGIN
  IF v_leads = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'no_leads'::text, 'No leads in the period: cost per lead is not computable'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(v_spend / v_leads, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_mkt_cpl(uuid, date, date, text) IS 'MKT_CPL = MKT_SPEND ÷ MKT_LEADS over the same scope and channel; NA (no_leads) when there are no leads.';

-- ---------------------------------------------------------- AUTO: sales ---
CREATE FUNCTION app.kpi_sal_revenue(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT coalesce(sum(i.amount), 0)::numeric(18, 2), NULL::text, NULL::text
    FROM app.invoices i
   WHERE i.invoice_date BETWEEN p_from AND p_to
     AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = ANY (v_ids));
END $$;
COMMENT ON FUNCTION app.kpi_sal_revenue(uuid, date, date, text) IS
  'SAL_REVENUE: Σ amount of invoices dated in the period for customers the scope owns a prospect of (an invoice counts once even when several team members own a prospect of its customer).';

CREATE FUNCTION app.kpi_sal_new_logos(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM (SELECT DISTINCT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY (v_ids)) c
   WHERE (SELECT min(i.invoice_date) FROM app.invoices i WHERE i.customer_id = c.customer_id) BETWEEN p_from AND p_to;
END $$;
COMMENT ON FUNCTION app.kpi_sal_new_logos(uuid, date, date, text) IS 'SAL_NEW_LOGOS: customers the scope owns a prospect of whose first-ever invoice is dated in the period.';

CREATE FUNCTION app.kpi_sal_activities(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM app.sales_activities a
   WHERE a.owner_user_id = ANY (v_ids) AND NOT a.is_system
     AND a.occurred_at >= app.jakarta_day_start(p_from) AND a.occurred_at < app.jakarta_day_start(p_to + 1);
END $$;
COMMENT ON FUNCTION app.kpi_sal_activities(uuid, date, date, text) IS 'SAL_ACTIVITIES: sales activities of the scope that occurred in the period; derived system entries (stage_change, rfq_created, handover) never count.';

CREATE FUNCTION app.kpi_sal_visits(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM app.sales_activities a
   WHERE a.owner_user_id = ANY (v_ids) AND NOT a.is_system AND a.activity_type = 'visit'
     AND a.occurred_at >= app.jakarta_day_start(p_from) AND a.occurred_at < app.jakarta_day_start(p_to + 1);
END $$;
COMMENT ON FUNCTION app.kpi_sal_visits(uuid, date, date, text) IS 'SAL_VISITS: of SAL_ACTIVITIES, the visits.';

CREATE FUNCTION app.kpi_closed_prospects(p_ids uuid[], p_from date, p_to date)
RETURNS TABLE (prospect_id text, outcome app.prospect_stage, closed_at timestamptz, created_at timestamptz)
LANGUAGE sql STABLE
AS $$
  SELECT DISTINCT ON (h.prospect_id) h.prospect_id, h.to_stage, h.changed_at, p.created_at
    FROM app.prospect_stage_history h
    JOIN app.prospects p ON p.prospect_id = h.prospect_id
   WHERE p.owner_user_id = ANY (p_ids) AND h.to_stage IN ('WON', 'LOST')
     AND h.changed_at >= app.jakarta_day_start(p_from) AND h.changed_at < app.jakarta_day_start(p_to + 1)
   ORDER BY h.prospect_id, h.changed_at DESC, h.history_id DESC
$$;
COMMENT ON FUNCTION app.kpi_closed_prospects(uuid[], date, date) IS
  'Prospects owned by p_ids that were closed (entered WON or LOST) in the period, each once with its last closing outcome in the period. Internal to the sales KPIs (not granted to API roles).';

CREATE FUNCTION app.kpi_sal_win_rate(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ids   uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
  v_won   bigint;
  v_total bigint;
BEGIN
  SELECT count(*) FILTER (WHERE c.outcome = 'WON'), count(*) INTO v_won, v_total
    FROM app.kpi_closed_prospects(v_ids, p_from, p_to) c;
  IF v_total = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'none_closed'::text, 'No prospect was won or lost in the period'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(100.0 * v_won / v_total, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_sal_win_rate(uuid, date, date, text) IS 'SAL_WIN_RATE = WON ÷ (WON + LOST) × 100 among the scope''s prospects closed in the period; NA (none_closed) when none closed.';

CREATE FUNCTION app.kpi_sal_cycle_days(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ids  uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
  v_avg  numeric;
  v_n    bigint;
BEGIN
  SELECT avg(extract(epoch FROM (c.closed_at - c.created_at)) / 86400), count(*) INTO v_avg, v_n
    FROM app.kpi_closed_prospects(v_ids, p_from, p_to) c WHERE c.outcome = 'WON';
  IF v_n = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'none_won'::text, 'No prospect was won in the period'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT round(v_avg, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_sal_cycle_days(uuid, date, date, text) IS 'SAL_CYCLE_DAYS: mean days (2 decimals) from prospect creation to WON for the scope''s prospects won in the period; NA (none_won) when none won.';

-- ------------------------------------------------------------ AUTO: finance ---
-- Finance works the whole receivables book: these are company-wide. "At
-- period end" means today while the period is still running.
CREATE FUNCTION app.kpi_fin_collected(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  RETURN QUERY SELECT app.ar_collected(p_from, p_to), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_fin_collected(uuid, date, date, text) IS 'FIN_COLLECTED: Σ payments dated in the period (app.ar_collected), all receivables.';

CREATE FUNCTION app.kpi_fin_dso_30(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_at  date;
  v_dso numeric;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  v_at := least(p_to, app.today_jakarta());
  SELECT s.dso INTO v_dso FROM app.dso_rolling_series(v_at, v_at) s;
  IF v_dso IS NULL THEN
    RETURN QUERY SELECT NULL::numeric, 'no_credit_sales'::text, format('No credit sales in the 30 days up to %s: DSO is not computable', v_at);
    RETURN;
  END IF;
  RETURN QUERY SELECT v_dso, NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_fin_dso_30(uuid, date, date, text) IS 'FIN_DSO_30: rolling 30-day DSO (app.dso_rolling_series) at period end, or today while the period runs; NA (no_credit_sales) when the window has no credit sales.';

CREATE FUNCTION app.kpi_fin_overdue_pct(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_at  date;
  v_pct numeric;
BEGIN
  PERFORM app.kpi_scope(p_assignee, p_from, p_to);
  v_at := least(p_to, app.today_jakarta());
  v_pct := app.ar_overdue_pct(v_at);
  IF v_pct IS NULL THEN
    RETURN QUERY SELECT NULL::numeric, 'nothing_outstanding'::text, format('Nothing is outstanding on %s', v_at);
    RETURN;
  END IF;
  RETURN QUERY SELECT v_pct, NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_fin_overdue_pct(uuid, date, date, text) IS 'FIN_OVERDUE_PCT: overdue % (app.ar_overdue_pct) at period end, or today while the period runs; NA (nothing_outstanding).';

-- ------------------------------------------------ MANUAL / IMPORTED entries ---
CREATE FUNCTION app.kpi_entries_sum(p_metric_key text, p_assignee uuid, p_from date, p_to date)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
  v_sum numeric;
  v_n   bigint;
BEGIN
  SELECT sum(e.value), count(*) INTO v_sum, v_n
    FROM app.kpi_entries e
   WHERE e.metric_key = p_metric_key AND e.assignee_user_id = ANY (v_ids) AND e.entry_date BETWEEN p_from AND p_to;
  IF v_n = 0 THEN
    RETURN QUERY SELECT NULL::numeric, 'no_entries'::text, 'Nothing was entered for the period'::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT v_sum::numeric(18, 2), NULL::text, NULL::text;
END $$;
COMMENT ON FUNCTION app.kpi_entries_sum(text, uuid, date, date) IS
  'Actual of a MANUAL or IMPORTED metric: Σ kpi_entries of the scope dated in the period; NA (no_entries) when nothing was entered (an entry of 0 is a real 0).';

-- Definer-rights code belongs to bcc_definer (BYPASSRLS), never to the owner.
ALTER FUNCTION app.kpi_mkt_leads(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_mkt_qualified_leads(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_mkt_spend(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_mkt_cpl(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_revenue(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_new_logos(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_activities(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_visits(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_win_rate(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_sal_cycle_days(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_fin_collected(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_fin_dso_30(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_fin_overdue_pct(uuid, date, date, text) OWNER TO bcc_definer;
ALTER FUNCTION app.kpi_entries_sum(text, uuid, date, date) OWNER TO bcc_definer;

GRANT EXECUTE ON FUNCTION
  app.kpi_mkt_leads(uuid, date, date, text), app.kpi_mkt_qualified_leads(uuid, date, date, text),
  app.kpi_mkt_spend(uuid, date, date, text), app.kpi_mkt_cpl(uuid, date, date, text),
  app.kpi_sal_revenue(uuid, date, date, text), app.kpi_sal_new_logos(uuid, date, date, text),
  app.kpi_sal_activities(uuid, date, date, text), app.kpi_sal_visits(uuid, date, date, text),
  app.kpi_sal_win_rate(uuid, date, date, text), app.kpi_sal_cycle_days(uuid, date, date, text),
  app.kpi_fin_collected(uuid, date, date, text), app.kpi_fin_dso_30(uuid, date, date, text),
  app.kpi_fin_overdue_pct(uuid, date, date, text), app.kpi_entries_sum(text, uuid, date, date)
TO authenticated;
