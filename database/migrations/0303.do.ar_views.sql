-- =============================================================================
-- 0303 ar: views for "today" (Asia/Jakarta) over the as-of functions of 0301.
-- security_invoker: the caller's RLS decides which invoices they cover.
-- The dashboard reuses these; for another as-of date call the functions.
-- =============================================================================

CREATE VIEW app.v_invoice_outstanding WITH (security_invoker = true) AS
  SELECT o.* FROM app.ar_invoice_outstanding(app.today_jakarta()) o;
COMMENT ON VIEW app.v_invoice_outstanding IS
  'Every invoice with paid_amount, outstanding_amount, is_overdue, days_past_due and status as of today (Asia/Jakarta). Invoker rights.';

CREATE VIEW app.v_ar_aging WITH (security_invoker = true) AS
  SELECT a.* FROM app.ar_aging(app.today_jakarta(), NULL) a;
COMMENT ON VIEW app.v_ar_aging IS
  'Aging buckets per customer as of today: current, days_1_30, days_31_60, days_61_90, days_over_90, total. Invoker rights.';

CREATE VIEW app.v_dso_rolling_30 WITH (security_invoker = true) AS
  SELECT s.day, s.ar_balance, s.credit_sales_30d, s.dso,
         app.dso_countback(s.day) AS countback_dso,
         app.ar_overdue_pct(s.day) AS overdue_pct
    FROM app.dso_rolling_series(app.today_jakarta(), app.today_jakarta()) s;
COMMENT ON VIEW app.v_dso_rolling_30 IS
  'Today''s rolling 30-day DSO (dso NULL = NA when no credit sales in the window), with the countback DSO and overdue % beside it. For a trend call app.dso_rolling_series(from, to). Invoker rights.';

GRANT SELECT ON app.v_invoice_outstanding, app.v_ar_aging, app.v_dso_rolling_30 TO authenticated;
