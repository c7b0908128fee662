-- =============================================================================
-- 0731 perf (P2): SAL_NEW_LOGOS without one index probe per customer of the
-- scope. The director's home computes every manager's KPI progress (KPI by
-- team: self + team, ≈ 12 000 customers a team at scale 1), and this metric
-- looked up the first invoice of each of them. "First-ever invoice dated in
-- the period" = an invoice dated in the period and none before it: the
-- invoices of the period are one range scan, and only their customers are
-- probed for an earlier invoice. Same rows, same number (rule of 0312).
-- =============================================================================
CREATE OR REPLACE FUNCTION app.kpi_sal_new_logos(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM (SELECT DISTINCT i.customer_id FROM app.invoices i
           WHERE i.invoice_date BETWEEN p_from AND p_to
             AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = ANY (v_ids))) c
   WHERE NOT EXISTS (SELECT 1 FROM app.invoices e WHERE e.customer_id = c.customer_id AND e.invoice_date < p_from);
END $$;
COMMENT ON FUNCTION app.kpi_sal_new_logos(uuid, date, date, text) IS 'SAL_NEW_LOGOS: customers the scope owns a prospect of whose first-ever invoice is dated in the period (an invoice in the period and none before it).';
