-- =============================================================================
-- Generator step 4: invoices and payments (rules of 0301).
--   Invoices of customers that buy: owned customers in QUOTATION, NEGOTIATION,
--   WON (most) or LOST (history), plus a few from the pool; recorded by finance
--   on or after the invoice date (never dated in the future), due 14–60 days
--   later. Payments: one to three per invoice, never before the invoice date
--   nor after today, and together never more than the amount (paid in full,
--   partly, or not at all — old unpaid ones make every aging bucket).
-- =============================================================================
CREATE TEMP TABLE g_bill ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY (g.stage = 'WON') DESC, pg_temp.u(200, g.c), g.c)::int AS b, g.c
  FROM g_cust g
 WHERE (g.owned AND g.stage IN ('QUOTATION', 'NEGOTIATION', 'WON', 'LOST')) OR (NOT g.owned AND pg_temp.u(201, g.c) < 0.05);
ALTER TABLE g_bill ADD PRIMARY KEY (b);
ANALYZE g_bill;

CREATE TEMP TABLE g_inv ON COMMIT DROP AS
WITH pick AS (
  SELECT i, gb.c
    FROM generate_series(1, (SELECT invoices FROM g_n)) i
    JOIN g_bill gb ON gb.b = 1 + floor((SELECT count(*) FROM g_bill) * pg_temp.u(202, i) ^ 1.5)::int
)
SELECT pk.i, pk.c, g.customer_id, d.inv_date,
       d.inv_date + (ARRAY[14, 30, 30, 30, 45, 60])[1 + pg_temp.ui(203, pk.i, 6)] AS due_date,
       round((1000000 + pg_temp.u(204, pk.i) ^ 2 * 149000000)::numeric, -3) AS amount,
       tf.ids[1 + pg_temp.ui(205, pk.i, tf.n)] AS creator,
       least(p.t_end - interval '1 minute', pg_temp.jat(d.inv_date + pg_temp.ui(206, pk.i, 3), 9 * 3600 + floor(pg_temp.u(207, pk.i) * 25200)::int)) AS created_at
  FROM pick pk JOIN g_cust g ON g.c = pk.c CROSS JOIN g_par p CROSS JOIN (SELECT ids, n FROM g_team WHERE kind = 'finance') tf
  CROSS JOIN LATERAL (SELECT greatest(p.d_start, (g.birth AT TIME ZONE 'Asia/Jakarta')::date) AS lo, p.d_end - 1 AS hi) r
  CROSS JOIN LATERAL (SELECT r.lo + floor(pg_temp.u(208, pk.i) * (r.hi - r.lo + 1))::int AS inv_date) d;
ALTER TABLE g_inv ADD PRIMARY KEY (i);
ANALYZE g_inv;
ALTER TABLE g_inv ADD COLUMN invoice_id text, ADD COLUMN invoice_number text;
WITH o AS (
  SELECT i, pg_temp.jyear(created_at) AS yr, row_number() OVER (PARTITION BY pg_temp.jyear(created_at) ORDER BY created_at, i) AS rn,
         row_number() OVER (ORDER BY inv_date, i) AS num
    FROM g_inv
), b AS (SELECT yr, pg_temp.id_base('IV', yr) AS b0 FROM (SELECT DISTINCT yr FROM o) y)
UPDATE g_inv v SET invoice_id = pg_temp.fmt_id('IV', o.yr, b.b0 + o.rn),
                   invoice_number = 'INV/' || to_char(v.inv_date, 'YYYY/MM') || '/' || lpad(o.num::text, 7, '0')
  FROM o JOIN b ON b.yr = o.yr WHERE o.i = v.i;

INSERT INTO app.invoices (invoice_id, invoice_number, customer_id, invoice_date, due_date, amount, currency, notes, import_id, created_by, created_at, updated_at)
SELECT v.invoice_id, v.invoice_number, v.customer_id, v.inv_date, v.due_date, v.amount, 'IDR',
       (ARRAY['Jasa freight forwarding', 'Biaya pengiriman & handling', 'Jasa ekspor FCL', 'Jasa pergudangan', 'Door-to-door domestik'])[1 + pg_temp.ui(209, v.i, 5)],
       NULL, v.creator, v.created_at, v.created_at
  FROM g_inv v ORDER BY v.invoice_id;

-- Payment plan per invoice: paid in full (1..4 instalments), partly (1..3), or not at all (≈ 1.6 payments per invoice).
CREATE TEMP TABLE g_pay ON COMMIT DROP AS
WITH st AS (
  SELECT v.*, p.d_end, p.t_end, pg_temp.u(210, v.i) AS x, p.d_end - v.due_date AS age
    FROM g_inv v CROSS JOIN g_par p
), plan AS (
  SELECT st.*,
         CASE WHEN st.age > 20 THEN CASE WHEN st.x < 0.75 THEN 'full' WHEN st.x < 0.90 THEN 'part' ELSE 'none' END
              WHEN st.age > 0 THEN CASE WHEN st.x < 0.40 THEN 'full' WHEN st.x < 0.60 THEN 'part' ELSE 'none' END
              ELSE CASE WHEN st.x < 0.15 THEN 'full' WHEN st.x < 0.30 THEN 'part' ELSE 'none' END END AS kind
    FROM st
), k AS (
  SELECT plan.*,
         CASE plan.kind WHEN 'full' THEN 1 + pg_temp.ui(211, plan.i, 4) WHEN 'part' THEN 1 + pg_temp.ui(211, plan.i, 3) ELSE 0 END AS n,
         CASE plan.kind WHEN 'full' THEN plan.amount
                        WHEN 'part' THEN greatest(1000, round((plan.amount * (0.2 + 0.6 * pg_temp.u(212, plan.i)))::numeric, -3)) ELSE 0 END AS paid,
         -- the last instalment: around the due date for full payers, before today
         least(plan.d_end, greatest(plan.inv_date, plan.due_date - 15 + pg_temp.ui(213, plan.i, 45))) AS last_date
    FROM plan
)
SELECT k.i, s.n AS seq, k.n, k.invoice_id, k.creator AS inv_creator, k.created_at AS inv_created, k.t_end,
       CASE WHEN s.n < k.n THEN round(k.paid / k.n, -3) ELSE k.paid - round(k.paid / k.n, -3) * (k.n - 1) END AS amount,
       k.inv_date + ((k.last_date - k.inv_date) * s.n / k.n) AS payment_date
  FROM k CROSS JOIN LATERAL generate_series(1, k.n) s(n);
ALTER TABLE g_pay ADD PRIMARY KEY (i, seq);
ANALYZE g_pay;
ALTER TABLE g_pay ADD COLUMN created_at timestamptz, ADD COLUMN payment_id text, ADD COLUMN creator uuid;
UPDATE g_pay y SET created_at = least(y.t_end, greatest(y.inv_created + interval '1 minute',
                     pg_temp.jat(y.payment_date, 10 * 3600 + floor(pg_temp.u(214, y.i * 4 + y.seq) * 25200)::int))),
                   creator = tf.ids[1 + pg_temp.ui(215, y.i * 4 + y.seq, tf.n)]
  FROM (SELECT ids, n FROM g_team WHERE kind = 'finance') tf;
WITH o AS (
  SELECT i, seq, pg_temp.jyear(created_at) AS yr, row_number() OVER (PARTITION BY pg_temp.jyear(created_at) ORDER BY created_at, i, seq) AS rn FROM g_pay
), b AS (SELECT yr, pg_temp.id_base('PY', yr) AS b0 FROM (SELECT DISTINCT yr FROM o) y)
UPDATE g_pay y SET payment_id = pg_temp.fmt_id('PY', o.yr, b.b0 + o.rn) FROM o JOIN b ON b.yr = o.yr WHERE o.i = y.i AND o.seq = y.seq;

INSERT INTO app.payments (payment_id, invoice_id, payment_date, amount, method, reference, notes, import_id, created_by, created_at)
SELECT y.payment_id, y.invoice_id, y.payment_date, y.amount,
       (ARRAY['transfer','transfer','transfer','transfer','transfer','transfer','transfer','giro','giro','giro','cash','offset','other','transfer','transfer','transfer','transfer','transfer','giro','transfer'])[1 + pg_temp.ui(216, y.i * 4 + y.seq, 20)],
       'TRF-' || to_char(y.payment_date, 'YYYYMMDD') || '-' || y.i || '-' || y.seq,
       CASE WHEN y.n > 1 THEN format('Cicilan %s dari %s', y.seq, y.n) END, NULL, y.creator, y.created_at
  FROM g_pay y ORDER BY y.payment_id;
