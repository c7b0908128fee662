-- Demo AR and KPI: invoices over the last six months for the demo customers,
-- payments (full, partial, none), overdue tails in every aging bucket, one
-- collection ticket, and KPI targets and manual entries for the demo users for
-- the current month and quarter. Everything is written as the demo users
-- (claims per step) through the same rules the API uses — finance records the
-- invoices and payments, managers set their team's targets, super_admin the
-- finance and operations targets — so triggers, checks and audit are real.
-- Then creation timestamps are moved back to the business dates.
DO $$
DECLARE
  uid       jsonb := (SELECT jsonb_object_agg(email, user_id) FROM app.profiles WHERE email LIKE '%@demo.local');
  today     date := app.today_jakarta();
  m_start   date := date_trunc('month', app.today_jakarta())::date;
  m_end     date := (date_trunc('month', app.today_jakarta()) + interval '1 month - 1 day')::date;
  q_start   date := date_trunc('quarter', app.today_jakarta())::date;
  q_end     date := (date_trunc('quarter', app.today_jakarta()) + interval '3 months - 1 day')::date;
  c         record;
  k         int := 0;
  j         int;
  n_inv     int;
  seq       int := 0;
  v_date    date;
  v_due     date;
  v_amount  numeric;
  v_inv     text;
  v_paid    numeric;
  v_pay_on  date;
  who       text;
  person    text;
BEGIN
  PERFORM setseed(0.0303);

  -- ----------------------------------------------------------- invoices ---
  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'finance@demo.local', 'role', 'authenticated')::text, true);
  -- Customers a salesperson works, plus a few from the marketing pool.
  FOR c IN
    SELECT cu.customer_id, row_number() OVER (ORDER BY cu.customer_id)::int AS k
      FROM app.customers cu
     WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = cu.customer_id AND p.owner_user_id IS NOT NULL)
        OR cu.customer_id IN (SELECT customer_id FROM app.customers ORDER BY customer_id LIMIT 4)
     ORDER BY cu.customer_id
  LOOP
    k := c.k;
    n_inv := 2 + k % 4;
    FOR j IN 0 .. n_inv - 1 LOOP
      seq := seq + 1;
      v_date := today - (8 + (k * 37 + j * 41) % 170);
      v_due := v_date + (ARRAY[14, 30, 30, 45])[1 + (k + j) % 4];
      v_amount := round((5000000 + random() * 145000000)::numeric, -3);
      INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, notes)
      VALUES (format('INV/%s/%s', to_char(v_date, 'YYYY/MM'), lpad(seq::text, 4, '0')), c.customer_id, v_date, v_due, v_amount,
              CASE WHEN j = 0 THEN 'Jasa freight forwarding' ELSE 'Biaya pengiriman & handling' END)
      RETURNING invoice_id INTO v_inv;
      -- Payment behaviour: most old invoices paid in full around the due date,
      -- every fourth one only partly (an overdue tail), some recent ones with a
      -- down payment, the rest still open.
      IF v_due < today - 20 AND (k + j) % 4 <> 0 THEN
        v_pay_on := least(today, greatest(v_date, v_due - 5 + (k * 7 + j) % 12));
        INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference)
        VALUES (v_inv, v_pay_on, v_amount, CASE WHEN (k + j) % 5 = 0 THEN 'giro' ELSE 'transfer' END,
                format('TRF-%s-%s', to_char(v_pay_on, 'YYYYMMDD'), lpad(seq::text, 4, '0')));
      ELSIF v_due < today - 20 THEN
        v_paid := round(v_amount * 0.4, -3);
        v_pay_on := least(today, v_due + 3);
        INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference)
        VALUES (v_inv, v_pay_on, v_paid, 'transfer', format('TRF-%s-%s-1', to_char(v_pay_on, 'YYYYMMDD'), lpad(seq::text, 4, '0')));
      ELSIF (k + j) % 3 = 0 THEN
        v_paid := round(v_amount * 0.3, -3);
        v_pay_on := least(today, v_date + 5);
        INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference)
        VALUES (v_inv, v_pay_on, v_paid, 'transfer', format('DP-%s-%s', to_char(v_pay_on, 'YYYYMMDD'), lpad(seq::text, 4, '0')));
      END IF;
    END LOOP;
  END LOOP;

  -- Explicit tails so every aging bucket has something today, for customers
  -- that salespeople own (sales see their own part of it).
  FOR c IN
    SELECT x.customer_id, x.n FROM (
      SELECT p.customer_id, row_number() OVER (ORDER BY p.customer_id)::int AS n
        FROM app.prospects p WHERE p.owner_user_id IS NOT NULL GROUP BY p.customer_id) x
     WHERE x.n <= 5
  LOOP
    seq := seq + 1;
    -- due in 10 days (current), 12, 40, 75 and 110 days ago
    v_due := today - (ARRAY[-10, 12, 40, 75, 110])[c.n];
    v_date := v_due - 30;
    v_amount := (ARRAY[42500000, 18750000, 63000000, 27250000, 95400000])[c.n];
    INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, notes)
    VALUES (format('INV/%s/%s', to_char(v_date, 'YYYY/MM'), lpad(seq::text, 4, '0')), c.customer_id, v_date, v_due, v_amount,
            'Jasa ekspor FCL 2x40''HC')
    RETURNING invoice_id INTO v_inv;
    IF c.n IN (3, 5) THEN
      INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference, notes)
      VALUES (v_inv, v_date + 20, round(v_amount / 3, -3), 'transfer', format('TRF-%s-%s-DP', to_char(v_date + 20, 'YYYYMMDD'), seq),
              'Uang muka');
    END IF;
  END LOOP;

  -- Finance opens a collection ticket for the customer overdue the longest.
  PERFORM app.dso_create_collection_ticket((
    SELECT o.customer_id FROM app.v_invoice_outstanding o WHERE o.is_overdue ORDER BY o.days_past_due DESC, o.customer_id LIMIT 1));

  -- ---------------------------------------------------------- KPI targets ---
  -- Marketing manager: marketing metrics for the team (self + staff).
  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'mkt.manager@demo.local', 'role', 'authenticated')::text, true);
  INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value, notes) VALUES
    ('MKT_LEADS',             (uid ->> 'mkt.staff@demo.local')::uuid,   m_start, m_end, 12, 'Target bulanan'),
    ('MKT_QUALIFIED_LEADS',   (uid ->> 'mkt.staff@demo.local')::uuid,   m_start, m_end, 6, NULL),
    ('MKT_CPL',               (uid ->> 'mkt.staff@demo.local')::uuid,   m_start, m_end, 2500000, 'Maksimal Rp 2,5 juta per lead'),
    ('MKT_CONTENT_PUBLISHED', (uid ->> 'mkt.staff@demo.local')::uuid,   m_start, m_end, 8, NULL),
    ('MKT_WEBSITE_VISITS',    (uid ->> 'mkt.staff@demo.local')::uuid,   q_start, q_end, 15000, 'Target kuartal'),
    ('MKT_LEADS',             (uid ->> 'mkt.manager@demo.local')::uuid, m_start, m_end, 25, 'Tim pemasaran'),
    ('MKT_SPEND',             (uid ->> 'mkt.manager@demo.local')::uuid, m_start, m_end, 40000000, 'Anggaran bulanan tim'),
    ('MKT_CPL',               (uid ->> 'mkt.manager@demo.local')::uuid, m_start, m_end, 2000000, NULL);

  -- Sales managers: sales metrics for their teams.
  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'sales.manager@demo.local', 'role', 'authenticated')::text, true);
  FOREACH person IN ARRAY ARRAY['sales1@demo.local', 'sales2@demo.local'] LOOP
    INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES
      ('SAL_REVENUE',    (uid ->> person)::uuid, m_start, m_end, 150000000),
      ('SAL_ACTIVITIES', (uid ->> person)::uuid, m_start, m_end, 20),
      ('SAL_VISITS',     (uid ->> person)::uuid, m_start, m_end, 6),
      ('SAL_WIN_RATE',   (uid ->> person)::uuid, m_start, m_end, 40),
      ('SAL_CYCLE_DAYS', (uid ->> person)::uuid, m_start, m_end, 45),
      ('SAL_REFERRALS',  (uid ->> person)::uuid, m_start, m_end, 3),
      ('SAL_NEW_LOGOS',  (uid ->> person)::uuid, q_start, q_end, 2);
  END LOOP;
  INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value, notes) VALUES
    ('SAL_REVENUE',    (uid ->> 'sales.manager@demo.local')::uuid, m_start, m_end, 400000000, 'Tim Budi'),
    ('SAL_WIN_RATE',   (uid ->> 'sales.manager@demo.local')::uuid, m_start, m_end, 45, NULL),
    ('SAL_NEW_LOGOS',  (uid ->> 'sales.manager@demo.local')::uuid, q_start, q_end, 5, 'Tim Budi');

  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'sales.manager2@demo.local', 'role', 'authenticated')::text, true);
  INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES
    ('SAL_REVENUE',    (uid ->> 'sales3@demo.local')::uuid, m_start, m_end, 120000000),
    ('SAL_ACTIVITIES', (uid ->> 'sales3@demo.local')::uuid, m_start, m_end, 18),
    ('SAL_WIN_RATE',   (uid ->> 'sales3@demo.local')::uuid, m_start, m_end, 35),
    ('SAL_NEW_LOGOS',  (uid ->> 'sales3@demo.local')::uuid, q_start, q_end, 2);

  -- super_admin: finance and operations targets.
  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'admin@demo.local', 'role', 'authenticated')::text, true);
  INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES
    ('FIN_COLLECTED',   (uid ->> 'finance@demo.local')::uuid, m_start, m_end, 500000000),
    ('FIN_DSO_30',      (uid ->> 'finance@demo.local')::uuid, m_start, m_end, 45),
    ('FIN_OVERDUE_PCT', (uid ->> 'finance@demo.local')::uuid, m_start, m_end, 20);
  FOREACH person IN ARRAY ARRAY['ops.dom@demo.local', 'ops.exi@demo.local'] LOOP
    INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES
      ('OPS_FIRST_RESPONSE_MEDIAN_HOURS', (uid ->> person)::uuid, m_start, m_end, 2),
      ('OPS_RFQ_TURNAROUND_HOURS',        (uid ->> person)::uuid, m_start, m_end, 16),
      ('OPS_SLA_COMPLIANCE_PCT',          (uid ->> person)::uuid, m_start, m_end, 90),
      ('OPS_SHIPMENTS_HANDLED',           (uid ->> person)::uuid, m_start, m_end, 40);
  END LOOP;

  -- ------------------------------------------------ MANUAL KPI entries ---
  -- (MKT_WEBSITE_VISITS and OPS_SHIPMENTS_HANDLED stay without entries: the
  -- progress page shows them as NA "nothing entered" until an import arrives.)
  FOREACH who IN ARRAY ARRAY['mkt.staff@demo.local', 'sales1@demo.local', 'sales2@demo.local'] LOOP
    PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> who, 'role', 'authenticated')::text, true);
    FOR j IN 0 .. 2 LOOP
      INSERT INTO app.kpi_entries (metric_key, entry_date, value, notes)
      VALUES (CASE WHEN who LIKE 'mkt%' THEN 'MKT_CONTENT_PUBLISHED' ELSE 'SAL_REFERRALS' END,
              greatest(m_start, today - j * 4), 1 + (j + length(who)) % 3,
              CASE WHEN who LIKE 'mkt%' THEN (ARRAY['Artikel blog: tips ekspor', 'Video LinkedIn: gudang baru', 'Infografis tarif domestik'])[j + 1]
                   ELSE (ARRAY['Referensi dari PT Sinar Jaya', 'Rekomendasi asosiasi eksportir', 'Kenalan di pameran'])[j + 1] END);
    END LOOP;
  END LOOP;

  PERFORM set_config('request.jwt.claims', '', true);
END $$;

-- Move creation timestamps to the business dates (bookkeeping only: no
-- triggers or audit for this, it shifts nothing but "created_at").
SET LOCAL session_replication_role = replica;
UPDATE app.invoices SET created_at = app.jakarta_day_start(invoice_date) + interval '9 hours' + make_interval(mins => (abs(hashtext(invoice_id)) % 240)),
                        updated_at = app.jakarta_day_start(invoice_date) + interval '9 hours' + make_interval(mins => (abs(hashtext(invoice_id)) % 240));
UPDATE app.payments SET created_at = app.jakarta_day_start(payment_date) + interval '10 hours' + make_interval(mins => (abs(hashtext(payment_id)) % 300));
UPDATE app.kpi_targets SET created_at = app.jakarta_day_start(period_start) + interval '8 hours', updated_at = app.jakarta_day_start(period_start) + interval '8 hours';
UPDATE app.kpi_entries SET created_at = app.jakarta_day_start(entry_date) + interval '16 hours'
 WHERE app.jakarta_day_start(entry_date) + interval '16 hours' < now();
SET LOCAL session_replication_role = origin;
