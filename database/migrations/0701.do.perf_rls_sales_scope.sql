-- =============================================================================
-- 0701 perf (P2): RLS of sales on tickets and payments, and the quotations KPI,
-- without per-row scans on the large dataset. Same rows visible as before.
--
--   * tickets (read and write policies), sales branches: "a prospect of mine
--     whose prospect_id = related_prospect_id OR whose customer_id =
--     related_customer_id" was one correlated EXISTS with an OR, which the
--     planner can only run per ticket row (an index scan over all of the
--     salesperson's prospects, per row). Written as two IN-lists — my
--     prospects' ids, my prospects' customers — it becomes two hashed
--     subplans computed once per statement: O(1) per row. (The prospects read
--     inside stay under the prospects policy, exactly as in the EXISTS.)
--   * payments, sales branches: "its invoice is visible" was an EXISTS on
--     invoices under the invoices policy (itself nesting the prospects
--     policy), hashed over every visible invoice: a scan of all invoices with
--     a policy check per row, each query. Now a definer helper returns the
--     invoice ids of my (team's) customers through prospects_owner_idx and
--     invoices_customer_idx, once per statement.
--   * app.kpi_sal_quotations(): the same OR in definer code.
-- Measured with bench/p2-lists.mjs (RLS vs owner ratios, docs/benchmarks.md P2).
-- The other branches are copied unchanged from 0600.
-- =============================================================================

ALTER POLICY "tickets are read by role scope" ON app.tickets
USING (
  ((SELECT app.current_role()) IS NOT NULL AND created_by = (SELECT auth.uid()))
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
    WHEN 'marketing_staff' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
    WHEN 'sales_manager' THEN
      related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
      OR related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    WHEN 'salesperson' THEN
      related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
      OR related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
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
      WHEN 'sales_manager' THEN
        related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
        OR related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
      WHEN 'salesperson' THEN
        related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
        OR related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
      WHEN 'ops' THEN dept_target = (SELECT app.current_dept()) AND NOT need_customer_masking
      WHEN 'finance' THEN dept_target = 'FIN'
      ELSE false
    END));

-- The invoice ids a salesperson (own customers) or sales manager (the team's
-- customers) may read — the invoices policy's sales branches, resolved once
-- per statement by a definer helper (like app.my_team_ids()) instead of
-- nesting the invoices and prospects policies inside the payments policy.
CREATE FUNCTION app.sales_visible_invoice_ids() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT i.invoice_id FROM app.invoices i
   WHERE i.customer_id IN (
     SELECT p.customer_id FROM app.prospects p
      WHERE p.owner_user_id = ANY (CASE app.current_role()
                                     WHEN 'salesperson' THEN ARRAY[auth.uid()]
                                     WHEN 'sales_manager' THEN app.my_team_ids()
                                     ELSE '{}'::uuid[] END))
$$;
ALTER FUNCTION app.sales_visible_invoice_ids() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.sales_visible_invoice_ids() IS
  'Ids of the invoices the calling salesperson (customers they own a prospect of) or sales manager (customers of the team) may read; empty for every other role. Reveals ids only. Used by the payments policy as (SELECT …) so it runs once per statement.';
GRANT EXECUTE ON FUNCTION app.sales_visible_invoice_ids() TO authenticated;

ALTER POLICY "payments follow their invoice" ON app.payments
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN invoice_id IN (SELECT app.sales_visible_invoice_ids())
    WHEN 'salesperson' THEN invoice_id IN (SELECT app.sales_visible_invoice_ids())
    ELSE false
  END);
COMMENT ON POLICY "payments follow their invoice" ON app.payments IS
  'A payment is visible exactly when its invoice is: all for super_admin, director and finance; for sales the invoices of customers they (their team) own a prospect of, looked up once per statement (app.sales_visible_invoice_ids()).';

CREATE OR REPLACE FUNCTION app.kpi_sal_quotations(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
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
     AND (t.related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = ANY (v_ids))
          OR t.related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY (v_ids)));
END $$;
