-- =============================================================================
-- Generator step 5: KPI targets and manual entries, marketing events and spend.
--   Targets: monthly, this month and the two before, set by the assignee's
--   manager (sales / marketing metrics for their team, themselves included)
--   or by super_admin (operations and finance); metric of the assignee's
--   department, percentages <= 100, one period per metric and person.
-- =============================================================================
CREATE TEMP TABLE g_month ON COMMIT DROP AS
SELECT m AS mi, (date_trunc('month', p.d_end) - make_interval(months => m))::date AS m_start,
       (date_trunc('month', p.d_end) - make_interval(months => m) + interval '1 month - 1 day')::date AS m_end
  FROM g_par p, generate_series(0, 2) m;

INSERT INTO app.kpi_targets (target_id, metric_key, assignee_user_id, period_start, period_end, target_value, notes, created_by, created_at, updated_at)
SELECT pg_temp.uid('target', hashtext(x.metric || u.user_id::text || mo.mi)), x.metric, u.user_id, mo.m_start, mo.m_end,
       round(x.base * (0.8 + 0.4 * pg_temp.u(300, hashtext(x.metric || u.user_id::text || mo.mi)))::numeric, CASE WHEN x.base >= 1000000 THEN -5 ELSE 0 END),
       CASE WHEN mo.mi = 0 THEN 'Target bulanan' END,
       coalesce(CASE WHEN u.role IN ('salesperson', 'marketing_staff') THEN u.manager WHEN u.role IN ('sales_manager', 'marketing_manager') THEN u.user_id END,
                (SELECT ids[1] FROM g_team WHERE kind = 'admin')),
       pg_temp.jat(mo.m_start - 3, 9 * 3600), pg_temp.jat(mo.m_start - 3, 9 * 3600)
  FROM g_user u
  CROSS JOIN g_month mo
  JOIN (VALUES
    ('salesperson', 'SAL_REVENUE', 400000000), ('salesperson', 'SAL_ACTIVITIES', 40), ('salesperson', 'SAL_VISITS', 8),
    ('salesperson', 'SAL_WIN_RATE', 40), ('salesperson', 'SAL_NEW_LOGOS', 3),
    ('sales_manager', 'SAL_REVENUE', 3000000000), ('sales_manager', 'SAL_WIN_RATE', 40),
    ('marketing_staff', 'MKT_LEADS', 500), ('marketing_staff', 'MKT_QUALIFIED_LEADS', 200), ('marketing_staff', 'MKT_CPL', 50000),
    ('marketing_manager', 'MKT_LEADS', 5000), ('marketing_manager', 'MKT_SPEND', 300000000),
    ('ops', 'OPS_FIRST_RESPONSE_MEDIAN_HOURS', 4), ('ops', 'OPS_SLA_COMPLIANCE_PCT', 80),
    ('finance', 'FIN_COLLECTED', 20000000000), ('finance', 'FIN_DSO_30', 45)
  ) x(role, metric, base) ON x.role = u.role::text;

-- Manual actuals: referrals (sales) and content published (marketing), weekly over half a year.
INSERT INTO app.kpi_entries (entry_id, metric_key, entry_date, assignee_user_id, value, source, notes, created_by, created_at)
SELECT pg_temp.uid('entry', hashtext(x.metric || u.user_id::text || w)), x.metric, d.day, u.user_id,
       pg_temp.ui(310, hashtext(x.metric || u.user_id::text || w), 4), 'MANUAL', NULL, u.user_id, pg_temp.jat(d.day, 16 * 3600)
  FROM g_user u
  JOIN (VALUES ('salesperson', 'SAL_REFERRALS'), ('marketing_staff', 'MKT_CONTENT_PUBLISHED')) x(role, metric) ON x.role = u.role::text
  CROSS JOIN generate_series(1, 26) w
  CROSS JOIN LATERAL (SELECT (SELECT d_end FROM g_par) - 7 * w AS day) d;

-- Marketing: monthly spend per channel and a few events, over the two years.
INSERT INTO app.marketing_spend (spend_id, channel, spend_date, amount, currency, notes, import_id, created_by, created_at)
SELECT pg_temp.uid('spend', m * 10 + ch.n), ch.channel::app.source_channel, s.day,
       round((2000000 + pg_temp.u(320, m * 10 + ch.n) * 40000000)::numeric, -3), 'IDR', 'Biaya bulanan ' || ch.channel, NULL,
       (SELECT ids[1 + pg_temp.ui(321, m * 10 + ch.n, n)] FROM g_team WHERE kind = 'lead_creators'), pg_temp.jat(s.day, 10 * 3600)
  FROM generate_series(0, 23) m
  CROSS JOIN (VALUES (1, 'website'), (2, 'social_media'), (3, 'email_campaign'), (4, 'event')) ch(n, channel)
  CROSS JOIN LATERAL (SELECT (date_trunc('month', (SELECT d_end FROM g_par)) - make_interval(months => m))::date + 4 AS day) s
 WHERE s.day < (SELECT d_end FROM g_par);
INSERT INTO app.marketing_activity_events (event_id, event_type, channel, occurred_at, title, leads_generated, notes, created_by, created_at)
SELECT pg_temp.uid('event', e), (ARRAY['campaign','event','content','ads','other'])[1 + pg_temp.ui(330, e, 5)]::app.marketing_event_type,
       (ARRAY['website','event','social_media','email_campaign'])[1 + pg_temp.ui(331, e, 4)]::app.source_channel,
       d.day, 'Kegiatan pemasaran #' || e, pg_temp.ui(332, e, 40), NULL,
       (SELECT ids[1 + pg_temp.ui(333, e, n)] FROM g_team WHERE kind = 'lead_creators'), pg_temp.jat(d.day, 15 * 3600)
  FROM generate_series(1, 96) e
  CROSS JOIN LATERAL (SELECT (SELECT d_end FROM g_par) - 1 - pg_temp.ui(334, e, 720) AS day) d;
