-- =============================================================================
-- 0730 perf (P2): AR aggregates "as of today" from counters, not from every
-- open invoice.
--
-- app.ar_invoice_balances (0702) holds one row per invoice; on the large
-- dataset 229 000 of the 500 000 invoices are open, so every whole-book
-- aggregate (the dashboard's AR numbers and aging chart, the outstanding and
-- aging lists of the director, overdue %, today's AR balance that the DSO
-- series starts from) still summed a quarter of a million rows per request.
--
-- Two derived tables, written only by statement-level triggers on
-- app.ar_invoice_balances (themselves kept by the invoice and payment
-- triggers of 0702), in the same transaction — never by a periodic refresh:
--
--   * app.ar_open_due_totals: Σ outstanding of the open invoices (paid <
--     amount) per due date — a few hundred rows. Outstanding, overdue and the
--     aging buckets at a date are sums of it by (as_of − due_date). Spread
--     over 8 slots (the writing backend's pid mod 8) so that concurrent
--     payments rarely queue on one counter row; readers sum the slots.
--     Read by the roles that read the whole book (super_admin, director,
--     finance); other roles aggregate their own visible balances (RLS).
--   * app.ar_open_customer_totals: per customer, Σ outstanding and the number
--     of open invoices. Orders the aging and outstanding lists (largest first)
--     so that a page computes its buckets for its own customers only. Read
--     like the invoices (sales: customers they, or their team, own a
--     prospect of).
--
-- "Today" is exact, as in 0702/0703: no invoice or payment is dated after
-- today (refused by the write rules), so every row counts in every as-of date
-- >= today. Earlier as-of dates keep the per-invoice computation of 0301.
-- The functions below return exactly what the per-invoice formulas return
-- (tests compare them, test/db/dashboard.spec.ts).
-- =============================================================================

CREATE TABLE app.ar_open_due_totals (
  due_date    date NOT NULL,
  slot        smallint NOT NULL,
  outstanding numeric(18, 2) NOT NULL,
  PRIMARY KEY (due_date, slot)
);
COMMENT ON TABLE app.ar_open_due_totals IS
  'Derived: Σ (amount − paid_amount) of the open invoices (app.ar_invoice_balances with paid_amount < amount) per due date, spread over slots (sum them). Kept by statement triggers on ar_invoice_balances in the writing transaction. Whole-book roles only.';

CREATE TABLE app.ar_open_customer_totals (
  customer_id text PRIMARY KEY,
  outstanding numeric(18, 2) NOT NULL,
  open_count  integer NOT NULL
);
CREATE INDEX ar_open_customer_totals_order_idx ON app.ar_open_customer_totals (outstanding DESC, customer_id DESC) WHERE open_count > 0;
COMMENT ON TABLE app.ar_open_customer_totals IS
  'Derived: per customer, Σ (amount − paid_amount) and the count of its open invoices (app.ar_invoice_balances with paid_amount < amount). Kept by statement triggers on ar_invoice_balances in the writing transaction. Read like the customer''s invoices.';

CREATE TABLE app.ar_daily_invoiced (
  invoice_date date NOT NULL,
  slot         smallint NOT NULL,
  amount       numeric(18, 2) NOT NULL,
  PRIMARY KEY (invoice_date, slot)
);
COMMENT ON TABLE app.ar_daily_invoiced IS
  'Derived: Σ amount of every invoice per invoice date (credit sales of a day), spread over slots (sum them). Kept by statement triggers on ar_invoice_balances in the writing transaction. Whole-book roles only.';

CREATE TABLE app.ar_daily_paid (
  payment_date date NOT NULL,
  slot         smallint NOT NULL,
  amount       numeric(18, 2) NOT NULL,
  PRIMARY KEY (payment_date, slot)
);
COMMENT ON TABLE app.ar_daily_paid IS
  'Derived: Σ amount of every payment per payment date, spread over slots (sum them). Kept by statement triggers on payments in the writing transaction. Whole-book roles only.';

-- Backfill as the definer role (RLS is forced for the owner, who reads no invoice).
SET LOCAL ROLE bcc_definer;
INSERT INTO app.ar_open_due_totals (due_date, slot, outstanding)
SELECT b.due_date, 0, sum(b.amount - b.paid_amount) FROM app.ar_invoice_balances b
 WHERE b.paid_amount < b.amount GROUP BY b.due_date;
INSERT INTO app.ar_open_customer_totals (customer_id, outstanding, open_count)
SELECT b.customer_id, sum(b.amount - b.paid_amount), count(*) FROM app.ar_invoice_balances b
 WHERE b.paid_amount < b.amount GROUP BY b.customer_id;
INSERT INTO app.ar_daily_invoiced (invoice_date, slot, amount)
SELECT b.invoice_date, 0, sum(b.amount) FROM app.ar_invoice_balances b GROUP BY b.invoice_date;
INSERT INTO app.ar_daily_paid (payment_date, slot, amount)
SELECT p.payment_date, 0, sum(p.amount) FROM app.payments p GROUP BY p.payment_date;
SET LOCAL ROLE bcc_owner;

CREATE FUNCTION app.ar_daily_paid_after_payments() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_slot smallint := (pg_backend_pid() % 8)::smallint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM app.ar_daily_paid;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO app.ar_daily_paid AS t (payment_date, slot, amount)
    SELECT n.payment_date, v_slot, sum(n.amount) FROM ar_new n GROUP BY n.payment_date ORDER BY n.payment_date
    ON CONFLICT (payment_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO app.ar_daily_paid AS t (payment_date, slot, amount)
    SELECT o.payment_date, v_slot, -sum(o.amount) FROM ar_old o GROUP BY o.payment_date ORDER BY o.payment_date
    ON CONFLICT (payment_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
  ELSE
    INSERT INTO app.ar_daily_paid AS t (payment_date, slot, amount)
    SELECT d.payment_date, v_slot, sum(d.a) FROM (
      SELECT n.payment_date, n.amount AS a FROM ar_new n UNION ALL SELECT o.payment_date, -o.amount FROM ar_old o) d
     GROUP BY d.payment_date HAVING sum(d.a) <> 0 ORDER BY d.payment_date
    ON CONFLICT (payment_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.ar_daily_paid_after_payments() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ar_daily_paid_after_payments() IS
  'Statement triggers on payments: add the statement''s payments per payment date to app.ar_daily_paid (this backend''s slot), in key order.';
CREATE TRIGGER payments_ar_daily_paid_insert AFTER INSERT ON app.payments REFERENCING NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_daily_paid_after_payments();
CREATE TRIGGER payments_ar_daily_paid_update AFTER UPDATE ON app.payments REFERENCING OLD TABLE AS ar_old NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_daily_paid_after_payments();
CREATE TRIGGER payments_ar_daily_paid_delete AFTER DELETE ON app.payments REFERENCING OLD TABLE AS ar_old
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_daily_paid_after_payments();
CREATE TRIGGER payments_ar_daily_paid_truncate AFTER TRUNCATE ON app.payments
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_daily_paid_after_payments();
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_daily_paid_insert;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_daily_paid_update;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_daily_paid_delete;
ALTER TABLE app.payments ENABLE ALWAYS TRIGGER payments_ar_daily_paid_truncate;

CREATE FUNCTION app.ar_open_totals_after_balances() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_slot smallint := (pg_backend_pid() % 8)::smallint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM app.ar_open_due_totals;
    DELETE FROM app.ar_open_customer_totals;
    DELETE FROM app.ar_daily_invoiced;
    RETURN NULL;
  END IF;
  -- Deltas of the statement: + new rows, − old rows (open ones for the
  -- outstanding counters). Counter rows are written in key order (no
  -- deadlock between two batches).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO app.ar_daily_invoiced AS t (invoice_date, slot, amount)
    SELECT n.invoice_date, v_slot, sum(n.amount) FROM ar_new n GROUP BY n.invoice_date ORDER BY n.invoice_date
    ON CONFLICT (invoice_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
    INSERT INTO app.ar_open_due_totals AS t (due_date, slot, outstanding)
    SELECT n.due_date, v_slot, sum(n.amount - n.paid_amount) FROM ar_new n
     WHERE n.paid_amount < n.amount GROUP BY n.due_date ORDER BY n.due_date
    ON CONFLICT (due_date, slot) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding;
    INSERT INTO app.ar_open_customer_totals AS t (customer_id, outstanding, open_count)
    SELECT n.customer_id, sum(n.amount - n.paid_amount), count(*) FROM ar_new n
     WHERE n.paid_amount < n.amount GROUP BY n.customer_id ORDER BY n.customer_id
    ON CONFLICT (customer_id) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding, open_count = t.open_count + excluded.open_count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO app.ar_daily_invoiced AS t (invoice_date, slot, amount)
    SELECT o.invoice_date, v_slot, -sum(o.amount) FROM ar_old o GROUP BY o.invoice_date ORDER BY o.invoice_date
    ON CONFLICT (invoice_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
    INSERT INTO app.ar_open_due_totals AS t (due_date, slot, outstanding)
    SELECT o.due_date, v_slot, -sum(o.amount - o.paid_amount) FROM ar_old o
     WHERE o.paid_amount < o.amount GROUP BY o.due_date ORDER BY o.due_date
    ON CONFLICT (due_date, slot) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding;
    INSERT INTO app.ar_open_customer_totals AS t (customer_id, outstanding, open_count)
    SELECT o.customer_id, -sum(o.amount - o.paid_amount), -count(*) FROM ar_old o
     WHERE o.paid_amount < o.amount GROUP BY o.customer_id ORDER BY o.customer_id
    ON CONFLICT (customer_id) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding, open_count = t.open_count + excluded.open_count;
  ELSE
    INSERT INTO app.ar_daily_invoiced AS t (invoice_date, slot, amount)
    SELECT d.invoice_date, v_slot, sum(d.a) FROM (
      SELECT n.invoice_date, n.amount AS a FROM ar_new n UNION ALL SELECT o.invoice_date, -o.amount FROM ar_old o) d
     GROUP BY d.invoice_date HAVING sum(d.a) <> 0 ORDER BY d.invoice_date
    ON CONFLICT (invoice_date, slot) DO UPDATE SET amount = t.amount + excluded.amount;
    INSERT INTO app.ar_open_due_totals AS t (due_date, slot, outstanding)
    SELECT d.due_date, v_slot, sum(d.o) FROM (
      SELECT n.due_date, n.amount - n.paid_amount AS o FROM ar_new n WHERE n.paid_amount < n.amount
      UNION ALL
      SELECT o.due_date, -(o.amount - o.paid_amount) FROM ar_old o WHERE o.paid_amount < o.amount) d
     GROUP BY d.due_date HAVING sum(d.o) <> 0 ORDER BY d.due_date
    ON CONFLICT (due_date, slot) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding;
    INSERT INTO app.ar_open_customer_totals AS t (customer_id, outstanding, open_count)
    SELECT d.customer_id, sum(d.o), sum(d.c) FROM (
      SELECT n.customer_id, n.amount - n.paid_amount AS o, 1 AS c FROM ar_new n WHERE n.paid_amount < n.amount
      UNION ALL
      SELECT o.customer_id, -(o.amount - o.paid_amount), -1 FROM ar_old o WHERE o.paid_amount < o.amount) d
     GROUP BY d.customer_id HAVING sum(d.o) <> 0 OR sum(d.c) <> 0 ORDER BY d.customer_id
    ON CONFLICT (customer_id) DO UPDATE SET outstanding = t.outstanding + excluded.outstanding, open_count = t.open_count + excluded.open_count;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.ar_open_totals_after_balances() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ar_open_totals_after_balances() IS
  'Statement triggers on app.ar_invoice_balances: add the statement''s change of open outstanding to app.ar_open_due_totals (per due date, this backend''s slot) and app.ar_open_customer_totals (per customer), in key order.';

CREATE TRIGGER ar_balances_open_totals_insert AFTER INSERT ON app.ar_invoice_balances REFERENCING NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_open_totals_after_balances();
CREATE TRIGGER ar_balances_open_totals_update AFTER UPDATE ON app.ar_invoice_balances REFERENCING OLD TABLE AS ar_old NEW TABLE AS ar_new
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_open_totals_after_balances();
CREATE TRIGGER ar_balances_open_totals_delete AFTER DELETE ON app.ar_invoice_balances REFERENCING OLD TABLE AS ar_old
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_open_totals_after_balances();
CREATE TRIGGER ar_balances_open_totals_truncate AFTER TRUNCATE ON app.ar_invoice_balances
  FOR EACH STATEMENT EXECUTE FUNCTION app.ar_open_totals_after_balances();
-- The balances are written by ALWAYS triggers (also under session_replication_role = replica): so are these.
ALTER TABLE app.ar_invoice_balances ENABLE ALWAYS TRIGGER ar_balances_open_totals_insert;
ALTER TABLE app.ar_invoice_balances ENABLE ALWAYS TRIGGER ar_balances_open_totals_update;
ALTER TABLE app.ar_invoice_balances ENABLE ALWAYS TRIGGER ar_balances_open_totals_delete;
ALTER TABLE app.ar_invoice_balances ENABLE ALWAYS TRIGGER ar_balances_open_totals_truncate;

-- --------------------------------------------------------------------- RLS ---
ALTER TABLE app.ar_open_due_totals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ar_daily_invoiced ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ar_daily_paid ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
GRANT SELECT ON app.ar_daily_paid TO authenticated;
CREATE POLICY "daily paid is read by whole-book roles" ON app.ar_daily_paid FOR SELECT TO authenticated
USING ((SELECT app.current_role()) IN ('super_admin', 'director', 'finance'));
COMMENT ON POLICY "daily paid is read by whole-book roles" ON app.ar_daily_paid IS
  'Totals over every payment: only the roles that read every payment (super_admin, director, finance).';
GRANT SELECT ON app.ar_daily_invoiced TO authenticated;
CREATE POLICY "daily invoiced is read by whole-book roles" ON app.ar_daily_invoiced FOR SELECT TO authenticated
USING ((SELECT app.current_role()) IN ('super_admin', 'director', 'finance'));
COMMENT ON POLICY "daily invoiced is read by whole-book roles" ON app.ar_daily_invoiced IS
  'Totals over every invoice: only the roles that read every invoice (super_admin, director, finance).';
ALTER TABLE app.ar_open_customer_totals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
GRANT SELECT ON app.ar_open_due_totals, app.ar_open_customer_totals TO authenticated;
CREATE POLICY "due totals are read by whole-book roles" ON app.ar_open_due_totals FOR SELECT TO authenticated
USING ((SELECT app.current_role()) IN ('super_admin', 'director', 'finance'));
COMMENT ON POLICY "due totals are read by whole-book roles" ON app.ar_open_due_totals IS
  'Totals over every invoice: only the roles that read every invoice (super_admin, director, finance).';
CREATE POLICY "customer totals are read like their invoices" ON app.ar_open_customer_totals FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    WHEN 'salesperson' THEN customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = (SELECT auth.uid()))
    ELSE false
  END);
COMMENT ON POLICY "customer totals are read like their invoices" ON app.ar_open_customer_totals IS
  'As the invoice policy (0302): all for super_admin, director and finance; sales the customers they (their team) own a prospect of.';

-- =============================================================== formulas ===
-- Each function below dispatches in plpgsql on (as-of >= today, whole-book
-- role) and runs exactly one plain query: only that branch is planned, and
-- its plan is cached per connection (the RLS policies of invoices and
-- payments made planning the combined SQL bodies cost more than running them).
CREATE FUNCTION app.ar_is_whole_book() RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT coalesce(app.current_role() IN ('super_admin', 'director', 'finance'), false) $$;
COMMENT ON FUNCTION app.ar_is_whole_book() IS
  'The caller reads every invoice and payment (super_admin, director, finance: the invoice policy of 0302 is true for them), so the whole-book AR counters of 0730 are their totals.';
GRANT EXECUTE ON FUNCTION app.ar_is_whole_book() TO authenticated;

CREATE FUNCTION app.ar_is_sales_scope() RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT coalesce(app.current_role() IN ('salesperson', 'sales_manager'), false) $$;
COMMENT ON FUNCTION app.ar_is_sales_scope() IS
  'The caller reads the invoices of the customers they (their team) own a prospect of (the invoice policy of 0302 for salesperson and sales_manager): their AR can be read from those customers by index. Everyone else: RLS alone decides.';
GRANT EXECUTE ON FUNCTION app.ar_is_sales_scope() TO authenticated;

-- Open outstanding per due date as of p_as_of >= today (no rows for earlier
-- dates: callers keep the per-invoice path there). Whole-book roles read the
-- counters; sales roles sum their visible balances (RLS of 0702), read from
-- the customers they (their team) own a prospect of — the invoice policy's
-- own rule — by index; anyone else sums the balances RLS lets them see.
CREATE FUNCTION app.ar_open_due(p_as_of date)
RETURNS TABLE (due_date date, outstanding numeric)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_as_of < app.today_jakarta() THEN
    RETURN;
  ELSIF app.ar_is_whole_book() THEN
    RETURN QUERY
    SELECT t.due_date, sum(t.outstanding) FROM app.ar_open_due_totals t
     GROUP BY t.due_date HAVING sum(t.outstanding) <> 0;
  ELSIF app.ar_is_sales_scope() THEN
    RETURN QUERY
    SELECT b.due_date, sum(b.amount - b.paid_amount) FROM app.ar_invoice_balances b
     WHERE b.customer_id = ANY (ARRAY(SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
       AND b.paid_amount < b.amount AND b.invoice_date <= p_as_of
     GROUP BY b.due_date;
  ELSE
    RETURN QUERY
    SELECT b.due_date, sum(b.amount - b.paid_amount) FROM app.ar_invoice_balances b
     WHERE b.paid_amount < b.amount AND b.invoice_date <= p_as_of
     GROUP BY b.due_date;
  END IF;
END $$;
COMMENT ON FUNCTION app.ar_open_due(date) IS
  'Σ outstanding of the caller''s visible open invoices per due date as of p_as_of >= today (app.ar_open_due_totals for whole-book roles, the balances under RLS otherwise); no rows for earlier dates.';
GRANT EXECUTE ON FUNCTION app.ar_open_due(date) TO authenticated;

-- Credit sales (0301): whole-book roles from the daily counter; every other
-- role over its visible invoices.
CREATE OR REPLACE FUNCTION app.ar_credit_sales(p_from date, p_to date) RETURNS numeric
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF app.ar_is_whole_book() THEN
    RETURN (SELECT coalesce(sum(d.amount), 0)::numeric(18, 2) FROM app.ar_daily_invoiced d WHERE d.invoice_date BETWEEN p_from AND p_to);
  END IF;
  IF app.ar_is_sales_scope() THEN
    -- Their visible invoices (RLS), read from the customers they (their
    -- team) own a prospect of — the invoice policy's own rule — by index.
    RETURN (SELECT coalesce(sum(i.amount), 0)::numeric(18, 2) FROM app.invoices i
             WHERE i.customer_id = ANY (ARRAY(SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
               AND i.invoice_date BETWEEN p_from AND p_to);
  END IF;
  RETURN (SELECT coalesce(sum(i.amount), 0)::numeric(18, 2) FROM app.invoices i WHERE i.invoice_date BETWEEN p_from AND p_to);
END $$;

-- Collected (0301): whole-book roles from the daily counter.
CREATE OR REPLACE FUNCTION app.ar_collected(p_from date, p_to date) RETURNS numeric
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF app.ar_is_whole_book() THEN
    RETURN (SELECT coalesce(sum(d.amount), 0)::numeric(18, 2) FROM app.ar_daily_paid d WHERE d.payment_date BETWEEN p_from AND p_to);
  END IF;
  RETURN (SELECT coalesce(sum(p.amount), 0)::numeric(18, 2) FROM app.payments p WHERE p.payment_date BETWEEN p_from AND p_to);
END $$;

-- The aging rule (metrics.md) over a set of open items (due date,
-- outstanding): Σ, overdue (due before as_of) and the buckets by days past due.
CREATE FUNCTION app.ar_bucket_sums(p_as_of date, p_due date[], p_o numeric[])
RETURNS TABLE (outstanding numeric, overdue numeric, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric)
LANGUAGE sql IMMUTABLE
AS $$
  SELECT coalesce(sum(x.o), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE x.due_date < p_as_of), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE x.due_date >= p_as_of), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE p_as_of - x.due_date BETWEEN 1 AND 30), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE p_as_of - x.due_date BETWEEN 31 AND 60), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE p_as_of - x.due_date BETWEEN 61 AND 90), 0)::numeric(18, 2),
         coalesce(sum(x.o) FILTER (WHERE p_as_of - x.due_date > 90), 0)::numeric(18, 2)
    FROM unnest(coalesce(p_due, '{}'), coalesce(p_o, '{}')) x(due_date, o)
$$;
COMMENT ON FUNCTION app.ar_bucket_sums(date, date[], numeric[]) IS
  'The aging buckets of metrics.md over open items given as parallel arrays (due date, outstanding) at as_of: Σ outstanding, Σ overdue (due before as_of), current, 1–30, 31–60, 61–90, over 90 days past due. One place for the rule of app.ar_open_summary and app.ar_aging_page.';
GRANT EXECUTE ON FUNCTION app.ar_bucket_sums(date, date[], numeric[]) TO authenticated;

-- Outstanding, overdue and aging buckets at an as-of date, over the caller's
-- visible invoices (optionally one customer): the sums of app.ar_aging.
-- Today: from app.ar_open_due (or the customer's balances); earlier dates:
-- app.ar_invoice_outstanding (0301), per invoice.
CREATE FUNCTION app.ar_open_summary(p_as_of date, p_customer_id text DEFAULT NULL)
RETURNS TABLE (outstanding numeric, overdue numeric, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_due date[];
  v_o   numeric[];
BEGIN
  -- The (due date, outstanding) items of the one branch that applies …
  IF p_as_of < app.today_jakarta() THEN
    SELECT array_agg(o.due_date), array_agg(o.outstanding_amount) INTO v_due, v_o
      FROM app.ar_invoice_outstanding(p_as_of) o
     WHERE o.outstanding_amount > 0 AND (p_customer_id IS NULL OR o.customer_id = p_customer_id);
  ELSIF p_customer_id IS NULL THEN
    SELECT array_agg(d.due_date), array_agg(d.outstanding) INTO v_due, v_o FROM app.ar_open_due(p_as_of) d;
  ELSE
    SELECT array_agg(b.due_date), array_agg(b.amount - b.paid_amount) INTO v_due, v_o
      FROM app.ar_invoice_balances b
     WHERE b.customer_id = p_customer_id AND b.paid_amount < b.amount AND b.invoice_date <= p_as_of;
  END IF;
  -- … summed into buckets by days past due at as_of.
  RETURN QUERY SELECT * FROM app.ar_bucket_sums(p_as_of, v_due, v_o);
END $$;
COMMENT ON FUNCTION app.ar_open_summary(date, text) IS
  'At an as-of date, over the caller''s visible invoices (optionally one customer): Σ outstanding, Σ overdue outstanding (due before as_of) and the aging buckets (current, 1–30, 31–60, 61–90, over 90 days past due) — the sums of app.ar_aging. Today from the counters of 0730; earlier dates per invoice.';
GRANT EXECUTE ON FUNCTION app.ar_open_summary(date, text) TO authenticated;

-- Today's balance and overdue % (0702) from the same sums.
CREATE OR REPLACE FUNCTION app.ar_balance(p_as_of date) RETURNS numeric
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_as_of >= app.today_jakarta() THEN
    RETURN (SELECT coalesce(sum(d.outstanding), 0)::numeric(18, 2) FROM app.ar_open_due(p_as_of) d);
  END IF;
  RETURN (SELECT coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2) FROM app.ar_invoice_outstanding(p_as_of) o);
END $$;

CREATE OR REPLACE FUNCTION app.ar_overdue_pct(p_as_of date) RETURNS numeric
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_as_of >= app.today_jakarta() THEN
    RETURN (SELECT CASE WHEN coalesce(sum(d.outstanding), 0) > 0
                        THEN round(100 * coalesce(sum(d.outstanding) FILTER (WHERE d.due_date < p_as_of), 0) / sum(d.outstanding), 2) END
              FROM app.ar_open_due(p_as_of) d);
  END IF;
  RETURN (SELECT CASE WHEN coalesce(sum(o.outstanding_amount), 0) > 0
                      THEN round(100 * coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0) / sum(o.outstanding_amount), 2) END
            FROM app.ar_invoice_outstanding(p_as_of) o);
END $$;

-- The rolling-DSO series (0703) with its daily invoiced / paid sums read from
-- the daily counters for whole-book roles (other roles: their visible rows,
-- exactly 0703's query).
CREATE OR REPLACE FUNCTION app.dso_rolling_series(p_from date, p_to date)
RETURNS TABLE (day date, ar_balance numeric, credit_sales_30d numeric, dso numeric)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  v_today date := app.today_jakarta();
  v_c     date := p_from - 30;
  v_lo    date := least(p_from - 30, app.today_jakarta());
  v_hi    date := greatest(p_to, app.today_jakarta());
  v_inv   jsonb;
  v_pay   jsonb;
BEGIN
  -- Σ invoiced and Σ paid per day over (v_lo, v_hi].
  IF app.ar_is_whole_book() THEN
    v_inv := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT d.invoice_date AS d, sum(d.amount) AS amt FROM app.ar_daily_invoiced d
                 WHERE d.invoice_date > v_lo AND d.invoice_date <= v_hi GROUP BY d.invoice_date) x);
    v_pay := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT d.payment_date AS d, sum(d.amount) AS amt FROM app.ar_daily_paid d
                 WHERE d.payment_date > v_lo AND d.payment_date <= v_hi GROUP BY d.payment_date) x);
  ELSIF app.ar_is_sales_scope() THEN
    -- Their visible invoices and payments (RLS), read from the customers they
    -- (their team) own a prospect of — the invoice policy's own rule — by index.
    v_inv := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT i.invoice_date AS d, sum(i.amount) AS amt FROM app.invoices i
                 WHERE i.customer_id = ANY (ARRAY(SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
                   AND i.invoice_date > v_lo AND i.invoice_date <= v_hi GROUP BY i.invoice_date) x);
    v_pay := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT p.payment_date AS d, sum(p.amount) AS amt FROM app.payments p
                  JOIN app.invoices i ON i.invoice_id = p.invoice_id
                 WHERE i.customer_id = ANY (ARRAY(SELECT x.customer_id FROM app.prospects x WHERE x.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
                   AND p.payment_date > v_lo AND p.payment_date <= v_hi GROUP BY p.payment_date) x);
  ELSE
    v_inv := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT i.invoice_date AS d, sum(i.amount) AS amt FROM app.invoices i
                 WHERE i.invoice_date > v_lo AND i.invoice_date <= v_hi GROUP BY i.invoice_date) x);
    v_pay := (SELECT coalesce(jsonb_object_agg(x.d, x.amt), '{}') FROM (
                SELECT p.payment_date AS d, sum(p.amount) AS amt FROM app.payments p
                 WHERE p.payment_date > v_lo AND p.payment_date <= v_hi GROUP BY p.payment_date) x);
  END IF;
  RETURN QUERY
  WITH inv AS (
    SELECT e.key::date AS d, e.value::numeric AS amt FROM jsonb_each_text(v_inv) e
  ), pay AS (
    SELECT e.key::date AS d, e.value::numeric AS amt FROM jsonb_each_text(v_pay) e
  ), opening AS (
    -- AR balance at the end of day c (the day before the window).
    SELECT app.ar_balance(v_today)
           - coalesce((SELECT sum(inv.amt) FROM inv WHERE inv.d > v_c AND inv.d <= v_today), 0)
           + coalesce((SELECT sum(pay.amt) FROM pay WHERE pay.d > v_c AND pay.d <= v_today), 0) AS bal
  ), daily AS (
    SELECT (p_from - 29 + g)::date AS day
      FROM generate_series(0, greatest(p_to - (p_from - 29), -1)) g
  ), rolled AS (
    SELECT daily.day,
           (SELECT opening.bal FROM opening)
             + sum(coalesce(inv.amt, 0) - coalesce(pay.amt, 0)) OVER (ORDER BY daily.day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ar_balance,
           sum(coalesce(inv.amt, 0)) OVER (ORDER BY daily.day ROWS BETWEEN 29 PRECEDING AND CURRENT ROW) AS credit_sales_30d
      FROM daily
      LEFT JOIN inv ON inv.d = daily.day
      LEFT JOIN pay ON pay.d = daily.day
  )
  SELECT r.day, r.ar_balance::numeric(18, 2), r.credit_sales_30d::numeric(18, 2),
         CASE WHEN r.credit_sales_30d > 0 THEN round(r.ar_balance / r.credit_sales_30d * 30, 2) END
    FROM rolled r
   WHERE r.day >= p_from
   ORDER BY r.day;
END $$;
-- Per-customer rows of one customer set, as GET /api/dso/outstanding shows
-- them (0301 formulas: open invoices only, overdue = due before as_of).
-- Today: from the balances of those customers (their index).
CREATE FUNCTION app.ar_outstanding_of_customers(p_as_of date, p_customer_ids text[])
RETURNS TABLE (customer_id text, invoice_count integer, overdue_invoice_count integer, outstanding_amount numeric,
               overdue_amount numeric, max_days_past_due integer, oldest_due_date date)
LANGUAGE sql STABLE
AS $$
  SELECT b.customer_id, count(*)::int,
         (count(*) FILTER (WHERE b.due_date < p_as_of))::int,
         sum(b.amount - b.paid_amount)::numeric(18, 2),
         coalesce(sum(b.amount - b.paid_amount) FILTER (WHERE b.due_date < p_as_of), 0)::numeric(18, 2),
         coalesce(max(p_as_of - b.due_date) FILTER (WHERE b.due_date < p_as_of), 0)::int,
         min(b.due_date) FILTER (WHERE b.due_date < p_as_of)
    FROM app.ar_invoice_balances b
   WHERE b.customer_id = ANY (p_customer_ids) AND b.paid_amount < b.amount AND b.invoice_date <= p_as_of
   GROUP BY b.customer_id
$$;
COMMENT ON FUNCTION app.ar_outstanding_of_customers(date, text[]) IS
  'Rows of GET /api/dso/outstanding for the given customers as of p_as_of >= today, from their open balances (caller''s RLS): invoice counts, outstanding, overdue, max days past due, oldest overdue due date.';
GRANT EXECUTE ON FUNCTION app.ar_outstanding_of_customers(date, text[]) TO authenticated;

-- The same rows for the v_n customers with the largest open totals visible to
-- the caller (app.ar_open_customer_totals in index order), each customer's
-- balances read by index.
CREATE FUNCTION app.ar_outstanding_of_top(p_as_of date, p_n integer)
RETURNS TABLE (customer_id text, total numeric, invoice_count integer, overdue_invoice_count integer, outstanding_amount numeric,
               overdue_amount numeric, max_days_past_due integer, oldest_due_date date)
LANGUAGE sql STABLE
AS $$
  SELECT t.customer_id, t.outstanding, s.*
    FROM (SELECT t.customer_id, t.outstanding FROM app.ar_open_customer_totals t
           WHERE t.open_count > 0 ORDER BY t.outstanding DESC, t.customer_id DESC LIMIT p_n) t
   CROSS JOIN LATERAL (
     SELECT count(*)::int, (count(*) FILTER (WHERE b.due_date < p_as_of))::int,
            sum(b.amount - b.paid_amount)::numeric(18, 2),
            coalesce(sum(b.amount - b.paid_amount) FILTER (WHERE b.due_date < p_as_of), 0)::numeric(18, 2),
            coalesce(max(p_as_of - b.due_date) FILTER (WHERE b.due_date < p_as_of), 0)::int,
            min(b.due_date) FILTER (WHERE b.due_date < p_as_of)
       FROM app.ar_invoice_balances b
      WHERE b.customer_id = t.customer_id AND b.paid_amount < b.amount AND b.invoice_date <= p_as_of)
     AS s(invoice_count, overdue_invoice_count, outstanding_amount, overdue_amount, max_days_past_due, oldest_due_date)
   WHERE s.invoice_count > 0
$$;
COMMENT ON FUNCTION app.ar_outstanding_of_top(date, integer) IS
  'The same rows as app.ar_outstanding_of_customers for the p_n customers with the largest open totals visible to the caller (app.ar_open_customer_totals order), plus that total.';
GRANT EXECUTE ON FUNCTION app.ar_outstanding_of_top(date, integer) TO authenticated;

-- GET /api/dso/outstanding: customers with something outstanding, ordered by
-- overdue, outstanding, customer id (all descending), keyset after
-- (after_overdue, after_outstanding, after_customer), optionally one customer
-- and/or overdue or not. Today, whole book: customers are visited largest
-- total first (app.ar_open_customer_totals), in growing batches, until the
-- page is certain — a customer's overdue and outstanding never exceed its
-- total, so once the page's last row ranks above the smallest total visited
-- nothing later can enter. Today, other roles (or one customer): the
-- balances of their customers. Earlier dates: per invoice (0301 formulas).
CREATE FUNCTION app.ar_outstanding_customers(p_as_of date, p_customer_id text, p_overdue boolean,
                                             p_after_overdue numeric, p_after_outstanding numeric, p_after_customer text, p_limit integer)
RETURNS TABLE (customer_id text, company_name text, invoice_count integer, overdue_invoice_count integer,
               outstanding_amount numeric, overdue_amount numeric, max_days_past_due integer, oldest_due_date date)
LANGUAGE plpgsql STABLE
-- Parameter values decide the plan (LIMIT, arrays): never a generic plan.
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  v_batch integer := greatest(p_limit * 40, 2000);
  v_last  numeric;
  v_n     integer;
  v_kth   record;
BEGIN
  IF p_as_of < app.today_jakarta() THEN
    RETURN QUERY
    SELECT * FROM (
      SELECT o.customer_id, c.company_name,
             count(*)::int AS invoice_count,
             (count(*) FILTER (WHERE o.is_overdue))::int AS overdue_invoice_count,
             sum(o.outstanding_amount)::numeric(18, 2) AS outstanding_amount,
             coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0)::numeric(18, 2) AS overdue_amount,
             max(o.days_past_due)::int AS max_days_past_due,
             min(o.due_date) FILTER (WHERE o.is_overdue) AS oldest_due_date
        FROM app.ar_invoice_outstanding(p_as_of) o
        LEFT JOIN app.customers c ON c.customer_id = o.customer_id
       WHERE o.outstanding_amount > 0 AND (p_customer_id IS NULL OR o.customer_id = p_customer_id)
       GROUP BY o.customer_id, c.company_name) x
     WHERE (p_overdue IS NULL OR (x.overdue_invoice_count > 0) = p_overdue)
       AND (p_after_overdue IS NULL OR (x.overdue_amount, x.outstanding_amount, x.customer_id) < (p_after_overdue, p_after_outstanding, p_after_customer))
     ORDER BY x.overdue_amount DESC, x.outstanding_amount DESC, x.customer_id DESC
     LIMIT p_limit;
    RETURN;
  END IF;

  IF p_customer_id IS NOT NULL OR NOT app.ar_is_whole_book() THEN
    RETURN QUERY
    SELECT r.customer_id, c.company_name, r.invoice_count, r.overdue_invoice_count, r.outstanding_amount, r.overdue_amount,
           r.max_days_past_due, r.oldest_due_date
      FROM app.ar_outstanding_of_customers(p_as_of,
             CASE WHEN p_customer_id IS NOT NULL THEN ARRAY[p_customer_id]
                  WHEN app.ar_is_sales_scope()
                  THEN ARRAY(SELECT DISTINCT p.customer_id FROM app.prospects p
                              WHERE p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]) AND p.customer_id IS NOT NULL)
                  ELSE ARRAY(SELECT DISTINCT b.customer_id FROM app.ar_invoice_balances b WHERE b.paid_amount < b.amount) END) r
      LEFT JOIN app.customers c ON c.customer_id = r.customer_id
     WHERE (p_overdue IS NULL OR (r.overdue_invoice_count > 0) = p_overdue)
       AND (p_after_overdue IS NULL OR (r.overdue_amount, r.outstanding_amount, r.customer_id) < (p_after_overdue, p_after_outstanding, p_after_customer))
     ORDER BY r.overdue_amount DESC, r.outstanding_amount DESC, r.customer_id DESC
     LIMIT p_limit;
    RETURN;
  END IF;

  LOOP
    SELECT count(*), min(t.outstanding) INTO v_n, v_last
      FROM (SELECT t.outstanding FROM app.ar_open_customer_totals t
             WHERE t.open_count > 0 ORDER BY t.outstanding DESC, t.customer_id DESC LIMIT v_batch) t;
    EXIT WHEN v_n < v_batch;   -- every customer visited
    -- The page's last row among the visited customers, if the page is full.
    SELECT r.overdue_amount, r.outstanding_amount INTO v_kth
      FROM app.ar_outstanding_of_top(p_as_of, v_batch) r
     WHERE (p_overdue IS NULL OR (r.overdue_invoice_count > 0) = p_overdue)
       AND (p_after_overdue IS NULL OR (r.overdue_amount, r.outstanding_amount, r.customer_id) < (p_after_overdue, p_after_outstanding, p_after_customer))
     ORDER BY r.overdue_amount DESC, r.outstanding_amount DESC, r.customer_id DESC
    OFFSET p_limit - 1 LIMIT 1;
    -- An unvisited customer has overdue <= outstanding <= v_last (overdue = 0 when p_overdue is false).
    EXIT WHEN FOUND AND (CASE WHEN p_overdue IS FALSE THEN v_kth.outstanding_amount > v_last ELSE v_kth.overdue_amount > v_last END);
    v_batch := v_batch * 4;
  END LOOP;

  RETURN QUERY
  SELECT r.customer_id, c.company_name, r.invoice_count, r.overdue_invoice_count, r.outstanding_amount, r.overdue_amount,
         r.max_days_past_due, r.oldest_due_date
    FROM app.ar_outstanding_of_top(p_as_of, v_batch) r
    LEFT JOIN app.customers c ON c.customer_id = r.customer_id
   WHERE (p_overdue IS NULL OR (r.overdue_invoice_count > 0) = p_overdue)
     AND (p_after_overdue IS NULL OR (r.overdue_amount, r.outstanding_amount, r.customer_id) < (p_after_overdue, p_after_outstanding, p_after_customer))
   ORDER BY r.overdue_amount DESC, r.outstanding_amount DESC, r.customer_id DESC
   LIMIT p_limit;
END $$;
COMMENT ON FUNCTION app.ar_outstanding_customers(date, text, boolean, numeric, numeric, text, integer) IS
  'The rows of GET /api/dso/outstanding (caller''s RLS): per customer with something outstanding at as_of, invoice counts, outstanding, overdue, max days past due, oldest overdue due date; ordered by overdue, outstanding, customer id descending, keyset after the given triple. Today from app.ar_open_customer_totals + the customers'' balances; earlier dates per invoice.';
GRANT EXECUTE ON FUNCTION app.ar_outstanding_customers(date, text, boolean, numeric, numeric, text, integer) TO authenticated;

-- GET /api/dso/aging: one page of app.ar_aging ordered by total, customer id
-- (descending), keyset after (after_total, after_customer). Today: the page's
-- customers straight from app.ar_open_customer_totals' index (its
-- outstanding is the aging total), buckets from their balances.
CREATE FUNCTION app.ar_aging_page(p_as_of date, p_customer_id text, p_after_total numeric, p_after_customer text, p_limit integer)
RETURNS TABLE (customer_id text, company_name text, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric, total numeric)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_as_of < app.today_jakarta() THEN
    RETURN QUERY
    SELECT a.customer_id, a.company_name, a."current", a.days_1_30, a.days_31_60, a.days_61_90, a.days_over_90, a.total
      FROM app.ar_aging(p_as_of, p_customer_id) a
     WHERE (p_after_total IS NULL OR (a.total, a.customer_id) < (p_after_total, p_after_customer))
     ORDER BY a.total DESC, a.customer_id DESC
     LIMIT p_limit;
    RETURN;
  END IF;
  RETURN QUERY
  SELECT t.customer_id, c.company_name, s."current", s.days_1_30, s.days_31_60, s.days_61_90, s.days_over_90, s.outstanding
    FROM (SELECT t.customer_id, t.outstanding FROM app.ar_open_customer_totals t
           WHERE t.open_count > 0
             AND (p_customer_id IS NULL OR t.customer_id = p_customer_id)
             AND (p_after_total IS NULL OR (t.outstanding, t.customer_id) < (p_after_total, p_after_customer))
           ORDER BY t.outstanding DESC, t.customer_id DESC
           LIMIT p_limit) t
   CROSS JOIN LATERAL (
     SELECT array_agg(b.due_date) AS due, array_agg(b.amount - b.paid_amount) AS o FROM app.ar_invoice_balances b
      WHERE b.customer_id = t.customer_id AND b.paid_amount < b.amount AND b.invoice_date <= p_as_of) i
   CROSS JOIN LATERAL app.ar_bucket_sums(p_as_of, i.due, i.o) s
    LEFT JOIN app.customers c ON c.customer_id = t.customer_id
   ORDER BY t.outstanding DESC, t.customer_id DESC;
END $$;
COMMENT ON FUNCTION app.ar_aging_page(date, text, numeric, text, integer) IS
  'One page of app.ar_aging (caller''s RLS) ordered by total then customer id, descending, keyset after (after_total, after_customer). Today from app.ar_open_customer_totals + the page''s balances; earlier dates from app.ar_aging.';
GRANT EXECUTE ON FUNCTION app.ar_aging_page(date, text, numeric, text, integer) TO authenticated;

-- ============================================================ dashboard ===
-- AR numbers and aging chart of the homes (0501) from app.ar_open_summary.
CREATE OR REPLACE FUNCTION app.dash_ar(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  WITH o AS (
    SELECT s.outstanding, s.overdue FROM app.ar_open_summary(p_as_of, NULL) s
  ), n AS (
    SELECT app.dash_number('ar_outstanding', 'idr', app.dash_money(o.outstanding),
             app.dash_drill('invoices', app.dash_q('open', 'true', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))) AS ar_outstanding,
           app.dash_number('ar_overdue', 'idr', app.dash_money(o.overdue),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))) AS ar_overdue,
           app.dash_number('credit_sales_30d', 'idr', app.dash_money(app.ar_credit_sales(p_as_of - 29, p_as_of)),
             app.dash_drill('invoices', app.dash_q('from', (p_as_of - 29)::text, 'to', p_as_of::text, 'as_of', p_as_of::text),
                            app.dash_sum('amount'))) AS credit_sales_30d
      FROM o
  )
  SELECT jsonb_build_object(
           'ar_outstanding', n.ar_outstanding,
           'ar_overdue', n.ar_overdue,
           'credit_sales_30d', n.credit_sales_30d,
           'overdue_pct', app.dash_ratio('overdue_pct', 'percent', n.ar_overdue, n.ar_outstanding, 100, 1,
                                         format('Nothing is outstanding on %s', p_as_of)),
           'dso_30', app.dash_ratio('dso_30', 'days', n.ar_outstanding, n.credit_sales_30d, 30, 1,
                                    format('No credit sales in the 30 days up to %s', p_as_of)))
    FROM n
$$;

CREATE OR REPLACE FUNCTION app.dash_aging_chart(p_as_of date) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
  SELECT app.dash_chart('aging', 'bar', 'idr', jsonb_build_array(
           app.dash_datum('current', app.dash_money(a."current"),
             app.dash_drill('invoices', app.dash_q('open', 'true', 'overdue', 'false', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('1_30', app.dash_money(a.days_1_30),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '1', 'dpd_max', '30', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('31_60', app.dash_money(a.days_31_60),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '31', 'dpd_max', '60', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('61_90', app.dash_money(a.days_61_90),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '61', 'dpd_max', '90', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount'))),
           app.dash_datum('over_90', app.dash_money(a.days_over_90),
             app.dash_drill('invoices', app.dash_q('overdue', 'true', 'dpd_min', '91', 'as_of', p_as_of::text), app.dash_sum('outstanding_amount')))),
         p_as_of, p_as_of)
    FROM app.ar_open_summary(p_as_of, NULL) a
$$;
