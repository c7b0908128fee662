-- =============================================================================
-- 0500 dashboard: building blocks shared by the command-center summary (0501)
-- and the list filters its numbers drill down to (the API's list routes use
-- exactly these views/predicates, so a number and the rows behind it can
-- never disagree).
--   * stale ("stuck") views for leads, prospects and imports, beside
--     v_tickets_stale (0204); thresholds from app.stale_thresholds (0200/0201,
--     extended here with a helper and hour/day views of the threshold);
--   * small inlinable predicates: "reached QUALIFIED or later" (the
--     MKT_QUALIFIED_LEADS rule of 0312) and the first-response SLA outcome of a
--     ticket (the OPS_SLA_COMPLIANCE_PCT rule of 0313: met | breached | NULL =
--     not known yet);
--   * indexes the summary's range/stale filters need at scale.
-- Every view is security_invoker: the caller's RLS decides which rows count.
-- =============================================================================

-- ------------------------------------------------------- stale thresholds ---
-- The table of 0200 already holds one row per entity the dashboard watches
-- (ticket, lead, prospect, import). Extension: a readable per-entity helper.
CREATE FUNCTION app.stale_threshold(p_entity text) RETURNS interval
LANGUAGE sql STABLE
AS $$ SELECT th.threshold FROM app.stale_thresholds th WHERE th.entity = p_entity $$;
COMMENT ON FUNCTION app.stale_threshold(text) IS
  'The stuck-item threshold of an entity (ticket, lead, prospect, import) from app.stale_thresholds; NULL when the entity has none.';
GRANT EXECUTE ON FUNCTION app.stale_threshold(text) TO authenticated, bcc_definer;

COMMENT ON TABLE app.stale_thresholds IS
  'Reference data: how long an open item may stay without activity before it is listed as stale ("stuck items" of the dashboard): ticket (v_tickets_stale), lead (v_leads_stale), prospect (v_prospects_stale), import (v_imports_stale). Maintained by super_admin.';

-- ------------------------------------------------------------- predicates ---
-- Plain SQL expressions without FROM: the planner inlines them into the
-- queries that use them (no per-row function call).
CREATE FUNCTION app.lead_reached_qualified(p_status app.lead_status, p_qualified_at timestamptz, p_handed_over_at timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (p_qualified_at IS NOT NULL OR p_handed_over_at IS NOT NULL OR p_status IN ('QUALIFIED', 'HANDED_OVER', 'CONVERTED')) $$;
COMMENT ON FUNCTION app.lead_reached_qualified(app.lead_status, timestamptz, timestamptz) IS
  'A lead reached QUALIFIED or later (qualified, handed over or converted — also when disqualified afterwards): the rule of MKT_QUALIFIED_LEADS, for the dashboard''s qualified rate and the leads list filter qualified=true.';

CREATE FUNCTION app.first_response_outcome(p_due_at timestamptz, p_first_response_at timestamptz, p_is_open boolean, p_breached boolean)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p_due_at IS NULL THEN NULL
              WHEN p_breached THEN 'breached'
              WHEN p_first_response_at IS NOT NULL OR NOT p_is_open THEN 'met' END
$$;
COMMENT ON FUNCTION app.first_response_outcome(timestamptz, timestamptz, boolean, boolean) IS
  'First-response SLA outcome of a ticket from its stored due time and app.ticket_sla(): breached, met (answered in time, or ended without breaching), NULL while still pending (open, unanswered, not yet due) or without a target. The rule of OPS_SLA_COMPLIANCE_PCT; call as app.first_response_outcome(t.first_response_due_at, t.first_response_at, s.is_open, s.first_response_breached).';

GRANT EXECUTE ON FUNCTION app.lead_reached_qualified(app.lead_status, timestamptz, timestamptz),
  app.first_response_outcome(timestamptz, timestamptz, boolean, boolean) TO authenticated, bcc_definer;

-- ---------------------------------------------------------- stale views ---
CREATE VIEW app.v_leads_stale WITH (security_invoker = true) AS
SELECT l.lead_id, l.company_name, l.status, l.source_channel, l.created_by, l.sales_owner_user_id,
       l.created_at, l.last_activity_at,
       round(extract(epoch FROM now() - l.last_activity_at) / 3600, 1) AS idle_hours,
       round(extract(epoch FROM th.threshold) / 3600, 1) AS threshold_hours
  FROM app.leads l
  JOIN app.stale_thresholds th ON th.entity = 'lead'
 WHERE l.status IN ('NEW', 'QUALIFIED') AND l.last_activity_at < now() - th.threshold;
COMMENT ON VIEW app.v_leads_stale IS
  'Stuck leads: still NEW or QUALIFIED and unchanged for longer than app.stale_thresholds(''lead''). Visible leads of the caller.';
GRANT SELECT ON app.v_leads_stale TO authenticated;

CREATE VIEW app.v_prospects_stale WITH (security_invoker = true) AS
SELECT p.prospect_id, p.customer_id, p.owner_user_id, p.stage, p.stage_changed_at, p.created_at, p.last_activity_at,
       round(extract(epoch FROM now() - p.last_activity_at) / 3600, 1) AS idle_hours,
       round(extract(epoch FROM th.threshold) / 3600, 1) AS threshold_hours
  FROM app.prospects p
  JOIN app.stale_thresholds th ON th.entity = 'prospect'
 WHERE p.stage NOT IN ('WON', 'LOST') AND p.last_activity_at < now() - th.threshold;
COMMENT ON VIEW app.v_prospects_stale IS
  'Stuck prospects: open (not WON/LOST) with no activity or stage change for longer than app.stale_thresholds(''prospect''). Visible prospects of the caller.';
GRANT SELECT ON app.v_prospects_stale TO authenticated;

CREATE VIEW app.v_imports_stale WITH (security_invoker = true) AS
SELECT i.import_id, i.module, i.status, i.created_by, i.created_at, i.updated_at,
       round(extract(epoch FROM now() - i.updated_at) / 3600, 1) AS idle_hours,
       round(extract(epoch FROM th.threshold) / 3600, 2) AS threshold_hours
  FROM app.imports i
  JOIN app.stale_thresholds th ON th.entity = 'import'
 WHERE i.status NOT IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED') AND i.updated_at < now() - th.threshold;
COMMENT ON VIEW app.v_imports_stale IS
  'Stuck imports: not finished (UPLOADED, STAGED or PROCESSING) and not progressing (no change, no committed batch) for longer than app.stale_thresholds(''import''). Visible imports of the caller.';
GRANT SELECT ON app.v_imports_stale TO authenticated;

-- ---------------------------------------------------------------- indexes ---
-- Stuck items at scale: only open rows, ordered by idleness.
CREATE INDEX leads_open_activity_idx ON app.leads (last_activity_at) WHERE status IN ('NEW', 'QUALIFIED');
CREATE INDEX prospects_open_activity_idx ON app.prospects (last_activity_at) WHERE stage NOT IN ('WON', 'LOST');
CREATE INDEX imports_open_updated_idx ON app.imports (updated_at) WHERE status NOT IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED');
-- Pipeline by stage of the open, owned prospects (sales homes).
CREATE INDEX prospects_open_owner_stage_idx ON app.prospects (owner_user_id, stage) WHERE stage NOT IN ('WON', 'LOST');
-- Open tickets of a department (ops queue, SLA state).
CREATE INDEX tickets_dept_open_idx ON app.tickets (dept_target, created_at) WHERE closed_at IS NULL;
