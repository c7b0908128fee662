-- =============================================================================
-- 0700 perf (P2): the masked RFQ queue of operations on the large dataset.
--
-- Measured on the generated dataset (bench/p2-lists.mjs): GET /api/ops/rfqs
-- took seconds because v_ops_rfqs_masked
--   * collected the identity terms to redact with
--       leads l WHERE l.customer_id = t.related_customer_id OR l.lead_id = t.related_lead_id
--     — an OR no index serves: a sequential scan of all leads per RFQ row;
--   * could only produce "newest first" by computing every RFQ of the
--     department (terms + redaction of six text fields) and sorting them.
-- Now the terms come from two index lookups (leads_customer_idx, leads pkey),
-- deduplicated once, and a partial index hands the queue over in its order,
-- so a first page computes its 50 rows and stops (EXPLAIN ANALYZE evidence in
-- docs/benchmarks.md, P2). Same columns, same rows, same masking.
-- =============================================================================
CREATE INDEX tickets_masked_rfq_queue_idx ON app.tickets (created_at DESC, ticket_id DESC)
  WHERE ticket_type = 'inquiry_tariff' AND need_customer_masking;

CREATE OR REPLACE VIEW app.v_ops_rfqs_masked WITH (security_barrier = true) AS
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
    SELECT array_agg(DISTINCT x.v) AS terms FROM (
      SELECT unnest(ARRAY[c.company_name, c.name_norm, c.email, c.email_norm, c.phone, c.phone_norm, c.npwp, c.npwp_norm, c.address]) AS v
        FROM app.customers c WHERE c.customer_id = t.related_customer_id
      UNION ALL
      SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
        FROM app.leads l WHERE l.customer_id = t.related_customer_id
      UNION ALL
      SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
        FROM app.leads l WHERE l.lead_id = t.related_lead_id AND l.customer_id IS DISTINCT FROM t.related_customer_id) x
     WHERE x.v IS NOT NULL) idt ON true
 WHERE t.ticket_type = 'inquiry_tariff'
   AND t.need_customer_masking
   AND ((SELECT app.current_role()) = 'super_admin'
        OR ((SELECT app.current_role()) = 'ops' AND t.dept_target = (SELECT app.current_dept())));
ALTER VIEW app.v_ops_rfqs_masked OWNER TO bcc_definer;

-- The same OR, per request, in the functions behind GET /api/ops/rfqs/{id}.
CREATE OR REPLACE FUNCTION app.ops_rfq_identity_terms(p_customer_id text, p_lead_id text) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_terms text[];
BEGIN
  -- Only the ops functions use it, after their own guard; refuse anyone else outright.
  IF app.current_role() IS DISTINCT FROM 'ops' AND app.current_role() IS DISTINCT FROM 'super_admin' THEN
    PERFORM app.raise_error('BC403', 'Not available');
  END IF;
  SELECT coalesce(array_agg(DISTINCT x.v), '{}') INTO v_terms FROM (
    SELECT unnest(ARRAY[c.company_name, c.name_norm, c.email, c.email_norm, c.phone, c.phone_norm, c.npwp, c.npwp_norm, c.address]) AS v
      FROM app.customers c WHERE c.customer_id = p_customer_id
    UNION ALL
    SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
      FROM app.leads l WHERE l.customer_id = p_customer_id
    UNION ALL
    SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
      FROM app.leads l WHERE l.lead_id = p_lead_id AND l.customer_id IS DISTINCT FROM p_customer_id) x
   WHERE x.v IS NOT NULL;
  RETURN v_terms;
END
$$;
