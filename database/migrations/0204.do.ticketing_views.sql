-- =============================================================================
-- 0204 ticketing: views
--   v_ops_rfqs_masked           definer-rights masking view (ops of the RFQ's dept)
--   v_ticket_sla                per ticket: targets, due times, breach/at-risk, state
--   v_ticket_first_response     per ticket: first response, calendar + business
--   v_ticket_first_response_median_daily[_dept]   daily medians (days without any are absent)
--   v_tickets_stale             open tickets idle past app.stale_thresholds('ticket')
-- Every view but the masking view is security_invoker (the caller's RLS). For
-- ops, the invoker views add the caller's masked RFQs through the masking view,
-- so SLA figures include them without any customer identity.
-- =============================================================================

-- ------------------------------------------------------- v_ops_rfqs_masked ---
-- Deliberately definer-rights (owned by bcc_definer, BYPASSRLS) and a security
-- barrier: it filters itself to ops of the RFQ's dept_target (and super_admin)
-- and returns no customer identity. Free text typed by the requester is
-- redacted against the customer's and its leads' identifiers.
CREATE VIEW app.v_ops_rfqs_masked WITH (security_barrier = true) AS
SELECT t.ticket_id,
       t.ticket_type,
       t.inquiry_status,
       t.inquiry_status::text AS status,
       'MASKED'::text AS company_name,
       NULL::text AS contact_name,
       NULL::text AS email,
       NULL::text AS phone,
       NULL::text AS npwp,
       app.redact_identity(t.subject, idt.terms) AS subject,
       app.redact_identity(t.description, idt.terms) AS description,
       t.priority,
       t.dept_target,
       t.created_by,
       t.assigned_to_user_id,
       t.need_customer_masking,
       app.redact_identity(t.origin, idt.terms) AS origin,
       app.redact_identity(t.destination, idt.terms) AS destination,
       t.service_type,
       app.redact_identity(t.commodity, idt.terms) AS commodity,
       t.weight_kg,
       t.volume_cbm,
       t.ready_date,
       app.redact_identity(t.status_reason, idt.terms) AS status_reason,
       t.created_at,
       t.updated_at,
       t.last_activity_at,
       t.first_response_at,
       t.resolved_at,
       t.closed_at,
       p.first_response_minutes AS first_response_target_minutes,
       p.resolution_minutes AS resolution_target_minutes,
       t.first_response_due_at,
       t.first_response_risk_at,
       t.resolution_due_at,
       t.resolution_risk_at,
       round(extract(epoch FROM t.first_response_at - t.created_at) / 60, 2) AS first_response_minutes,
       t.first_response_business_minutes,
       t.resolution_minutes,
       t.resolution_business_minutes,
       t.paused_business_minutes,
       s.is_open,
       s.is_paused,
       s.first_response_breached,
       s.first_response_at_risk,
       s.resolution_breached,
       s.resolution_at_risk,
       s.sla_state,
       s.next_due_at,
       s.business_minutes_to_due,
       q.amount AS quote_amount,
       q.currency AS quote_currency,
       q.valid_until AS quote_valid_until
  FROM app.tickets t
  LEFT JOIN app.sla_policies p ON p.ticket_type = t.ticket_type AND p.priority = t.priority
  CROSS JOIN LATERAL app.ticket_sla(t) s
  LEFT JOIN LATERAL (
    SELECT tq.amount, tq.currency, tq.valid_until FROM app.ticket_quotes tq
     WHERE tq.ticket_id = t.ticket_id ORDER BY tq.created_at DESC, tq.quote_id DESC LIMIT 1) q ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(x.v) AS terms FROM (
      SELECT unnest(ARRAY[c.company_name, c.name_norm, c.email, c.email_norm, c.phone, c.phone_norm, c.npwp, c.npwp_norm, c.address]) AS v
        FROM app.customers c WHERE c.customer_id = t.related_customer_id
      UNION ALL
      SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
        FROM app.leads l WHERE l.customer_id = t.related_customer_id OR l.lead_id = t.related_lead_id) x
     WHERE x.v IS NOT NULL) idt ON true
 WHERE t.ticket_type = 'inquiry_tariff'
   AND t.need_customer_masking
   AND ((SELECT app.current_role()) = 'super_admin'
        OR ((SELECT app.current_role()) = 'ops' AND t.dept_target = (SELECT app.current_dept())));
ALTER VIEW app.v_ops_rfqs_masked OWNER TO bcc_definer;
COMMENT ON VIEW app.v_ops_rfqs_masked IS
  'The RFQ queue of operations: masked tariff inquiries of the caller''s department (ops; super_admin sees all). company_name is always MASKED; contact name, email, phone and NPWP are NULL; no customer/lead/prospect id; free text redacted. Everything needed to quote is kept (route, service, commodity, weight, volume, ready date, priority, SLA, latest quote). Definer-rights and security_barrier on purpose: it filters by the caller''s claims itself.';
GRANT SELECT ON app.v_ops_rfqs_masked TO authenticated;

-- ------------------------------------------------------------- v_ticket_sla ---
CREATE VIEW app.v_ticket_sla WITH (security_invoker = true) AS
SELECT t.ticket_id, t.ticket_type, s.status, t.priority, t.dept_target, t.created_by, t.assigned_to_user_id,
       t.need_customer_masking, t.subject, t.created_at, t.first_response_at, t.resolved_at, t.closed_at,
       p.first_response_minutes AS first_response_target_minutes, p.resolution_minutes AS resolution_target_minutes,
       t.first_response_due_at, t.first_response_risk_at, t.resolution_due_at, t.resolution_risk_at,
       round(extract(epoch FROM t.first_response_at - t.created_at) / 60, 2) AS first_response_minutes,
       t.first_response_business_minutes, t.resolution_minutes, t.resolution_business_minutes, t.paused_business_minutes,
       s.is_open, s.is_paused, s.first_response_breached, s.first_response_at_risk, s.resolution_breached, s.resolution_at_risk,
       s.sla_state, s.next_due_at, s.business_minutes_to_due
  FROM app.tickets t
  LEFT JOIN app.sla_policies p ON p.ticket_type = t.ticket_type AND p.priority = t.priority
  CROSS JOIN LATERAL app.ticket_sla(t) s
UNION ALL
SELECT m.ticket_id, m.ticket_type, m.status, m.priority, m.dept_target, m.created_by, m.assigned_to_user_id,
       m.need_customer_masking, m.subject, m.created_at, m.first_response_at, m.resolved_at, m.closed_at,
       m.first_response_target_minutes, m.resolution_target_minutes,
       m.first_response_due_at, m.first_response_risk_at, m.resolution_due_at, m.resolution_risk_at,
       m.first_response_minutes, m.first_response_business_minutes, m.resolution_minutes, m.resolution_business_minutes, m.paused_business_minutes,
       m.is_open, m.is_paused, m.first_response_breached, m.first_response_at_risk, m.resolution_breached, m.resolution_at_risk,
       m.sla_state, m.next_due_at, m.business_minutes_to_due
  FROM app.v_ops_rfqs_masked m
 WHERE (SELECT app.current_role()) = 'ops';
COMMENT ON VIEW app.v_ticket_sla IS
  'Per visible ticket: SLA targets (business minutes), stored due/risk times, durations, breach and at-risk flags, sla_state (breached|at_risk|on_track|paused|met), next due time and business minutes left. Compares stored due times with now(): no per-row calendar arithmetic except the time left. Ops also get their masked RFQs (masked subject).';
GRANT SELECT ON app.v_ticket_sla TO authenticated;

-- -------------------------------------------------- v_ticket_first_response ---
CREATE VIEW app.v_ticket_first_response WITH (security_invoker = true) AS
SELECT t.ticket_id, t.ticket_type, t.priority, t.dept_target, t.created_by, t.assigned_to_user_id, t.need_customer_masking,
       t.created_at, (t.created_at AT TIME ZONE 'Asia/Jakarta')::date AS created_day,
       t.first_response_at,
       round(extract(epoch FROM t.first_response_at - t.created_at) / 60, 2) AS first_response_minutes,
       t.first_response_business_minutes,
       p.first_response_minutes AS first_response_target_minutes,
       t.first_response_due_at,
       CASE WHEN t.first_response_at IS NOT NULL THEN t.first_response_at <= t.first_response_due_at END AS first_response_met
  FROM app.tickets t
  LEFT JOIN app.sla_policies p ON p.ticket_type = t.ticket_type AND p.priority = t.priority
UNION ALL
SELECT m.ticket_id, m.ticket_type, m.priority, m.dept_target, m.created_by, m.assigned_to_user_id, m.need_customer_masking,
       m.created_at, (m.created_at AT TIME ZONE 'Asia/Jakarta')::date,
       m.first_response_at, m.first_response_minutes, m.first_response_business_minutes, m.first_response_target_minutes,
       m.first_response_due_at,
       CASE WHEN m.first_response_at IS NOT NULL THEN m.first_response_at <= m.first_response_due_at END
  FROM app.v_ops_rfqs_masked m
 WHERE (SELECT app.current_role()) = 'ops';
COMMENT ON VIEW app.v_ticket_first_response IS
  'Per visible ticket: first response (first non-internal message by someone other than the creator) as calendar and business minutes (Mon–Fri 08:00–17:00 Asia/Jakarta minus holidays), the target and whether it was met. NULLs while unanswered.';
GRANT SELECT ON app.v_ticket_first_response TO authenticated;

CREATE VIEW app.v_ticket_first_response_median_daily WITH (security_invoker = true) AS
SELECT f.created_day AS day,
       count(*)::integer AS tickets,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_minutes)::numeric, 2) AS median_first_response_minutes,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_business_minutes)::numeric, 2) AS median_first_response_business_minutes
  FROM app.v_ticket_first_response f
 WHERE f.first_response_at IS NOT NULL
 GROUP BY f.created_day;
COMMENT ON VIEW app.v_ticket_first_response_median_daily IS
  'Daily median first response over the visible tickets created that day that have one (tickets = how many). Days without any answered ticket are absent, not 0.';
GRANT SELECT ON app.v_ticket_first_response_median_daily TO authenticated;

CREATE VIEW app.v_ticket_first_response_median_daily_dept WITH (security_invoker = true) AS
SELECT f.created_day AS day,
       f.dept_target,
       count(*)::integer AS tickets,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_minutes)::numeric, 2) AS median_first_response_minutes,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_response_business_minutes)::numeric, 2) AS median_first_response_business_minutes
  FROM app.v_ticket_first_response f
 WHERE f.first_response_at IS NOT NULL
 GROUP BY f.created_day, f.dept_target;
COMMENT ON VIEW app.v_ticket_first_response_median_daily_dept IS
  'As v_ticket_first_response_median_daily, per target department (e.g. OPS_FIRST_RESPONSE_MEDIAN_HOURS of a department).';
GRANT SELECT ON app.v_ticket_first_response_median_daily_dept TO authenticated;

-- ----------------------------------------------------------- v_tickets_stale ---
CREATE VIEW app.v_tickets_stale WITH (security_invoker = true) AS
SELECT t.ticket_id, t.ticket_type, coalesce(t.ticket_status::text, t.inquiry_status::text) AS status, t.priority,
       t.dept_target, t.created_by, t.assigned_to_user_id, t.need_customer_masking, t.subject,
       t.created_at, t.last_activity_at,
       round(extract(epoch FROM now() - t.last_activity_at) / 3600, 1) AS idle_hours,
       round(extract(epoch FROM th.threshold) / 3600, 1) AS threshold_hours
  FROM app.tickets t
  JOIN app.stale_thresholds th ON th.entity = 'ticket'
 WHERE t.closed_at IS NULL AND t.last_activity_at < now() - th.threshold
UNION ALL
SELECT m.ticket_id, m.ticket_type, m.status, m.priority, m.dept_target, m.created_by, m.assigned_to_user_id,
       m.need_customer_masking, m.subject, m.created_at, m.last_activity_at,
       round(extract(epoch FROM now() - m.last_activity_at) / 3600, 1),
       round(extract(epoch FROM th.threshold) / 3600, 1)
  FROM app.v_ops_rfqs_masked m
  JOIN app.stale_thresholds th ON th.entity = 'ticket'
 WHERE (SELECT app.current_role()) = 'ops' AND m.closed_at IS NULL AND m.last_activity_at < now() - th.threshold;
COMMENT ON VIEW app.v_tickets_stale IS
  'Stuck tickets: not CLOSED/WON/LOST/CANCELLED and without any message, file or change for longer than app.stale_thresholds(''ticket''). Visible tickets of the caller (ops: + their masked RFQs, masked).';
GRANT SELECT ON app.v_tickets_stale TO authenticated;
