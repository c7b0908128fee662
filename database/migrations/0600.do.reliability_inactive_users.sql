-- =============================================================================
-- 0600 reliability: a deactivated user reads and writes nothing (rls.md, R1)
--   app.current_role() is NULL for a deactivated user, so every role-scoped
--   branch of the policies already gives nothing; but the "own row" branches
--   (created_by / assignee / uploader = auth.uid()) did not look at the role,
--   so an access token that is still valid after deactivation (≤ its TTL)
--   kept reading the user's own tickets — RFQs with the customer's identity —
--   with their messages, files, quotes and SLA events, KPI targets and
--   entries, imports and uploads. Found by the generated R1 matrix
--   (backend/test/reliability/r1-rls-matrix.spec.ts). The own-row branches now
--   require an active role too: (SELECT app.current_role()) IS NOT NULL, one
--   initplan per statement, no per-row cost.
--   Left as is on purpose: the caller's own profile row, own API tokens and
--   own idempotency keys (bookkeeping of the caller, no business data).
-- =============================================================================

-- ---------------------------------------------------------------- tickets ---
ALTER POLICY "tickets are read by role scope" ON app.tickets
USING (
  ((SELECT app.current_role()) IS NOT NULL AND created_by = (SELECT auth.uid()))
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
    WHEN 'marketing_staff' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p
                                       WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                         AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.prospects p
                                     WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                       AND p.owner_user_id = (SELECT auth.uid()))
    WHEN 'ops' THEN dept_target = (SELECT app.current_dept()) AND NOT need_customer_masking
    WHEN 'finance' THEN dept_target = 'FIN'
    ELSE false
  END);

ALTER POLICY "tickets are worked by role scope" ON app.tickets
USING (
  (SELECT app.current_role()) IS NOT NULL
  AND (SELECT app.current_role()) <> 'director'
  AND (created_by = (SELECT auth.uid())
    OR CASE (SELECT app.current_role())
      WHEN 'super_admin' THEN true
      WHEN 'marketing_manager' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
      WHEN 'marketing_staff' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
      WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p
                                         WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                           AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
      WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.prospects p
                                       WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                         AND p.owner_user_id = (SELECT auth.uid()))
      WHEN 'ops' THEN dept_target = (SELECT app.current_dept()) AND NOT need_customer_masking
      WHEN 'finance' THEN dept_target = 'FIN'
      ELSE false
    END));

-- ---------------------------------------------------------------------- kpi ---
ALTER POLICY "targets are read by role scope" ON app.kpi_targets
USING (
  ((SELECT app.current_role()) IS NOT NULL AND assignee_user_id = (SELECT auth.uid()))
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    ELSE false
  END);

ALTER POLICY "entries are read by role scope" ON app.kpi_entries
USING (
  ((SELECT app.current_role()) IS NOT NULL AND (assignee_user_id = (SELECT auth.uid()) OR created_by = (SELECT auth.uid())))
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'sales_manager' THEN assignee_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    ELSE false
  END);

-- ------------------------------------------------------------------ imports ---
ALTER POLICY "imports are read by their importer, finance and management" ON app.imports
USING (
  ((SELECT app.current_role()) IS NOT NULL AND created_by = (SELECT auth.uid()))
  OR (SELECT app.can_read_all())
  OR ((SELECT app.current_role()) = 'finance' AND module IN ('invoices', 'payments', 'customers')));

ALTER POLICY "import rows follow their import" ON app.import_rows
USING (
  ((SELECT app.current_role()) IS NOT NULL AND created_by = (SELECT auth.uid()))
  OR (SELECT app.can_read_all())
  OR ((SELECT app.current_role()) = 'finance' AND module IN ('invoices', 'payments', 'customers')));

-- ------------------------------------------------------------------ uploads ---
ALTER POLICY "uploaders and admins read objects" ON app.storage_objects
USING (((SELECT app.current_role()) IS NOT NULL AND uploaded_by = (SELECT auth.uid())) OR (SELECT app.can_read_all()));

ALTER POLICY "uploaders attach their objects to a record" ON app.storage_objects
USING ((SELECT app.current_role()) IS NOT NULL AND uploaded_by = (SELECT auth.uid()))
WITH CHECK ((SELECT app.current_role()) IS NOT NULL AND uploaded_by = (SELECT auth.uid()));
