-- =============================================================================
-- 0702 perf (P2): outstanding, aging, AR balance and overdue % "as of today"
-- without a per-invoice payments lookup.
--
-- Every AR figure came from app.ar_invoice_outstanding(d), which sums each
-- invoice's payments dated <= d in a correlated subquery. A list page reads
-- 50 invoices that way (fine); the aggregates (aging, outstanding per
-- customer, AR balance, overdue %, the dashboard's AR numbers) ran it for
-- every visible invoice — on the large dataset 500 000 lookups per request
-- (seconds; EXPLAIN ANALYZE in docs/benchmarks.md, P2).
--
-- app.ar_invoice_balances keeps, per invoice, what those figures need "as of
-- today": amount, dates, customer and the total paid. It is derived data,
-- written only by triggers in the same transaction as the invoice or payment
-- (never by a periodic refresh — domain.md: AR reflects committed writes
-- immediately), statement-level so bulk imports stay set-based. "Today" is
-- exact: a payment dated in the future is refused (payment_before_insert), so
-- every recorded payment counts in every as-of date >= today. Earlier as-of
-- dates keep the per-invoice computation. The functions return exactly what
-- they returned before; a partial index holds the open items (paid < amount).
-- =============================================================================
CREATE TABLE app.ar_invoice_balances (
  invoice_id    text PRIMARY KEY REFERENCES app.invoices(invoice_id) ON DELETE CASCADE,
  customer_id   text NOT NULL,
  invoice_date  date NOT NULL,
  due_date      date NOT NULL,
  amount        numeric(18, 2) NOT NULL,
  paid_amount   numeric(18, 2) NOT NULL DEFAULT 0
);
CREATE INDEX ar_invoice_balances_open_due_idx ON app.ar_invoice_balances (due_date)
  INCLUDE (customer_id, invoice_date, amount, paid_amount) WHERE paid_amount < amount;
CREATE INDEX ar_invoice_balances_open_customer_idx ON app.ar_invoice_balances (customer_id)
  INCLUDE (invoice_date, due_date, amount, paid_amount) WHERE paid_amount < amount;
COMMENT ON TABLE app.ar_invoice_balances IS
  'Derived, per invoice: amount, dates, customer and the total of its payments — what outstanding/aging/AR balance "as of today" need, kept current by triggers on invoices and payments in the same transaction. Never written by users.';

-- Backfill as the definer role (RLS is forced for the owner, who reads no invoice).
SET LOCAL ROLE bcc_definer;
INSERT INTO app.ar_invoice_balances (invoice_id, customer_id, invoice_date, due_date, amount, paid_amount)
SELECT i.invoice_id, i.customer_id, i.invoice_date, i.due_date, i.amount, coalesce(p.paid, 0)
  FROM app.invoices i
  LEFT JOIN (SELECT x.invoice_id, sum(x.amount) AS paid FROM app.payments x GROUP BY x.invoice_id) p ON p.invoice_id = i.invoice_id;
SET LOCAL ROLE bcc_owner;

CREATE FUNCTION app.ar_balances_after_invoices() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO app.ar_invoice_balances (invoice_id, customer_id, invoice_date, due_date, amount)
    SELECT n.invoice_id, n.customer_id, n.invoice_date, n.due_date, n.amount FROM ar_new n;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE app.ar_invoice_balances b
       SET customer_id = n.customer_id, invoice_date = n.invoice_date, due_date = n.due_date, amount = n.amount
      FROM ar_new n
     WHERE b.invoice_id = n.invoice_id
       AND (b.customer_id, b.invoice_date, b.due_date, b.amount) IS DISTINCT FROM (n.customer_id, n.invoice_date, n.due_date, n.amount);
  ELSE
    DELETE FROM app.ar_invoice_balances b USING ar_old o WHERE b.invoice_id = o.invoice_id;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.ar_balances_after_invoices() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ar_balances_after_invoices() IS 'AFTER INSERT/UPDATE/DELETE statement triggers on invoices: keep app.ar_invoice_balances in step (one statement per batch).';
CREATE TRIGGER invoices_ar_balances_insert AFTER INSERT ON app.invoices REFERENCING NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_invoices();
CREATE TRIGGER invoices_ar_balances_update AFTER UPDATE ON app.invoices REFERENCING NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_invoices();
CREATE TRIGGER invoices_ar_balances_delete AFTER DELETE ON app.invoices REFERENCING OLD TABLE AS ar_old
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_invoices();

CREATE FUNCTION app.ar_balances_after_payments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE app.ar_invoice_balances SET paid_amount = 0 WHERE paid_amount <> 0;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE app.ar_invoice_balances b
       SET paid_amount = b.paid_amount - s.amount
      FROM (SELECT o.invoice_id, sum(o.amount) AS amount FROM ar_old o GROUP BY o.invoice_id) s
     WHERE b.invoice_id = s.invoice_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE app.ar_invoice_balances b
       SET paid_amount = b.paid_amount + s.amount
      FROM (SELECT n.invoice_id, sum(n.amount) AS amount FROM ar_new n GROUP BY n.invoice_id) s
     WHERE b.invoice_id = s.invoice_id;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.ar_balances_after_payments() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ar_balances_after_payments() IS 'Statement triggers on payments: add the statement''s payments to their invoices'' paid_amount (payments are append-only for every role; the UPDATE/DELETE/TRUNCATE branches keep the balances right even for maintenance done with triggers off).';
CREATE TRIGGER payments_ar_balances_insert AFTER INSERT ON app.payments REFERENCING NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_payments();
CREATE TRIGGER payments_ar_balances_update AFTER UPDATE ON app.payments REFERENCING OLD TABLE AS ar_old NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_payments();
CREATE TRIGGER payments_ar_balances_delete AFTER DELETE ON app.payments REFERENCING OLD TABLE AS ar_old
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_payments();
CREATE TRIGGER payments_ar_balances_truncate AFTER TRUNCATE ON app.payments
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_balances_after_payments();

-- Derived data must follow its source whatever writes it: also in sessions
-- with session_replication_role = replica (bulk loads, the generator, test
-- fixtures that bypass the write rules), where ordinary triggers and the
-- foreign-key cascade are off.
ALTER TABLE app.invoices ENABLE ALWAYS TRIGGER invoices_ar_balances_insert;
ALTER TABLE app.invoices ENABLE ALWAYS TRIGGER invoices_ar_balances_update;
ALTER TABLE app.invoices ENABLE ALWAYS TRIGGER invoices_ar_balances_delete;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_balances_insert;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_balances_update;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_balances_delete;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_balances_truncate;

-- Read like invoices: all for super_admin, director and finance; sales the
-- customers they (their team) own a prospect of.
ALTER TABLE app.ar_invoice_balances ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
GRANT SELECT ON app.ar_invoice_balances TO authenticated;
CREATE POLICY "invoice balances are read like their invoices" ON app.ar_invoice_balances FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    WHEN 'salesperson' THEN customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
    ELSE false
  END);

-- ------------------------------------------------------------ the formulas ---
-- Each as-of function: a branch for as-of >= today on the balances, and the
-- original per-invoice computation for earlier dates. The branch conditions
-- hold no column, so the planner runs exactly one of them.
CREATE OR REPLACE FUNCTION app.ar_invoice_outstanding(p_as_of date)
RETURNS TABLE (invoice_id text, invoice_number text, customer_id text, invoice_date date, due_date date,
               amount numeric, currency text, notes text, import_id text, created_by uuid, created_at timestamptz,
               paid_amount numeric, outstanding_amount numeric, is_overdue boolean, days_past_due integer, status text)
LANGUAGE sql STABLE
AS $$
  SELECT i.invoice_id, i.invoice_number, i.customer_id, i.invoice_date, i.due_date,
         i.amount, i.currency, i.notes, i.import_id, i.created_by, i.created_at,
         b.paid_amount AS paid_amount,
         (i.amount - b.paid_amount)::numeric(18, 2) AS outstanding_amount,
         (i.amount - b.paid_amount > 0 AND i.due_date < p_as_of) AS is_overdue,
         CASE WHEN i.amount - b.paid_amount > 0 AND i.due_date < p_as_of THEN p_as_of - i.due_date ELSE 0 END AS days_past_due,
         CASE WHEN i.amount - b.paid_amount = 0 THEN 'PAID'
              WHEN i.due_date < p_as_of THEN 'OVERDUE'
              WHEN b.paid_amount > 0 THEN 'PARTIALLY_PAID'
              ELSE 'OPEN' END AS status
    FROM app.invoices i
    JOIN app.ar_invoice_balances b ON b.invoice_id = i.invoice_id
   WHERE i.invoice_date <= p_as_of AND p_as_of >= app.today_jakarta()
  UNION ALL
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
   WHERE i.invoice_date <= p_as_of AND p_as_of < app.today_jakarta()
$$;

CREATE OR REPLACE FUNCTION app.ar_balance(p_as_of date) RETURNS numeric
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(sum(x.o), 0)::numeric(18, 2) FROM (
    SELECT b.amount - b.paid_amount AS o FROM app.ar_invoice_balances b
     WHERE b.paid_amount < b.amount AND b.invoice_date <= p_as_of AND p_as_of >= app.today_jakarta()
    UNION ALL
    SELECT o.outstanding_amount FROM app.ar_invoice_outstanding(p_as_of) o WHERE p_as_of < app.today_jakarta()) x
$$;

CREATE OR REPLACE FUNCTION app.ar_overdue_pct(p_as_of date) RETURNS numeric
LANGUAGE sql STABLE
AS $$
  SELECT CASE WHEN coalesce(sum(x.o), 0) > 0
              THEN round(100 * coalesce(sum(x.o) FILTER (WHERE x.overdue), 0) / sum(x.o), 2) END
    FROM (
      SELECT b.amount - b.paid_amount AS o, b.due_date < p_as_of AS overdue FROM app.ar_invoice_balances b
       WHERE b.paid_amount < b.amount AND b.invoice_date <= p_as_of AND p_as_of >= app.today_jakarta()
      UNION ALL
      SELECT o.outstanding_amount, o.is_overdue FROM app.ar_invoice_outstanding(p_as_of) o WHERE p_as_of < app.today_jakarta()) x
$$;

CREATE OR REPLACE FUNCTION app.ar_aging(p_as_of date, p_customer_id text DEFAULT NULL)
RETURNS TABLE (customer_id text, company_name text, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric, total numeric)
LANGUAGE sql STABLE
AS $$
  SELECT o.customer_id, c.company_name,
         coalesce(sum(o.o) FILTER (WHERE o.due_date >= p_as_of), 0)::numeric(18, 2),
         coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 1 AND 30), 0)::numeric(18, 2),
         coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 31 AND 60), 0)::numeric(18, 2),
         coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date BETWEEN 61 AND 90), 0)::numeric(18, 2),
         coalesce(sum(o.o) FILTER (WHERE p_as_of - o.due_date > 90), 0)::numeric(18, 2),
         sum(o.o)::numeric(18, 2)
    FROM (
      SELECT b.customer_id, b.due_date, b.amount - b.paid_amount AS o FROM app.ar_invoice_balances b
       WHERE b.paid_amount < b.amount AND b.invoice_date <= p_as_of AND p_as_of >= app.today_jakarta()
         AND (p_customer_id IS NULL OR b.customer_id = p_customer_id)
      UNION ALL
      SELECT x.customer_id, x.due_date, x.outstanding_amount FROM app.ar_invoice_outstanding(p_as_of) x
       WHERE x.outstanding_amount > 0 AND p_as_of < app.today_jakarta()
         AND (p_customer_id IS NULL OR x.customer_id = p_customer_id)) o
    LEFT JOIN app.customers c ON c.customer_id = o.customer_id
   GROUP BY o.customer_id, c.company_name
$$;
