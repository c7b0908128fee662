-- =============================================================================
-- 0760 perf (P2): the SLA-state and stale counts of open tickets
-- (GET /api/tickets/sla/summary, the stale-ticket stuck item of the home)
-- without reading the tickets' heap.
--
-- Before, every count went through app.ticket_sla(t): a whole-row argument,
-- so PostgreSQL fetched every visible open ticket's heap row (≈ 204 000 open
-- tickets at scale 1, spread over the whole 300 MB table) to evaluate a
-- handful of timestamps and the RLS policy — 1.2–3 s for the director.
--
--   * app.ticket_sla_of(columns…): the SLA state rule of 0202, unchanged,
--     taking the columns it reads instead of the row. app.ticket_sla(t) is now
--     a wrapper over it (plus the business minutes to the next due time), so
--     the rule still lives in one place.
--   * tickets_open_sla_idx: the open tickets (OPEN, IN_PROGRESS,
--     WAITING_CUSTOMER; inquiries OPEN, IN_PROGRESS — is_open of the rule) with
--     every column the rule and the tickets' SELECT policy read, so counting
--     them is an index-only scan; RLS still filters each entry.
--   * Stale tickets: tickets_open_activity_idx (closed_at IS NULL, by
--     last_activity_at, ticket_id) gets the policy's columns; the threshold is
--     read once per statement (app.stale_before('ticket')), so the stale count
--     is an index-only range scan; the list's page (app.tickets_stale_page)
--     reads the index in order and stops at the page's end.
--   * app.ticket_sla_summary(dept): the counts of v_ticket_sla over the open
--     tickets, through the above (ops: plus their masked RFQs, as the view).
-- Measured on the scale-1 dataset: docs/benchmarks.md (P2).
-- =============================================================================

CREATE FUNCTION app.ticket_sla_of(
  p_ticket_status app.ticket_status, p_inquiry_status app.inquiry_status, p_waiting_since timestamptz,
  p_first_response_at timestamptz, p_first_response_due_at timestamptz, p_first_response_risk_at timestamptz,
  p_resolved_at timestamptz, p_resolution_due_at timestamptz, p_resolution_risk_at timestamptz, p_closed_at timestamptz)
RETURNS TABLE (status text, is_open boolean, is_paused boolean,
               first_response_breached boolean, first_response_at_risk boolean,
               resolution_breached boolean, resolution_at_risk boolean,
               sla_state text, next_due_at timestamptz)
LANGUAGE sql STABLE
AS $$
  SELECT b.status, b.is_open, b.is_paused, b.frb, b.frr, b.rb, b.rr,
         CASE WHEN b.is_paused THEN 'paused'
              WHEN NOT b.is_open THEN CASE WHEN b.frb OR b.rb THEN 'breached' ELSE 'met' END
              WHEN b.frb OR b.rb THEN 'breached'
              WHEN b.frr OR b.rr THEN 'at_risk'
              ELSE 'on_track' END,
         b.next_due
    FROM (
      SELECT a.status, a.is_open, a.is_paused,
             coalesce(coalesce(p_first_response_at, CASE WHEN a.is_open THEN a.clock ELSE coalesce(p_resolved_at, p_closed_at, a.clock) END) > p_first_response_due_at, false) AS frb,
             coalesce(coalesce(p_resolved_at, CASE WHEN a.is_open THEN a.clock ELSE coalesce(p_closed_at, a.clock) END) > p_resolution_due_at, false) AS rb,
             coalesce(a.is_open AND NOT a.is_paused AND p_first_response_at IS NULL AND pg_catalog.now() >= p_first_response_risk_at
                AND pg_catalog.now() <= p_first_response_due_at, false) AS frr,
             coalesce(a.is_open AND NOT a.is_paused AND p_resolved_at IS NULL AND pg_catalog.now() >= p_resolution_risk_at
                AND pg_catalog.now() <= p_resolution_due_at, false) AS rr,
             CASE WHEN a.is_open AND NOT a.is_paused THEN
                  CASE WHEN p_first_response_at IS NULL AND p_resolved_at IS NULL THEN least(p_first_response_due_at, p_resolution_due_at)
                       WHEN p_first_response_at IS NULL THEN p_first_response_due_at
                       WHEN p_resolved_at IS NULL THEN p_resolution_due_at END END AS next_due
        FROM (SELECT coalesce(p_ticket_status::text, p_inquiry_status::text) AS status,
                     -- = coalesce(status) IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER'), on the
                     -- enums (no text output per row; one of the two is set, 0200).
                     coalesce(p_ticket_status IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER'), p_inquiry_status IN ('OPEN', 'IN_PROGRESS'), false) AS is_open,
                     p_ticket_status IS NOT DISTINCT FROM 'WAITING_CUSTOMER' AS is_paused,
                     -- While waiting on the customer the clock stands still.
                     coalesce(p_waiting_since, pg_catalog.now()) AS clock) a
    ) b
$$;
COMMENT ON FUNCTION app.ticket_sla_of(app.ticket_status, app.inquiry_status, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) IS
  'The SLA state rule of one ticket from the columns it reads (status, waiting_since, first response / resolution times with their due and risk times, closed_at): breached (a due time passed before the response/resolution, or now while still open; the clock stands still in WAITING_CUSTOMER), at risk (>= 80 % of a target elapsed, still open, not yet breached), sla_state breached|at_risk|on_track|paused|met, the next due time. app.ticket_sla(t) wraps it; counts over many tickets call it with columns so an index can answer them.';
GRANT EXECUTE ON FUNCTION app.ticket_sla_of(app.ticket_status, app.inquiry_status, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz, timestamptz) TO authenticated;

CREATE OR REPLACE FUNCTION app.ticket_sla(t app.tickets)
RETURNS TABLE (status text, is_open boolean, is_paused boolean,
               first_response_breached boolean, first_response_at_risk boolean,
               resolution_breached boolean, resolution_at_risk boolean,
               sla_state text, next_due_at timestamptz, business_minutes_to_due numeric)
LANGUAGE sql STABLE
AS $$
  SELECT s.status, s.is_open, s.is_paused, s.first_response_breached, s.first_response_at_risk,
         s.resolution_breached, s.resolution_at_risk, s.sla_state, s.next_due_at,
         CASE WHEN s.next_due_at IS NULL THEN NULL
              WHEN s.next_due_at >= pg_catalog.now() THEN app.business_minutes(pg_catalog.now(), s.next_due_at)
              ELSE -app.business_minutes(s.next_due_at, pg_catalog.now()) END
    FROM app.ticket_sla_of(t.ticket_status, t.inquiry_status, t.waiting_since,
                           t.first_response_at, t.first_response_due_at, t.first_response_risk_at,
                           t.resolved_at, t.resolution_due_at, t.resolution_risk_at, t.closed_at) s
$$;

-- Open by the rule's is_open, written on the enums so the index predicate is
-- immutable (the CHECKs of 0200 keep exactly one of the two statuses set).
CREATE INDEX tickets_open_sla_idx ON app.tickets (dept_target)
  INCLUDE (ticket_type, ticket_status, inquiry_status, waiting_since,
           first_response_at, first_response_due_at, first_response_risk_at,
           resolved_at, resolution_due_at, resolution_risk_at, closed_at,
           created_by, related_lead_id, related_prospect_id, related_customer_id, need_customer_masking)
  WHERE ticket_status IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER') OR inquiry_status IN ('OPEN', 'IN_PROGRESS');
COMMENT ON INDEX app.tickets_open_sla_idx IS
  'Open tickets (is_open of app.ticket_sla_of) by department with every column the SLA rule and the tickets'' SELECT policy read: SLA-state counts are index-only scans (0760).';

DROP INDEX app.tickets_open_activity_idx;
CREATE INDEX tickets_open_activity_idx ON app.tickets (last_activity_at, ticket_id)
  INCLUDE (ticket_type, dept_target, created_by, related_lead_id, related_prospect_id, related_customer_id, need_customer_masking)
  WHERE closed_at IS NULL;
COMMENT ON INDEX app.tickets_open_activity_idx IS
  'Not-closed tickets by last activity (then id: the stale list''s order), with the columns the tickets'' SELECT policy and the stale filters read: stale counts are index-only range scans, the stale list''s first page an ordered range scan (0760).';

-- Stale tickets. The threshold is read once per statement (a scalar subquery,
-- not a join), so "last activity before now() − threshold" is an index range;
-- the rows from app.tickets are a view of their own, so a page of them ordered
-- by (last_activity_at, ticket_id) reads the index in order and stops at the
-- page's end (through the UNION ALL it was every stale ticket, then a sort).
CREATE FUNCTION app.stale_before(p_entity text) RETURNS timestamptz
LANGUAGE sql STABLE
AS $$ SELECT pg_catalog.now() - th.threshold FROM app.stale_thresholds th WHERE th.entity = p_entity $$;
COMMENT ON FUNCTION app.stale_before(text) IS
  'The stale cut-off of an entity (ticket, lead, prospect, import): an open item whose last activity is before it is stale (now() − app.stale_thresholds; NULL without a threshold: nothing is stale). Views read it once per statement as a scalar subquery, so the cut-off is an index condition.';
GRANT EXECUTE ON FUNCTION app.stale_before(text) TO authenticated;

CREATE VIEW app.v_tickets_stale_direct WITH (security_invoker = true) AS
SELECT t.ticket_id, t.ticket_type, coalesce(t.ticket_status::text, t.inquiry_status::text) AS status, t.priority,
       t.dept_target, t.created_by, t.assigned_to_user_id, t.need_customer_masking, t.subject,
       t.created_at, t.last_activity_at,
       round(extract(epoch FROM now() - t.last_activity_at) / 3600, 1) AS idle_hours,
       (SELECT round(extract(epoch FROM th.threshold) / 3600, 1) FROM app.stale_thresholds th WHERE th.entity = 'ticket') AS threshold_hours
  FROM app.tickets t
 WHERE t.closed_at IS NULL AND t.last_activity_at < (SELECT app.stale_before('ticket'));
COMMENT ON VIEW app.v_tickets_stale_direct IS
  'Stuck tickets read from app.tickets under the caller''s RLS (v_tickets_stale without the masked RFQs of ops): not closed and without any message, file or change since app.stale_before(''ticket'').';
GRANT SELECT ON app.v_tickets_stale_direct TO authenticated;

CREATE OR REPLACE VIEW app.v_tickets_stale WITH (security_invoker = true) AS
SELECT d.ticket_id, d.ticket_type, d.status, d.priority, d.dept_target, d.created_by, d.assigned_to_user_id,
       d.need_customer_masking, d.subject, d.created_at, d.last_activity_at, d.idle_hours, d.threshold_hours
  FROM app.v_tickets_stale_direct d
UNION ALL
SELECT m.ticket_id, m.ticket_type, m.status, m.priority, m.dept_target, m.created_by, m.assigned_to_user_id,
       m.need_customer_masking, m.subject, m.created_at, m.last_activity_at,
       round(extract(epoch FROM now() - m.last_activity_at) / 3600, 1),
       (SELECT round(extract(epoch FROM th.threshold) / 3600, 1) FROM app.stale_thresholds th WHERE th.entity = 'ticket')
  FROM app.v_ops_rfqs_masked m
 WHERE (SELECT app.current_role()) = 'ops' AND m.closed_at IS NULL AND m.last_activity_at < (SELECT app.stale_before('ticket'));

-- GET /api/tickets/stale: a page of the caller's stale tickets, longest idle
-- first (keyset after (last_activity_at, ticket_id)). Ops read the whole view
-- (their masked RFQs are in it); everyone else has none, so their page is read
-- from v_tickets_stale_direct in index order.
CREATE FUNCTION app.tickets_stale_page(p_dept text, p_mine boolean, p_queue boolean,
                                       p_after_at timestamptz, p_after_id text, p_limit integer)
RETURNS SETOF app.v_tickets_stale
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF app.current_role() IS DISTINCT FROM 'ops' THEN
    RETURN QUERY
    SELECT v.* FROM app.v_tickets_stale_direct v
     WHERE (p_dept IS NULL OR v.dept_target = p_dept)
       AND (NOT p_mine OR v.created_by = (SELECT auth.uid()) OR v.assigned_to_user_id = (SELECT auth.uid()))
       AND (NOT p_queue OR v.dept_target = (SELECT app.current_dept()))
       AND (p_after_at IS NULL OR (v.last_activity_at, v.ticket_id) > (p_after_at, p_after_id))
     ORDER BY v.last_activity_at, v.ticket_id
     LIMIT p_limit;
  ELSE
    RETURN QUERY
    SELECT v.* FROM app.v_tickets_stale v
     WHERE (p_dept IS NULL OR v.dept_target = p_dept)
       AND (NOT p_mine OR v.created_by = (SELECT auth.uid()) OR v.assigned_to_user_id = (SELECT auth.uid()))
       AND (NOT p_queue OR v.dept_target = (SELECT app.current_dept()))
       AND (p_after_at IS NULL OR (v.last_activity_at, v.ticket_id) > (p_after_at, p_after_id))
     ORDER BY v.last_activity_at, v.ticket_id
     LIMIT p_limit;
  END IF;
END
$$;
COMMENT ON FUNCTION app.tickets_stale_page(text, boolean, boolean, timestamptz, text, integer) IS
  'A page of v_tickets_stale for GET /api/tickets/stale: p_dept (target department), p_mine (opened by or assigned to the caller), p_queue (the caller''s department), keyset after (p_after_at, p_after_id), longest idle first. Caller''s RLS.';
GRANT EXECUTE ON FUNCTION app.tickets_stale_page(text, boolean, boolean, timestamptz, text, integer) TO authenticated;

CREATE FUNCTION app.ticket_sla_summary(p_dept text)
RETURNS TABLE (open integer, on_track integer, at_risk integer, breached integer, paused integer)
LANGUAGE sql STABLE
AS $$
  SELECT count(*)::integer,
         count(*) FILTER (WHERE x.sla_state = 'on_track')::integer,
         count(*) FILTER (WHERE x.sla_state = 'at_risk')::integer,
         count(*) FILTER (WHERE x.sla_state = 'breached')::integer,
         count(*) FILTER (WHERE x.sla_state = 'paused')::integer
    FROM (SELECT s.sla_state
            FROM app.tickets t
           CROSS JOIN LATERAL app.ticket_sla_of(t.ticket_status, t.inquiry_status, t.waiting_since,
                                                t.first_response_at, t.first_response_due_at, t.first_response_risk_at,
                                                t.resolved_at, t.resolution_due_at, t.resolution_risk_at, t.closed_at) s
           WHERE (t.ticket_status IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER') OR t.inquiry_status IN ('OPEN', 'IN_PROGRESS'))
             AND (p_dept IS NULL OR t.dept_target = p_dept)
          UNION ALL
          SELECT m.sla_state
            FROM app.v_ops_rfqs_masked m
           WHERE (SELECT app.current_role()) = 'ops' AND m.is_open
             AND (p_dept IS NULL OR m.dept_target = p_dept)) x
$$;
COMMENT ON FUNCTION app.ticket_sla_summary(text) IS
  'Open tickets visible to the caller by SLA state (app.ticket_sla_of) — the counts of v_ticket_sla WHERE is_open, read from tickets_open_sla_idx; ops also count their masked RFQs, as in the view. p_dept: one target department. Caller''s RLS.';
GRANT EXECUTE ON FUNCTION app.ticket_sla_summary(text) TO authenticated;

-- The daily first-response medians of a window (GET /api/tickets/sla/first-response
-- and the home's trend): v_ticket_first_response_median_daily(_dept) restricted
-- to the window, computed from the tickets created in it. The median views
-- group every visible ticket first and filter on the derived day afterwards;
-- a created_at range reaches the tickets' index. Same rows, same medians.
CREATE FUNCTION app.ticket_first_response_daily(p_from date, p_to date, p_dept text)
RETURNS TABLE (day date, tickets integer, median_first_response_minutes numeric, median_first_response_business_minutes numeric)
LANGUAGE sql STABLE
AS $$
  SELECT f.created_day,
         count(*)::integer,
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_minutes)::numeric, 2),
         round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_business_minutes)::numeric, 2)
    FROM app.v_ticket_first_response f
   WHERE f.created_at >= app.jakarta_day_start(p_from) AND f.created_at < app.jakarta_day_start(p_to + 1)
     AND f.first_response_at IS NOT NULL
     AND (p_dept IS NULL OR f.dept_target = p_dept)
   GROUP BY f.created_day
$$;
COMMENT ON FUNCTION app.ticket_first_response_daily(date, date, text) IS
  'Per day of the window (Asia/Jakarta): the visible tickets created that day that have a first response, and their median first response in calendar and business minutes — v_ticket_first_response_median_daily (p_dept: _dept) restricted to the window. Days without any are absent. Caller''s RLS.';
GRANT EXECUTE ON FUNCTION app.ticket_first_response_daily(date, date, text) TO authenticated;

CREATE OR REPLACE FUNCTION app.dash_first_response_trend(p_from date, p_to date, p_dept text) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart('first_response_trend', 'line', 'hours',
           jsonb_build_array(jsonb_build_object('name', 'median_business_hours', 'series',
             coalesce((SELECT jsonb_agg(jsonb_build_object('name', d.day::text, 'value', round(d.median_first_response_business_minutes / 60, 2)) ORDER BY d.day)
                         FROM app.ticket_first_response_daily(p_from, p_to, p_dept) d), '[]'::jsonb))),
         p_from, p_to)
$$;
