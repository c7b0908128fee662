-- =============================================================================
-- 0703 perf (P2): the rolling-DSO series from today's balance backwards.
--
-- app.dso_rolling_series(from, to) summed every invoice and every payment ever
-- recorded (joined to its invoice) to get the opening AR balance of the
-- window — two full scans per call, in GET /api/dso/rolling, the dashboard's
-- DSO trend, FIN_DSO_30 and v_dso_rolling_30. The opening balance is now
-- today's AR balance (app.ar_balance(today), read from app.ar_invoice_balances,
-- 0702) minus what was invoiced and plus what was paid after the window began:
-- only the rows dated since then, through invoices_date_idx / payments_date_idx.
-- Identical results: nothing is dated after today (invoices and payments in
-- the future are refused) and a payment is never dated before its invoice
-- (payment_before_insert), so greatest(payment_date, invoice_date) — the day
-- a payment starts counting in the balance — is its payment_date.
-- =============================================================================
CREATE OR REPLACE FUNCTION app.dso_rolling_series(p_from date, p_to date)
RETURNS TABLE (day date, ar_balance numeric, credit_sales_30d numeric, dso numeric)
LANGUAGE sql STABLE
AS $$
  WITH b AS (
    SELECT p_from - 30 AS c, app.today_jakarta() AS today
  ), inv AS (
    SELECT i.invoice_date AS d, sum(i.amount) AS amt
      FROM app.invoices i, b
     WHERE i.invoice_date > least(b.c, b.today) AND i.invoice_date <= greatest(p_to, b.today)
     GROUP BY i.invoice_date
  ), pay AS (
    SELECT p.payment_date AS d, sum(p.amount) AS amt
      FROM app.payments p, b
     WHERE p.payment_date > least(b.c, b.today) AND p.payment_date <= greatest(p_to, b.today)
     GROUP BY p.payment_date
  ), opening AS (
    -- AR balance at the end of day c (the day before the window).
    SELECT app.ar_balance(b.today)
           - coalesce((SELECT sum(inv.amt) FROM inv WHERE inv.d > b.c AND inv.d <= b.today), 0)
           + coalesce((SELECT sum(pay.amt) FROM pay WHERE pay.d > b.c AND pay.d <= b.today), 0) AS bal
      FROM b
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
