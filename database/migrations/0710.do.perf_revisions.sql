-- =============================================================================
-- 0710 perf (P2): revisions of 0700–0702 after measuring them on the large
-- dataset (bench/p2-lists.mjs --scale 1, docs/benchmarks.md). Same rows, same
-- masking, same numbers; only the plans change.
--
--   * v_ops_rfqs_masked: the caller's queue (ops: their department; super
--     admin: all) is ordered inside an optimisation fence before any per-row
--     work, served by a partial index per department, so a first page masks
--     its 50 rows only (0700 still sorted every RFQ of the department).
--   * payments, sales branches: back to "its invoice is visible" checked per
--     row through the invoice's primary key (0302). The precomputed set of a
--     salesperson's invoice ids from 0701 measured slower on the large dataset.
--   * app.ar_invoice_outstanding(): back to the per-invoice computation of
--     0301. Lists read a page of it (one payments look-up per row shown, in
--     index order); the join with the balances from 0702 cost more there than
--     it saved. The aggregates keep reading app.ar_invoice_balances.
--   * app.ar_aging(): buckets per customer first, then one name per customer
--     (0702 looked a customer up per invoice).
-- =============================================================================
CREATE INDEX tickets_masked_rfq_dept_idx ON app.tickets (dept_target, created_at DESC, ticket_id DESC)
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
  FROM (
    -- The caller's queue in its order, before any per-row work (an optimisation fence):
    -- a page of the list then computes the masked columns of its rows only.
    SELECT x.* FROM app.tickets x
     WHERE x.ticket_type = 'inquiry_tariff' AND x.need_customer_masking
       AND (SELECT app.current_role()) = 'ops' AND x.dept_target = (SELECT app.current_dept())
    UNION ALL
    SELECT x.* FROM app.tickets x
     WHERE x.ticket_type = 'inquiry_tariff' AND x.need_customer_masking
       AND (SELECT app.current_role()) = 'super_admin'
     ORDER BY created_at DESC, ticket_id DESC
    OFFSET 0) t
  LEFT JOIN app.sla_policies p ON p.ticket_type = t.ticket_type AND p.priority = t.priority
  CROSS JOIN LATERAL app.ticket_sla(t::app.tickets) s
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
 ORDER BY t.created_at DESC, t.ticket_id DESC;
ALTER VIEW app.v_ops_rfqs_masked OWNER TO bcc_definer;

-- ------------------------------------------------------------- payments ---
ALTER POLICY "payments follow their invoice" ON app.payments
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_id = payments.invoice_id)
    WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_id = payments.invoice_id)
    ELSE false
  END);
COMMENT ON POLICY "payments follow their invoice" ON app.payments IS
  'A payment is visible exactly when its invoice is (the invoice policy applies inside the EXISTS, through the invoice''s primary key).';
DROP FUNCTION app.sales_visible_invoice_ids();

-- ------------------------------------------------------------ AR formulas ---
CREATE OR REPLACE FUNCTION app.ar_invoice_outstanding(p_as_of date)
RETURNS TABLE (invoice_id text, invoice_number text, customer_id text, invoice_date date, due_date date,
               amount numeric, currency text, notes text, import_id text, created_by uuid, created_at timestamptz,
               paid_amount numeric, outstanding_amount numeric, is_overdue boolean, days_past_due integer, status text)
LANGUAGE sql STABLE
AS $$
  SELECT i.invoice_id, i.invoice_number, i.customer_id, i.invoice_date, i.due_date,
         i.amount, i.currency, i.notes, i.import_id, i.created_by, i.created_at,
         coalesce(p.paid, 0)::numeric(18, 2) AS paid_amount,
         (i.amount - coalesce(p.paid, 0))::numeric(18, 2) AS outstanding_amount,
         (i.amount - coalesce(p.paid, 0) > 0 AND i.due_date < p_as_of) AS is_overdue,
         CASE WHEN i.amount - coalesce(p.paid, 0) > 0 AND i.due_date < p_as_of THEN p_as_of - i.due_date ELSE 0 END AS days_past_due,
         CASE WHEN i.amount - coalesce(p.paid, 0) = 0 THEN 'PAID'
              WHEN i.due_date < p_as_of THEN 'OVERDUE'
              WHEN coalesce(p.paid, 0) > 0 THEN 'PARTIALLY_PAID'
              ELSE 'OPEN' END AS status
    FROM app.invoices i
    LEFT JOIN LATERAL (SELECT sum(x.amount) AS paid FROM app.payments x
                        WHERE x.invoice_id = i.invoice_id AND x.payment_date <= p_as_of) p ON true
   WHERE i.invoice_date <= p_as_of
$$;

CREATE OR REPLACE FUNCTION app.ar_aging(p_as_of date, p_customer_id text DEFAULT NULL)
RETURNS TABLE (customer_id text, company_name text, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric, total numeric)
LANGUAGE sql STABLE
AS $$
  -- Buckets per customer first, then one name per customer (not one customer lookup per invoice).
  SELECT a.customer_id, c.company_name, a."current", a.days_1_30, a.days_31_60, a.days_61_90, a.days_over_90, a.total
    FROM (
      SELECT o.customer_id,
             coalesce(sum(o.o) FILTER (WHERE o.due_date >= p_as_of), 0)::numeric(18, 2) AS "current",
             coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 1 AND 30), 0)::numeric(18, 2) AS days_1_30,
             coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 31 AND 60), 0)::numeric(18, 2) AS days_31_60,
             coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 61 AND 90), 0)::numeric(18, 2) AS days_61_90,
             coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date > 90), 0)::numeric(18, 2) AS days_over_90,
             sum(o.o)::numeric(18, 2) AS total
        FROM (
          SELECT b.customer_id, b.due_date, b.amount - b.paid_amount AS o FROM app.ar_invoice_balances b
           WHERE b.paid_amount < b.amount AND b.invoice_date <= p_as_of AND p_as_of >= app.today_jakarta()
             AND (p_customer_id IS NULL OR b.customer_id = p_customer_id)
          UNION ALL
          SELECT x.customer_id, x.due_date, x.outstanding_amount FROM app.ar_invoice_outstanding(p_as_of) x
           WHERE x.outstanding_amount > 0 AND p_as_of < app.today_jakarta()
             AND (p_customer_id IS NULL OR x.customer_id = p_customer_id)) o
       GROUP BY o.customer_id) a
    LEFT JOIN app.customers c ON c.customer_id = a.customer_id
$$;
