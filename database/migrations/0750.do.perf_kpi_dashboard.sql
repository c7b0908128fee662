-- =============================================================================
-- 0750 perf (P2): the sales KPI actuals of the director's home (KPI by team:
-- app.kpi_progress per sales manager, self + team) without reading heaps they
-- do not need. Same rows, same numbers (formulas of 0312/0313 unchanged).
--
--   * SAL_QUOTATIONS read every STATUS_CHANGE event of the period through
--     sla_events_type_idx and its heap (≈ 390 000 events a month at scale 1,
--     the jsonb `to` tested on each) to keep ≈ 26 000 QUOTED ones, then every
--     inquiry ticket's heap row (≈ 200 000) to test its relation. Now:
--       - sla_events_quoted_idx: exactly the QUOTED status changes, with the
--         ticket id (index-only range scan of the period);
--       - tickets_inquiry_related_idx: inquiry tickets by id with the two
--         relation columns (index-only look-up of each quoted ticket);
--       - the scope's prospects are read once (one CTE feeding both IN-lists)
--         and the relation test runs on the quoted tickets only.
--   * SAL_REVENUE / SAL_NEW_LOGOS scanned the whole invoices heap for the
--     period's invoices (no covering index on the date): invoices_date_cover_idx
--     (invoice_date) INCLUDE (customer_id, amount) makes it an index-only range.
--   * Every sales KPI reads "the prospects of the scope" (owner ∈ self + team)
--     through the heap: prospects_owner_scope_idx (owner_user_id) INCLUDE
--     (customer_id, prospect_id) makes that index-only.
-- Measured on the scale-1 dataset: /work/notes/bench-kpi.md.
-- =============================================================================

CREATE INDEX sla_events_quoted_idx ON app.sla_events (occurred_at) INCLUDE (ticket_id)
  WHERE event_type = 'STATUS_CHANGE' AND (metadata ->> 'to') = 'QUOTED';
COMMENT ON INDEX app.sla_events_quoted_idx IS
  'Status changes to QUOTED by time, with the ticket (SAL_QUOTATIONS, 0750).';

CREATE INDEX tickets_inquiry_related_idx ON app.tickets (ticket_id) INCLUDE (related_prospect_id, related_customer_id)
  WHERE ticket_type = 'inquiry_tariff';
COMMENT ON INDEX app.tickets_inquiry_related_idx IS
  'Inquiry tickets by id with their relations, index-only look-up of quoted tickets (SAL_QUOTATIONS, 0750).';

CREATE INDEX invoices_date_cover_idx ON app.invoices (invoice_date) INCLUDE (customer_id, amount);
COMMENT ON INDEX app.invoices_date_cover_idx IS
  'Invoices of a date range with customer and amount, index-only (SAL_REVENUE, SAL_NEW_LOGOS, 0750).';

CREATE INDEX prospects_owner_scope_idx ON app.prospects (owner_user_id) INCLUDE (customer_id, prospect_id);
COMMENT ON INDEX app.prospects_owner_scope_idx IS
  'Prospects and customers of a set of owners, index-only (sales KPI scope, 0750).';

CREATE OR REPLACE FUNCTION app.kpi_sal_quotations(p_assignee uuid, p_from date, p_to date, p_channel text DEFAULT NULL)
RETURNS TABLE (actual_value numeric, na_code text, na_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_ids uuid[] := app.kpi_scope(p_assignee, p_from, p_to);
BEGIN
  RETURN QUERY
  WITH s AS MATERIALIZED (
         SELECT p.prospect_id, p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY (v_ids)),
       q AS MATERIALIZED (
         SELECT t.related_prospect_id, t.related_customer_id
           FROM (SELECT DISTINCT e.ticket_id FROM app.sla_events e
                  WHERE e.event_type = 'STATUS_CHANGE' AND e.metadata ->> 'to' = 'QUOTED'
                    AND e.occurred_at >= app.jakarta_day_start(p_from) AND e.occurred_at < app.jakarta_day_start(p_to + 1)) x
           JOIN app.tickets t ON t.ticket_id = x.ticket_id
          WHERE t.ticket_type = 'inquiry_tariff')
  SELECT count(*)::numeric, NULL::text, NULL::text
    FROM q
   WHERE q.related_prospect_id IN (SELECT s.prospect_id FROM s)
      OR q.related_customer_id IN (SELECT s.customer_id FROM s);
END $$;
COMMENT ON FUNCTION app.kpi_sal_quotations(uuid, date, date, text) IS
  'SAL_QUOTATIONS: inquiry tickets related to the scope''s prospects (or their customers) that reached QUOTED in the period, each once (the period''s quoted tickets, then their relation tested against the scope''s prospects read once).';
