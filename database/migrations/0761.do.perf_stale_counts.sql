-- =============================================================================
-- 0761 perf (P2): the stale-lead and stale-prospect counts of the home ("stuck
-- items") from their indexes, as 0760 does for tickets.
--
-- Both views joined app.stale_thresholds, so the cut-off was a join filter:
-- every open lead (365 000 at scale 1) / open prospect was fetched from the
-- heap, its policy evaluated, then compared. Now the cut-off is read once per
-- statement (app.stale_before(entity), 0760) — an index condition — and the
-- partial indexes carry the columns the SELECT policies read, so a count is an
-- index-only range scan. Same rows, same columns.
-- =============================================================================

DROP INDEX app.leads_open_activity_idx;
CREATE INDEX leads_open_activity_idx ON app.leads (last_activity_at)
  INCLUDE (created_by, sales_owner_user_id)
  WHERE status IN ('NEW', 'QUALIFIED');
COMMENT ON INDEX app.leads_open_activity_idx IS
  'Open leads (NEW, QUALIFIED) by last activity, with the columns the leads'' SELECT policy reads: stale counts are index-only range scans (0761).';

DROP INDEX app.prospects_open_activity_idx;
CREATE INDEX prospects_open_activity_idx ON app.prospects (last_activity_at)
  INCLUDE (owner_user_id, prospect_id)
  WHERE stage NOT IN ('WON', 'LOST');
COMMENT ON INDEX app.prospects_open_activity_idx IS
  'Open prospects (not WON/LOST) by last activity, with the columns the prospects'' SELECT policy and the "assigned" filter read: stale counts are index-only range scans (0761).';

CREATE OR REPLACE VIEW app.v_leads_stale WITH (security_invoker = true) AS
SELECT l.lead_id, l.company_name, l.status, l.source_channel, l.created_by, l.sales_owner_user_id,
       l.created_at, l.last_activity_at,
       round(extract(epoch FROM now() - l.last_activity_at) / 3600, 1) AS idle_hours,
       (SELECT round(extract(epoch FROM th.threshold) / 3600, 1) FROM app.stale_thresholds th WHERE th.entity = 'lead') AS threshold_hours
  FROM app.leads l
 WHERE l.status IN ('NEW', 'QUALIFIED') AND l.last_activity_at < (SELECT app.stale_before('lead'));

CREATE OR REPLACE VIEW app.v_prospects_stale WITH (security_invoker = true) AS
SELECT p.prospect_id, p.customer_id, p.owner_user_id, p.stage, p.stage_changed_at, p.created_at, p.last_activity_at,
       round(extract(epoch FROM now() - p.last_activity_at) / 3600, 1) AS idle_hours,
       (SELECT round(extract(epoch FROM th.threshold) / 3600, 1) FROM app.stale_thresholds th WHERE th.entity = 'prospect') AS threshold_hours
  FROM app.prospects p
 WHERE p.stage NOT IN ('WON', 'LOST') AND p.last_activity_at < (SELECT app.stale_before('prospect'));
