-- =============================================================================
-- 0314 kpi: grants and row-level security (rls.md kpi_targets, kpi_entries,
-- reference data; storage_objects of kpi-evidence follow their entry).
-- The finer write rules (department metrics, team members, AUTO refusal) live
-- in the BEFORE triggers of 0312, which raise user-facing errors; these
-- policies are the second, independent guard.
-- =============================================================================
ALTER TABLE app.kpi_metric_definitions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.kpi_targets            ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.kpi_entries            ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- -------------------------------------------------------------- definitions ---
GRANT SELECT, INSERT, UPDATE, DELETE ON app.kpi_metric_definitions TO authenticated;
CREATE POLICY "every active user reads metric definitions" ON app.kpi_metric_definitions
  FOR SELECT TO authenticated USING ((SELECT app.current_role()) IS NOT NULL);
CREATE POLICY "admins add metric definitions" ON app.kpi_metric_definitions
  FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change metric definitions" ON app.kpi_metric_definitions
  FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove metric definitions" ON app.kpi_metric_definitions
  FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

-- ------------------------------------------------------------------ targets ---
GRANT SELECT ON app.kpi_targets TO authenticated;
GRANT INSERT (metric_key, assignee_user_id, period_start, period_end, target_value, notes) ON app.kpi_targets TO authenticated;
GRANT UPDATE (target_value, notes) ON app.kpi_targets TO authenticated;
GRANT DELETE ON app.kpi_targets TO authenticated;

CREATE POLICY "targets are read by role scope" ON app.kpi_targets FOR SELECT TO authenticated
USING (
  assignee_user_id = (SELECT auth.uid())
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    ELSE false
  END);
COMMENT ON POLICY "targets are read by role scope" ON app.kpi_targets IS
  'Everyone reads their own targets; marketing and sales managers their team''s; director and super_admin all.';

CREATE POLICY "managers set targets for their team" ON app.kpi_targets FOR INSERT TO authenticated
WITH CHECK (
  created_by = (SELECT auth.uid())
  AND CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'MKT')
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'SAL')
    ELSE false
  END);
COMMENT ON POLICY "managers set targets for their team" ON app.kpi_targets IS
  'super_admin any target; a marketing manager marketing metrics and a sales manager sales metrics for their team (self + reports); nobody else (the director is read-only).';

CREATE POLICY "managers adjust their team's targets" ON app.kpi_targets FOR UPDATE TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'MKT')
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'SAL')
    ELSE false
  END)
WITH CHECK (true);

CREATE POLICY "managers withdraw their team's targets" ON app.kpi_targets FOR DELETE TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'MKT')
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      AND EXISTS (SELECT 1 FROM app.kpi_metric_definitions d WHERE d.metric_key = kpi_targets.metric_key AND d.department = 'SAL')
    ELSE false
  END);

-- ------------------------------------------------------------------ entries ---
GRANT SELECT ON app.kpi_entries TO authenticated;
GRANT INSERT (metric_key, entry_date, assignee_user_id, value, notes, evidence_object_id, import_id) ON app.kpi_entries TO authenticated;

CREATE POLICY "entries are read by role scope" ON app.kpi_entries FOR SELECT TO authenticated
USING (
  assignee_user_id = (SELECT auth.uid())
  OR created_by = (SELECT auth.uid())
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    ELSE false
  END);
COMMENT ON POLICY "entries are read by role scope" ON app.kpi_entries IS
  'Own entries (as assignee or author) for everyone; marketing and sales managers their team''s; director and super_admin all.';

CREATE POLICY "people enter their own values, managers their team's" ON app.kpi_entries FOR INSERT TO authenticated
WITH CHECK (
  created_by = (SELECT auth.uid())
  AND (SELECT app.current_role()) IS NOT NULL
  AND (SELECT app.current_role()) <> 'director'
  AND (assignee_user_id = (SELECT auth.uid())
       OR (SELECT app.current_role()) = 'super_admin'
       OR ((SELECT app.current_role()) IN ('marketing_manager', 'sales_manager')
           AND assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))));
COMMENT ON POLICY "people enter their own values, managers their team's" ON app.kpi_entries IS
  'Everyone but the director records their own KPI values; managers also for their team; super_admin for anyone. Entries are not updated by users (evidence is attached through app.kpi_attach_evidence).';

-- ------------------------------------------------------------ kpi evidence ---
CREATE POLICY "kpi evidence follows its entry" ON app.storage_objects FOR SELECT TO authenticated
USING (owner_table = 'kpi_entries'
       AND EXISTS (SELECT 1 FROM app.kpi_entries e WHERE e.entry_id::text = storage_objects.owner_id));
COMMENT ON POLICY "kpi evidence follows its entry" ON app.storage_objects IS
  'A KPI evidence file is readable by whoever may read its entry.';
