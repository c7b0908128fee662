-- =============================================================================
-- 0301 ar: triggers and functions
--   ids, audit, write rules (invoices, payments — overpayment refused under
--   concurrency by locking the invoice row); the formulas of metrics.md
--   "AR / DSO" as functions of an as-of date: outstanding per invoice, AR
--   balance, aging buckets, rolling 30-day DSO series, countback DSO,
--   overdue %, collected, credit sales; the collection-ticket RPC.
--
-- The as-of functions are SECURITY INVOKER (the caller's RLS decides which
-- invoices count: a salesperson's aging covers their own customers) and
-- plain LANGUAGE sql without SET clauses so the planner can inline them into
-- the views of 0303 and push filters down. Every name is schema-qualified.
-- =============================================================================

-- --------------------------------------------------------------- helpers ---
CREATE FUNCTION app.today_jakarta() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date $$;
COMMENT ON FUNCTION app.today_jakarta() IS
  '"Today" of metrics.md: the Asia/Jakarta calendar date of the transaction time. Anyone may call it.';

CREATE FUNCTION app.format_idr(p numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p IS NULL THEN NULL ELSE
    CASE WHEN p < 0 THEN '-' ELSE '' END || 'Rp ' ||
    replace(to_char(trunc(abs(p)), 'FM999,999,999,999,999,990'), ',', '.') ||
    CASE WHEN abs(p) <> trunc(abs(p)) THEN ',' || lpad(round((abs(p) - trunc(abs(p))) * 100)::text, 2, '0') ELSE '' END
  END
$$;
COMMENT ON FUNCTION app.format_idr(numeric) IS
  'Money as Indonesians write it (Rp 1.500.000, cents only when present: Rp 1.500,50) for messages and generated ticket texts.';

GRANT EXECUTE ON FUNCTION app.today_jakarta(), app.format_idr(numeric) TO authenticated, bcc_definer;

-- ------------------------------------------------------------- ids, audit ---
CREATE TRIGGER invoices_id BEFORE INSERT ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('invoice_id', 'IV');
CREATE TRIGGER payments_id BEFORE INSERT ON app.payments FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('payment_id', 'PY');
CREATE TRIGGER invoices_touch BEFORE UPDATE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE OR DELETE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('invoice_id');
CREATE TRIGGER payments_audit AFTER INSERT OR UPDATE OR DELETE ON app.payments FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('payment_id');

-- ------------------------------------------------------------ write rules ---
CREATE FUNCTION app.invoice_before_write() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_errors jsonb := '[]'::jsonb;
BEGIN
  -- Only finance (and super_admin) write invoices; checked before anything
  -- else so other roles learn nothing about existing numbers. No caller =
  -- system code (migrations, the superuser seed).
  IF auth.uid() IS NOT NULL AND coalesce(app.current_role() IN ('super_admin', 'finance'), false) = false THEN
    PERFORM app.raise_error('BC403', 'Only finance records invoices');
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := coalesce(auth.uid(), NEW.created_by);
    NEW.created_at := now();
    NEW.updated_at := now();
  END IF;
  NEW.invoice_number := btrim(NEW.invoice_number);
  NEW.currency := upper(btrim(coalesce(NEW.currency, 'IDR')));
  IF coalesce(NEW.invoice_number, '') = '' THEN
    v_errors := v_errors || '{"field":"invoice_number","message":"is required"}'::jsonb;
  END IF;
  IF NEW.invoice_date > app.today_jakarta() THEN
    v_errors := v_errors || '{"field":"invoice_date","message":"cannot be in the future"}'::jsonb;
  END IF;
  IF NEW.due_date < NEW.invoice_date THEN
    v_errors := v_errors || '{"field":"due_date","message":"must be on or after the invoice date"}'::jsonb;
  END IF;
  IF NEW.amount IS NOT NULL AND NEW.amount <= 0 THEN
    v_errors := v_errors || '{"field":"amount","message":"must be greater than 0"}'::jsonb;
  END IF;
  IF NEW.currency <> 'IDR' THEN
    v_errors := v_errors || '{"field":"currency","message":"only IDR is supported"}'::jsonb;
  END IF;
  IF NEW.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app.customers c WHERE c.customer_id = NEW.customer_id) THEN
    v_errors := v_errors || '{"field":"customer_id","message":"unknown customer"}'::jsonb;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The invoice has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  -- The unique index is the final guard (concurrent inserts); this names the field.
  IF (TG_OP = 'INSERT' OR NEW.invoice_number IS DISTINCT FROM OLD.invoice_number)
     AND EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_number = NEW.invoice_number AND i.invoice_id IS DISTINCT FROM NEW.invoice_id) THEN
    PERFORM app.raise_error('BC409', format('Invoice number %s is already recorded', NEW.invoice_number),
      '{"errors":[{"field":"invoice_number","message":"is already recorded"}]}');
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION app.invoice_before_write() IS
  'BEFORE INSERT/UPDATE on invoices: finance/super_admin only (BC403); every field error at once (BC422: due before invoice date, future invoice date, unknown customer, non-IDR); a known invoice_number is BC409 naming the field. created_by/created_at are set, never typed.';
CREATE TRIGGER invoices_rules BEFORE INSERT OR UPDATE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.invoice_before_write();

CREATE FUNCTION app.payment_before_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_inv         app.invoices;
  v_paid        numeric;
  v_outstanding numeric;
  v_errors      jsonb := '[]'::jsonb;
BEGIN
  IF auth.uid() IS NOT NULL AND coalesce(app.current_role() IN ('super_admin', 'finance'), false) = false THEN
    PERFORM app.raise_error('BC403', 'Only finance records payments');
  END IF;
  NEW.reference := btrim(NEW.reference);
  IF coalesce(NEW.reference, '') = '' THEN
    v_errors := v_errors || '{"field":"reference","message":"is required"}'::jsonb;
  END IF;
  IF NEW.amount IS NOT NULL AND NEW.amount <= 0 THEN
    v_errors := v_errors || '{"field":"amount","message":"must be greater than 0"}'::jsonb;
  END IF;
  IF NEW.payment_date > app.today_jakarta() THEN
    v_errors := v_errors || '{"field":"payment_date","message":"cannot be in the future"}'::jsonb;
  END IF;
  -- Lock the invoice: concurrent payments of one invoice queue here, and each
  -- then sums the payments committed before it (READ COMMITTED takes a new
  -- snapshot per statement), so together they can never overpay.
  SELECT * INTO v_inv FROM app.invoices i WHERE i.invoice_id = NEW.invoice_id FOR UPDATE;
  IF NOT FOUND THEN
    v_errors := v_errors || '{"field":"invoice_id","message":"unknown invoice"}'::jsonb;
  ELSIF NEW.payment_date < v_inv.invoice_date THEN
    v_errors := v_errors || '{"field":"payment_date","message":"is before the invoice date"}'::jsonb;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The payment has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  IF EXISTS (SELECT 1 FROM app.payments p WHERE p.invoice_id = NEW.invoice_id AND p.reference = NEW.reference) THEN
    PERFORM app.raise_error('BC409', format('A payment with reference %s is already recorded for invoice %s', NEW.reference, v_inv.invoice_number),
      '{"errors":[{"field":"reference","message":"is already recorded for this invoice"}]}');
  END IF;
  SELECT coalesce(sum(p.amount), 0) INTO v_paid FROM app.payments p WHERE p.invoice_id = NEW.invoice_id;
  v_outstanding := v_inv.amount - v_paid;
  IF NEW.amount > v_outstanding THEN
    PERFORM app.raise_error('BC422',
      format('The payment of %s exceeds the outstanding amount of %s', app.format_idr(NEW.amount), app.format_idr(v_outstanding)),
      jsonb_build_object('errors', jsonb_build_array(jsonb_build_object('field', 'amount',
        'message', format('exceeds the outstanding amount (%s)', app.format_idr(v_outstanding))))));
  END IF;
  NEW.created_by := coalesce(auth.uid(), NEW.created_by);
  NEW.created_at := now();
  RETURN NEW;
END $$;
ALTER FUNCTION app.payment_before_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.payment_before_insert() IS
  'BEFORE INSERT on payments: finance/super_admin only (BC403, checked first so nothing leaks); locks the invoice row FOR UPDATE, then refuses a payment larger than the outstanding amount (BC422, field amount) — correct under concurrency; a reference already recorded for the invoice is BC409; payment date neither before the invoice date nor in the future. Definer-rights only to take the row lock.';
CREATE TRIGGER payments_rules BEFORE INSERT ON app.payments FOR EACH ROW EXECUTE FUNCTION app.payment_before_insert();

CREATE FUNCTION app.payments_immutable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN PERFORM app.raise_error('BC409', 'A recorded payment cannot be changed; record a correction instead'); RETURN NULL; END $$;
COMMENT ON FUNCTION app.payments_immutable() IS 'Payments are append-only for every role: outstanding amounts can only be explained by the rows that exist.';
CREATE TRIGGER payments_no_update BEFORE UPDATE OR DELETE ON app.payments FOR EACH ROW EXECUTE FUNCTION app.payments_immutable();

-- ------------------------------------------------- formulas as of a date ---
CREATE FUNCTION app.ar_invoice_outstanding(p_as_of date)
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
COMMENT ON FUNCTION app.ar_invoice_outstanding(date) IS
  'metrics.md Outstanding/Overdue at d: per invoice dated <= d, paid = Σ payments dated <= d, outstanding = amount − paid (never < 0), overdue when outstanding > 0 and due_date < d, days_past_due = d − due_date (0 when not overdue), status PAID|OVERDUE|PARTIALLY_PAID|OPEN. Invoker: the caller''s RLS decides which invoices count.';

CREATE FUNCTION app.ar_balance(p_as_of date) RETURNS numeric
LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2) FROM app.ar_invoice_outstanding(p_as_of) o $$;
COMMENT ON FUNCTION app.ar_balance(date) IS 'metrics.md AR balance at d = Σ outstanding(d) over invoices dated <= d (caller''s RLS).';

CREATE FUNCTION app.ar_credit_sales(p_from date, p_to date) RETURNS numeric
LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(i.amount), 0)::numeric(18, 2) FROM app.invoices i WHERE i.invoice_date BETWEEN p_from AND p_to $$;
COMMENT ON FUNCTION app.ar_credit_sales(date, date) IS 'Credit sales = Σ amount of invoices dated in [p_from, p_to] (caller''s RLS).';

CREATE FUNCTION app.ar_collected(p_from date, p_to date) RETURNS numeric
LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(p.amount), 0)::numeric(18, 2) FROM app.payments p WHERE p.payment_date BETWEEN p_from AND p_to $$;
COMMENT ON FUNCTION app.ar_collected(date, date) IS 'metrics.md Collected in a period = Σ payments dated in [p_from, p_to] (caller''s RLS).';

CREATE FUNCTION app.ar_overdue_pct(p_as_of date) RETURNS numeric
LANGUAGE sql STABLE
AS $$
  SELECT CASE WHEN coalesce(sum(o.outstanding_amount), 0) > 0
              THEN round(100 * coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0) / sum(o.outstanding_amount), 2) END
    FROM app.ar_invoice_outstanding(p_as_of) o
$$;
COMMENT ON FUNCTION app.ar_overdue_pct(date) IS
  'metrics.md Overdue % at d = overdue outstanding ÷ total outstanding × 100 (2 decimals); NULL = NA when nothing is outstanding.';

CREATE FUNCTION app.ar_aging(p_as_of date, p_customer_id text DEFAULT NULL)
RETURNS TABLE (customer_id text, company_name text, "current" numeric, days_1_30 numeric, days_31_60 numeric,
               days_61_90 numeric, days_over_90 numeric, total numeric)
LANGUAGE sql STABLE
AS $$
  SELECT o.customer_id, c.company_name,
         coalesce(sum(o.outstanding_amount) FILTER (WHERE o.due_date >= p_as_of), 0)::numeric(18, 2),
         coalesce(sum(o.outstanding_amount) FILTER (WHERE p_as_of - o.due_date BETWEEN 1 AND 30), 0)::numeric(18, 2),
         coalesce(sum(o.outstanding_amount) FILTER (WHERE p_as_of - o.due_date BETWEEN 31 AND 60), 0)::numeric(18, 2),
         coalesce(sum(o.outstanding_amount) FILTER (WHERE p_as_of - o.due_date BETWEEN 61 AND 90), 0)::numeric(18, 2),
         coalesce(sum(o.outstanding_amount) FILTER (WHERE p_as_of - o.due_date > 90), 0)::numeric(18, 2),
         sum(o.outstanding_amount)::numeric(18, 2)
    FROM app.ar_invoice_outstanding(p_as_of) o
    LEFT JOIN app.customers c ON c.customer_id = o.customer_id
   WHERE o.outstanding_amount > 0
     AND (p_customer_id IS NULL OR o.customer_id = p_customer_id)
   GROUP BY o.customer_id, c.company_name
$$;
COMMENT ON FUNCTION app.ar_aging(date, text) IS
  'metrics.md Aging at d, per customer: current (due_date >= d, not yet due), 1–30, 31–60, 61–90, over 90 days past due, and total; buckets partition the outstanding exactly (sum of buckets = total to the cent). Only customers with something outstanding. Caller''s RLS.';

CREATE FUNCTION app.dso_rolling_series(p_from date, p_to date)
RETURNS TABLE (day date, ar_balance numeric, credit_sales_30d numeric, dso numeric)
LANGUAGE sql STABLE
AS $$
  -- AR balance(d) = Σ invoices dated <= d − Σ their payments dated <= d. A
  -- payment counts from greatest(payment_date, invoice_date), the first day
  -- both it and its invoice are in the balance; this equals
  -- app.ar_balance(d) for every d and is computed for a whole range with
  -- running sums instead of one scan per day.
  WITH inv AS (
    SELECT i.invoice_date AS d, sum(i.amount) AS amt
      FROM app.invoices i WHERE i.invoice_date <= p_to GROUP BY i.invoice_date
  ), pay AS (
    SELECT greatest(p.payment_date, i.invoice_date) AS d, sum(p.amount) AS amt
      FROM app.payments p JOIN app.invoices i ON i.invoice_id = p.invoice_id
     WHERE greatest(p.payment_date, i.invoice_date) <= p_to
     GROUP BY 1
  ), opening AS (
    SELECT (SELECT coalesce(sum(inv.amt), 0) FROM inv WHERE inv.d < p_from - 29)
         - (SELECT coalesce(sum(pay.amt), 0) FROM pay WHERE pay.d < p_from - 29) AS bal
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
   ORDER BY r.day
$$;
COMMENT ON FUNCTION app.dso_rolling_series(date, date) IS
  'metrics.md Rolling 30-day DSO, one row for every day of [p_from, p_to]: ar_balance(d), credit_sales_30d = Σ invoices dated d−29 … d, dso = ar_balance ÷ credit_sales_30d × 30 (2 decimals), NULL = NA when the window has no credit sales. Caller''s RLS.';

CREATE FUNCTION app.dso_countback_calc(p_ar numeric, p_sales numeric[], p_days integer[]) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_rest numeric := p_ar;
  v_days numeric := 0;
  i      integer;
BEGIN
  IF p_ar IS NULL THEN RETURN NULL; END IF;
  IF p_ar <= 0 THEN RETURN 0; END IF;
  FOR i IN 1 .. coalesce(array_length(p_sales, 1), 0) LOOP
    IF v_rest < p_sales[i] THEN
      RETURN round(v_days + v_rest / p_sales[i] * p_days[i], 2);
    END IF;
    v_rest := v_rest - p_sales[i];
    v_days := v_days + p_days[i];
    IF v_rest = 0 THEN RETURN round(v_days, 2); END IF;
  END LOOP;
  RETURN NULL;   -- the months given do not cover the balance: not computable
END $$;
COMMENT ON FUNCTION app.dso_countback_calc(numeric, numeric[], integer[]) IS
  'metrics.md Countback DSO walk: months newest first; while the remaining AR covers a month''s sales, subtract them and add the month''s days; in the month where the remainder is smaller than its sales add remainder ÷ sales × days. NULL when the months do not cover the balance. Fixture: (212000, {100000,80000,70000}, {30,30,30}) → 73.71.';

CREATE FUNCTION app.dso_countback(p_as_of date, p_months integer DEFAULT 24) RETURNS numeric
LANGUAGE sql STABLE
AS $$
  -- Month k (0 = the month of p_as_of, counted up to p_as_of) walking back.
  WITH m AS (
    SELECT k, CASE WHEN k = 0 THEN p_as_of ELSE (date_trunc('month', p_as_of) - make_interval(months => k - 1))::date - 1 END AS m_end,
              (date_trunc('month', p_as_of) - make_interval(months => k))::date AS m_start
      FROM generate_series(0, greatest(p_months, 1) - 1) k
  )
  SELECT app.dso_countback_calc(app.ar_balance(p_as_of),
           array_agg(app.ar_credit_sales(m.m_start, m.m_end) ORDER BY m.k),
           array_agg((m.m_end - m.m_start + 1) ORDER BY m.k))
    FROM m
$$;
COMMENT ON FUNCTION app.dso_countback(date, integer) IS
  'Countback DSO at p_as_of (shown beside the rolling figure): AR balance walked back over calendar months (the current one up to p_as_of), at most p_months; NULL = NA when the months do not cover the balance. Caller''s RLS.';

GRANT EXECUTE ON FUNCTION app.ar_invoice_outstanding(date), app.ar_balance(date), app.ar_credit_sales(date, date),
  app.ar_collected(date, date), app.ar_overdue_pct(date), app.ar_aging(date, text), app.dso_rolling_series(date, date),
  app.dso_countback_calc(numeric, numeric[], integer[]), app.dso_countback(date, integer) TO authenticated, bcc_definer;

-- ---------------------------------------------------- collection ticket ---
CREATE FUNCTION app.dso_create_collection_ticket(p_customer_id text) RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role    app.user_role := app.current_role();
  v_today   date := app.today_jakarta();
  v_company text;
  v_n       integer;
  v_total   numeric;
  v_max     integer;
  v_lines   text;
  v_ticket  text;
BEGIN
  IF v_role IS NULL OR v_role NOT IN ('super_admin', 'finance', 'sales_manager', 'salesperson') THEN
    PERFORM app.raise_error('BC403', 'Your role may not open collection tickets');
  END IF;
  SELECT c.company_name INTO v_company FROM app.customers c WHERE c.customer_id = p_customer_id;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Customer not found');
  END IF;
  SELECT count(*), sum(o.outstanding_amount), max(o.days_past_due),
         string_agg(format('- %s · jatuh tempo %s · %s hari lewat · sisa %s dari %s',
                           o.invoice_number, to_char(o.due_date, 'YYYY-MM-DD'), o.days_past_due,
                           app.format_idr(o.outstanding_amount), app.format_idr(o.amount)),
                    E'\n' ORDER BY o.due_date, o.invoice_number)
    INTO v_n, v_total, v_max, v_lines
    FROM app.ar_invoice_outstanding(v_today) o
   WHERE o.customer_id = p_customer_id AND o.is_overdue;
  IF v_n = 0 THEN
    PERFORM app.raise_error('BC422', 'This customer has no overdue invoices',
      '{"errors":[{"field":"customer_id","message":"has no overdue invoices"}]}');
  END IF;
  INSERT INTO app.tickets (ticket_type, subject, description, priority, dept_target, created_by, related_customer_id)
  VALUES ('general_request',
          left(format('Penagihan %s: %s faktur lewat jatuh tempo (%s)', v_company, v_n, app.format_idr(v_total)), 200),
          left(format(E'Mohon tindak lanjut penagihan untuk %s (%s).\nPer %s ada %s faktur lewat jatuh tempo, total sisa %s:\n%s',
                      v_company, p_customer_id, to_char(v_today, 'YYYY-MM-DD'), v_n, app.format_idr(v_total), v_lines), 10000),
          (CASE WHEN v_max > 90 THEN 'urgent' WHEN v_max > 60 THEN 'high' ELSE 'normal' END)::app.ticket_priority,
          'FIN', auth.uid(), p_customer_id)
  RETURNING ticket_id INTO v_ticket;
  RETURN v_ticket;
END $$;
COMMENT ON FUNCTION app.dso_create_collection_ticket(text) IS
  'Quick action "Create collection ticket": a general_request ticket to FIN related to the customer, subject and description generated from the customer''s overdue invoices as the caller sees them (nothing re-typed); priority by the oldest overdue (> 60 days high, > 90 urgent). Finance, super_admin and sales (own/team customers; RLS) may call it; 404 when the customer is not visible, 422 when nothing is overdue. Invoker rights: the ticket is the caller''s own.';
GRANT EXECUTE ON FUNCTION app.dso_create_collection_ticket(text) TO authenticated;
