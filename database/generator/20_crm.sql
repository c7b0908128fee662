-- =============================================================================
-- Generator step 2: customers, leads, prospects, stage history, activities.
--
-- The story each row replays (crm_create_lead_bundle, crm_assign_lead and the
-- prospect/lead/activity triggers of 0101):
--   * every customer is born with its first lead (find_or_create_customer:
--     new customer, customer_match 'new'); later leads of the same company
--     match it by the identifiers they carry (npwp → email → phone → name);
--   * every bundle calls find_or_create_prospect(customer, NULL), whose
--     BEFORE INSERT trigger draws a PR number even when ON CONFLICT finds the
--     existing unassigned prospect — so PR numbers follow the lead numbers;
--   * "pool" customers (~45 %) are never handed over: one unassigned prospect
--     (stage NEW) holds all their leads (NEW / QUALIFIED / DISQUALIFIED);
--   * "owned" customers: each lead is assigned to the customer's salesperson
--     by the salesperson's manager before the next lead arrives. The first
--     assignment transfers the unassigned prospect P0 to the salesperson; each
--     later lead first creates a new unassigned prospect, which its handover
--     merges into P0 (its NULL→NEW history row and rfq_created activity move
--     to P0, the prospect row is deleted). Then the salesperson moves P0
--     forward (history + derived stage_change activities); WON converts the
--     handed-over leads; the salesperson logs calls, meetings, visits (photo
--     evidence + GPS) on P0.
--   * an RFQ toggled on a lead (~20 %) is an inquiry_tariff ticket created in
--     the same bundle (step 3) with its derived rfq_created activity here.
-- =============================================================================

-- -------------------------------------------------------------- customers ---
CREATE TEMP TABLE g_cust ON COMMIT DROP AS
WITH base AS (
  SELECT c,
         p.d_start + floor(730 * sqrt(pg_temp.u(10, c)))::int AS d0,
         8 * 3600 + floor(pg_temp.u(11, c) * 36000)::int AS sec,
         (c::bigint * 7919 + (SELECT seed FROM g_par)) % 2825761 AS widx
    FROM g_n, g_par p, generate_series(1, g_n.customers) c
)
SELECT b.c,
       pg_temp.jat(b.d0 - CASE extract(isodow FROM b.d0) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END, b.sec) AS birth,
       pg_temp.u(12, b.c) < 0.55 AS owned,
       1 + pg_temp.ui(13, b.c, (SELECT salespeople FROM g_n)) AS owner_k,
       b.widx % 41 AS d1, (b.widx / 41) % 41 AS d2, (b.widx / 1681) % 41 AS d3, (b.widx / 68921) % 41 AS d4,
       (SELECT w FROM g_words WHERE list = 'b' AND i = 1 + pg_temp.ui(22, b.c, 60)) AS w2,
       (SELECT w FROM g_words WHERE list = 'c' AND i = 1 + pg_temp.ui(23, b.c, 60)) AS w3,
       CASE WHEN pg_temp.u(14, b.c) < 0.70 THEN 'PT ' WHEN pg_temp.u(14, b.c) < 0.85 THEN 'CV ' WHEN pg_temp.u(14, b.c) < 0.90 THEN 'UD ' ELSE '' END AS legal,
       pg_temp.u(15, b.c) < 0.03 AS tbk,
       pg_temp.u(16, b.c) < 0.70 AS has_npwp,
       pg_temp.u(17, b.c) < 0.85 AS has_email,
       pg_temp.u(18, b.c) < 0.90 AS has_phone,
       (900000000000000 + (b.c::bigint * 7919 + (SELECT seed FROM g_par) * 104729) % 100000000000000)::text AS npwp15,
       lpad(((b.c::bigint * 7919 + (SELECT seed FROM g_par) * 31) % 100000000)::text, 8, '0') AS phone8,
       pg_temp.u(19, b.c) < 0.5 AS npwp_legacy
  FROM base b;
ALTER TABLE g_cust ADD PRIMARY KEY (c);
ANALYZE g_cust;
-- The brand: syllables d1 d2 d3 | d4 c1 c2 with c1 = Σ d, c2 = Σ i·d (mod 41).
ALTER TABLE g_cust ADD COLUMN brand1 text, ADD COLUMN brand2 text;
UPDATE g_cust g SET
  brand1 = (SELECT w FROM g_words WHERE list = 'syl' AND i = g.d1) || (SELECT w FROM g_words WHERE list = 'syl' AND i = g.d2)
        || (SELECT w FROM g_words WHERE list = 'syl' AND i = g.d3),
  brand2 = (SELECT w FROM g_words WHERE list = 'syl' AND i = g.d4) || (SELECT w FROM g_words WHERE list = 'syl' AND i = (g.d1 + g.d2 + g.d3 + g.d4) % 41)
        || (SELECT w FROM g_words WHERE list = 'syl' AND i = (g.d1 + 2 * g.d2 + 3 * g.d3 + 4 * g.d4) % 41);
ALTER TABLE g_cust ADD COLUMN company_name text, ADD COLUMN npwp text, ADD COLUMN email text, ADD COLUMN phone text,
  ADD COLUMN owner uuid, ADD COLUMN assigner uuid, ADD COLUMN customer_id text, ADD COLUMN creator uuid;
UPDATE g_cust g SET
  company_name = g.legal || initcap(g.brand1) || ' ' || initcap(g.brand2) || CASE WHEN g.tbk THEN ' Tbk' ELSE '' END,
  npwp = CASE WHEN NOT g.has_npwp THEN NULL
              WHEN g.npwp_legacy THEN substr(g.npwp15, 1, 2) || '.' || substr(g.npwp15, 3, 3) || '.' || substr(g.npwp15, 6, 3) || '.' || substr(g.npwp15, 9, 1)
                                      || '-' || substr(g.npwp15, 10, 3) || '.' || substr(g.npwp15, 13, 3)
              ELSE '0' || g.npwp15 END,
  email = CASE WHEN g.has_email THEN (ARRAY['info', 'sales', 'admin', 'halo', 'cs'])[1 + pg_temp.ui(20, g.c, 5)] || '@' || g.brand1 || g.brand2 || '.co.id' END,
  phone = CASE WHEN NOT g.has_phone THEN NULL
               WHEN pg_temp.u(21, g.c) < 0.5 THEN '0857' || g.phone8
               ELSE '+62 857-' || substr(g.phone8, 1, 4) || '-' || substr(g.phone8, 5, 4) END,
  owner = CASE WHEN g.owned THEN (SELECT ids[g.owner_k] FROM g_team WHERE kind = 'sales') END;
UPDATE g_cust g SET assigner = u.manager FROM g_user u WHERE u.user_id = g.owner;

-- ------------------------------------------------------------------ leads ---
CREATE TEMP TABLE g_lead ON COMMIT DROP AS
WITH raw AS (
  SELECT j, CASE WHEN j <= n.customers THEN j ELSE 1 + floor(n.customers * pg_temp.u(30, j) ^ 2)::int END AS c
    FROM g_n n, generate_series(1, (SELECT leads FROM g_n)) j
)
SELECT r.j, r.c,
       CASE WHEN r.j <= (SELECT customers FROM g_n) THEN g.birth
            ELSE g.birth + make_interval(secs => 300 + floor(pg_temp.u(31, r.j) * greatest(extract(epoch FROM p.t_end - g.birth) - 600, 1))) END AS created_at
  FROM raw r JOIN g_cust g ON g.c = r.c CROSS JOIN g_par p;
ALTER TABLE g_lead ADD PRIMARY KEY (j);
CREATE INDEX ON g_lead (c);
ANALYZE g_lead;
ALTER TABLE g_lead ADD COLUMN k int, ADD COLUMN next_at timestamptz;
UPDATE g_lead l SET k = x.k, next_at = x.next_at
  FROM (SELECT j, row_number() OVER w AS k, lead(created_at) OVER w AS next_at
          FROM g_lead WINDOW w AS (PARTITION BY c ORDER BY created_at, j)) x
 WHERE x.j = l.j;

ALTER TABLE g_lead
  ADD COLUMN lead_id text, ADD COLUMN pr_id text, ADD COLUMN creator uuid, ADD COLUMN channel app.source_channel,
  ADD COLUMN contact text, ADD COLUMN npwp text, ADD COLUMN email text, ADD COLUMN phone text, ADD COLUMN cmatch text,
  ADD COLUMN has_rfq boolean, ADD COLUMN status app.lead_status, ADD COLUMN qualified_at timestamptz,
  ADD COLUMN disqualified_at timestamptz, ADD COLUMN handed_at timestamptz, ADD COLUMN converted_at timestamptz,
  ADD COLUMN owner uuid, ADD COLUMN notes text;

-- Numbers: LD and PR drawn in creation order per Jakarta year, after what the sequences already gave.
WITH o AS (
  SELECT j, pg_temp.jyear(created_at) AS yr, row_number() OVER (PARTITION BY pg_temp.jyear(created_at) ORDER BY created_at, j) AS rn
    FROM g_lead
), b AS (SELECT yr, pg_temp.id_base('LD', yr) AS ld0, pg_temp.id_base('PR', yr) AS pr0 FROM (SELECT DISTINCT yr FROM o) y)
UPDATE g_lead l SET lead_id = pg_temp.fmt_id('LD', o.yr, b.ld0 + o.rn), pr_id = pg_temp.fmt_id('PR', o.yr, b.pr0 + o.rn)
  FROM o JOIN b ON b.yr = o.yr WHERE o.j = l.j;

UPDATE g_lead l SET
  creator = lc.ids[1 + pg_temp.ui(32, l.j, lc.n)],
  channel = (ARRAY['website','website','website','website','website','referral','referral','referral','event','event',
                   'social_media','social_media','social_media','email_campaign','email_campaign','cold_call','cold_call',
                   'whatsapp','whatsapp','other'])[1 + pg_temp.ui(33, l.j, 20)]::app.source_channel,
  contact = wf.a[1 + pg_temp.ui(34, l.j, 40)] || ' ' || wl.a[1 + pg_temp.ui(35, l.j, 30)],
  npwp  = CASE WHEN l.k = 1 OR pg_temp.u(36, l.j) < 0.6 THEN g.npwp END,
  email = CASE WHEN l.k = 1 OR pg_temp.u(37, l.j) < 0.6 THEN g.email END,
  phone = CASE WHEN l.k = 1 OR pg_temp.u(38, l.j) < 0.6 THEN g.phone END,
  has_rfq = pg_temp.u(39, l.j) < 0.2,
  notes = CASE WHEN pg_temp.u(40, l.j) < 0.3 THEN 'Kebutuhan pengiriman rutin ' || (ARRAY['bulanan', 'mingguan', 'musiman', 'proyek'])[1 + pg_temp.ui(41, l.j, 4)] END
  FROM g_cust g, (SELECT ids, n FROM g_team WHERE kind = 'lead_creators') lc,
       (SELECT array_agg(w ORDER BY i) AS a FROM g_words WHERE list = 'first') wf,
       (SELECT array_agg(w ORDER BY i) AS a FROM g_words WHERE list = 'last') wl
 WHERE g.c = l.c;
UPDATE g_lead l SET cmatch = CASE WHEN l.k = 1 THEN 'new' WHEN l.npwp IS NOT NULL THEN 'npwp' WHEN l.email IS NOT NULL THEN 'email'
                                  WHEN l.phone IS NOT NULL THEN 'phone' ELSE 'company_name' END;

-- Customers: ids in birth order per year; created by the first lead's creator.
UPDATE g_cust g SET creator = l.creator FROM g_lead l WHERE l.c = g.c AND l.k = 1;
WITH o AS (
  SELECT c, pg_temp.jyear(birth) AS yr, row_number() OVER (PARTITION BY pg_temp.jyear(birth) ORDER BY birth, c) AS rn FROM g_cust
), b AS (SELECT yr, pg_temp.id_base('CU', yr) AS b0 FROM (SELECT DISTINCT yr FROM o) y)
UPDATE g_cust g SET customer_id = pg_temp.fmt_id('CU', o.yr, b.b0 + o.rn) FROM o JOIN b ON b.yr = o.yr WHERE o.c = g.c;

-- Lead lifecycle.
--   pool: NEW (50 %), QUALIFIED (30 %), DISQUALIFIED (20 %, from NEW or after qualifying)
--   owned: assigned by the manager before the next lead of the company
--          arrives (1–72 h after creation), half of them qualified first.
UPDATE g_lead l SET
  handed_at = CASE WHEN g.owned THEN l.created_at + make_interval(secs => greatest(1, floor(least(
                  3600 + pg_temp.u(42, l.j) * 71 * 3600,
                  extract(epoch FROM coalesce(l.next_at, p.t_end) - l.created_at) / 2)))) END,
  owner = g.owner
  FROM g_cust g, g_par p WHERE g.c = l.c;
UPDATE g_lead l SET
  qualified_at = CASE
    WHEN l.owner IS NOT NULL AND pg_temp.u(43, l.j) < 0.5
      THEN l.created_at + make_interval(secs => floor(extract(epoch FROM l.handed_at - l.created_at) * (0.2 + 0.6 * pg_temp.u(44, l.j))))
    WHEN l.owner IS NULL AND pg_temp.u(43, l.j) >= 0.5
      THEN l.created_at + make_interval(secs => 3600 + floor(pg_temp.u(44, l.j) * 5 * 86400)) END
  FROM g_par p;
-- A qualification that would lie in the future has not happened yet.
UPDATE g_lead l SET qualified_at = NULL FROM g_par p WHERE l.qualified_at > p.t_end - interval '1 minute';
UPDATE g_lead l SET disqualified_at = coalesce(l.qualified_at, l.created_at) + make_interval(secs => 3600 + floor(pg_temp.u(45, l.j) * 10 * 86400))
 WHERE l.owner IS NULL AND pg_temp.u(43, l.j) >= 0.8;
UPDATE g_lead l SET disqualified_at = NULL FROM g_par p WHERE l.disqualified_at > p.t_end - interval '1 minute';

-- ------------------------------------------------------- prospect stories ---
-- Final stage of each owned prospect and the forward path that reached it.
CREATE TEMP TABLE g_path ON COMMIT DROP AS
SELECT * FROM (VALUES
  (1, 'CONTACTED', 1, 'CONTACTED'),
  (2, 'NEEDS_ANALYSIS', 1, 'CONTACTED'), (2, 'NEEDS_ANALYSIS', 2, 'NEEDS_ANALYSIS'),
  (3, 'QUOTATION', 1, 'CONTACTED'), (3, 'QUOTATION', 2, 'NEEDS_ANALYSIS'), (3, 'QUOTATION', 3, 'QUOTATION'),
  (4, 'QUOTATION', 1, 'CONTACTED'), (4, 'QUOTATION', 2, 'QUOTATION'),
  (5, 'NEGOTIATION', 1, 'CONTACTED'), (5, 'NEGOTIATION', 2, 'QUOTATION'), (5, 'NEGOTIATION', 3, 'NEGOTIATION'),
  (6, 'WON', 1, 'CONTACTED'), (6, 'WON', 2, 'QUOTATION'), (6, 'WON', 3, 'NEGOTIATION'), (6, 'WON', 4, 'WON'),
  (7, 'WON', 1, 'CONTACTED'), (7, 'WON', 2, 'QUOTATION'), (7, 'WON', 3, 'WON'),
  (8, 'LOST', 1, 'CONTACTED'), (8, 'LOST', 2, 'NEEDS_ANALYSIS'), (8, 'LOST', 3, 'LOST'),
  (9, 'LOST', 1, 'CONTACTED'), (9, 'LOST', 2, 'QUOTATION'), (9, 'LOST', 3, 'LOST')
) v(path, final, seq, stage);

ALTER TABLE g_cust ADD COLUMN a1 timestamptz, ADD COLUMN path int;
UPDATE g_cust g SET a1 = l.handed_at FROM g_lead l WHERE l.c = g.c AND l.k = 1 AND g.owned;
-- NEW 10 %, CONTACTED 20 %, NEEDS_ANALYSIS 15 %, QUOTATION 15 %, NEGOTIATION 10 %, WON 20 %, LOST 10 %.
UPDATE g_cust g SET path = CASE
    WHEN x < 0.10 THEN NULL WHEN x < 0.30 THEN 1 WHEN x < 0.45 THEN 2 WHEN x < 0.525 THEN 3 WHEN x < 0.60 THEN 4
    WHEN x < 0.70 THEN 5 WHEN x < 0.80 THEN 6 WHEN x < 0.90 THEN 7 WHEN x < 0.95 THEN 8 ELSE 9 END
  FROM (SELECT c, pg_temp.u(50, c) AS x FROM g_cust) r WHERE r.c = g.c AND g.owned;

CREATE TEMP TABLE g_stage ON COMMIT DROP AS
SELECT g.c, s.seq, lag(s.stage, 1, 'NEW') OVER (PARTITION BY g.c ORDER BY s.seq)::app.prospect_stage AS from_stage,
       s.stage::app.prospect_stage AS to_stage, g.owner AS actor,
       g.a1 + make_interval(secs => greatest(1, floor(extract(epoch FROM p.t_end - g.a1)
                * (0.15 + 0.8 * pg_temp.u(51, g.c)) * s.seq / (SELECT max(seq) FROM g_path x WHERE x.path = g.path)))) AS at
  FROM g_cust g JOIN g_path s ON s.path = g.path CROSS JOIN g_par p
 WHERE g.owned;
ALTER TABLE g_stage ADD PRIMARY KEY (c, seq);

ALTER TABLE g_cust ADD COLUMN stage app.prospect_stage NOT NULL DEFAULT 'NEW', ADD COLUMN stage_at timestamptz, ADD COLUMN won_at timestamptz;
UPDATE g_cust g SET stage = s.to_stage, stage_at = s.at
  FROM g_stage s WHERE s.c = g.c AND s.seq = (SELECT max(seq) FROM g_stage x WHERE x.c = g.c);
UPDATE g_cust g SET won_at = s.at FROM g_stage s WHERE s.c = g.c AND s.to_stage = 'WON';

-- Lead status at the end.
UPDATE g_lead l SET
  status = CASE
    WHEN l.owner IS NOT NULL AND g.won_at IS NOT NULL AND l.handed_at < g.won_at THEN 'CONVERTED'
    WHEN l.owner IS NOT NULL THEN 'HANDED_OVER'
    WHEN l.disqualified_at IS NOT NULL THEN 'DISQUALIFIED'
    WHEN l.qualified_at IS NOT NULL THEN 'QUALIFIED'
    ELSE 'NEW' END::app.lead_status,
  converted_at = CASE WHEN l.owner IS NOT NULL AND g.won_at IS NOT NULL AND l.handed_at < g.won_at THEN g.won_at END
  FROM g_cust g WHERE g.c = l.c;

-- ---------------------------------------------------------------- tickets ---
-- RFQ tickets are numbered with every other ticket in step 3; their plan row
-- is made here so the rfq_created activity can name it.
CREATE TEMP TABLE g_rfq ON COMMIT DROP AS
SELECT l.j, l.c, l.lead_id, l.created_at, l.creator,
       (ARRAY['air','sea_fcl','sea_fcl','sea_lcl','land','land','express'])[1 + pg_temp.ui(60, l.j, 7)]::app.service_type AS service,
       (SELECT initcap(w) FROM g_words WHERE list = 'c' AND i = 1 + pg_temp.ui(61, l.j, 60)) AS origin,
       (ARRAY['Singapore','Port Klang','Shenzhen','Tokyo','Busan','Rotterdam','Hamburg','Dubai','Sydney','Los Angeles',
              'Jakarta','Surabaya','Makassar','Medan','Balikpapan','Denpasar'])[1 + pg_temp.ui(62, l.j, 16)] AS destination
  FROM g_lead l WHERE l.has_rfq;
ALTER TABLE g_rfq ADD PRIMARY KEY (j);
ANALYZE g_rfq;
ALTER TABLE g_rfq ADD COLUMN ticket_id text;

-- ------------------------------------------------------ rows: customers ---
INSERT INTO app.customers (customer_id, company_name, npwp, email, phone, address, city, industry, created_by, created_at, updated_at)
SELECT g.customer_id, g.company_name, g.npwp, g.email, g.phone,
       -- Half of the customers were completed later by finance (address, city, industry).
       CASE WHEN e.done THEN 'Jl. ' || initcap(g.brand1) || ' No. ' || (1 + pg_temp.ui(70, g.c, 200)) || ', ' || initcap(g.w3) END,
       CASE WHEN e.done THEN initcap(g.w3) END,
       CASE WHEN e.done THEN initcap(g.w2) END,
       g.creator, g.birth, CASE WHEN e.done THEN e.at ELSE g.birth END
  FROM g_cust g
  CROSS JOIN LATERAL (SELECT g.birth + make_interval(secs => 86400 + floor(pg_temp.u(71, g.c) * 30 * 86400)) AS at) a
  CROSS JOIN LATERAL (SELECT pg_temp.u(72, g.c) < 0.5 AND a.at < (SELECT t_end FROM g_par) AS done, a.at) e
 ORDER BY g.customer_id;

-- --------------------------------------------------------- rows: prospects ---
-- One per customer (P0, numbered by its first lead). Owned: transferred at the
-- first handover; later leads' prospects were merged into it.
CREATE TEMP TABLE g_act (
  activity_id uuid, activity_type app.activity_type, c int, owner uuid, occurred_at timestamptz, created_at timestamptz,
  notes text, is_system boolean, related_lead_id text, related_ticket_id text, metadata jsonb, on_p0 boolean,
  lat numeric, lng numeric, acc numeric, evidence uuid) ON COMMIT DROP;

-- rfq_created (ticket ids filled in step 3; on_p0 = inserted while the RFQ's prospect was P0)
INSERT INTO g_act
SELECT pg_temp.uid('act-rfq', r.j), 'rfq_created', r.c, r.creator, r.created_at, r.created_at,
       left(format('RFQ %s → %s, %s', r.origin, r.destination, r.service), 200), true, r.lead_id, NULL,
       jsonb_build_object('service_type', r.service), (l.k = 1 OR NOT g.owned), NULL, NULL, NULL, NULL
  FROM g_rfq r JOIN g_lead l ON l.j = r.j JOIN g_cust g ON g.c = r.c;
-- handover
INSERT INTO g_act
SELECT pg_temp.uid('act-handover', l.j), 'handover', l.c, l.owner, l.handed_at, l.handed_at,
       format('Lead %s handed over', l.lead_id), true, l.lead_id, NULL,
       jsonb_build_object('from_owner', NULL, 'to_owner', l.owner, 'by', g.assigner), true, NULL, NULL, NULL, NULL
  FROM g_lead l JOIN g_cust g ON g.c = l.c WHERE l.owner IS NOT NULL;
-- stage_change
INSERT INTO g_act
SELECT pg_temp.uid('act-stage', s.c * 10 + s.seq), 'stage_change', s.c, s.actor, s.at, s.at,
       format('%s → %s', s.from_stage, s.to_stage), true, NULL, NULL,
       jsonb_build_object('from', s.from_stage, 'to', s.to_stage, 'by', s.actor), true, NULL, NULL, NULL, NULL
  FROM g_stage s;
-- the salesperson's own activities on owned prospects (avg 2 per prospect)
INSERT INTO g_act
SELECT pg_temp.uid('act-user', g.c * 10 + a.n), x.t, g.c, g.owner, x.occ,
       least(p.t_end, x.occ + make_interval(secs => floor(pg_temp.u(82, g.c * 10 + a.n) * 7200))),
       (ARRAY['Tindak lanjut kebutuhan pengiriman', 'Diskusi tarif dan jadwal', 'Kirim profil perusahaan',
              'Konfirmasi volume bulanan', 'Presentasi layanan'])[1 + pg_temp.ui(83, g.c * 10 + a.n, 5)],
       false, NULL, NULL, NULL, true,
       CASE WHEN x.t = 'visit' THEN round((-8 + 13 * pg_temp.u(84, g.c * 10 + a.n))::numeric, 6) END,
       CASE WHEN x.t = 'visit' THEN round((95 + 46 * pg_temp.u(85, g.c * 10 + a.n))::numeric, 6) END,
       CASE WHEN x.t = 'visit' THEN round((5 + 40 * pg_temp.u(86, g.c * 10 + a.n))::numeric, 1) END,
       CASE WHEN x.t = 'visit' THEN pg_temp.uid('obj-visit', g.c * 10 + a.n) END
  FROM g_cust g
  CROSS JOIN g_par p
  CROSS JOIN LATERAL generate_series(1, pg_temp.ui(80, g.c, 5)) a(n)
  CROSS JOIN LATERAL (SELECT (ARRAY['call','call','call','whatsapp','whatsapp','email','meeting','meeting','visit','visit'])[1 + pg_temp.ui(81, g.c * 10 + a.n, 10)]::app.activity_type AS t,
                             g.a1 + make_interval(secs => 60 + floor(pg_temp.u(87, g.c * 10 + a.n) * greatest(extract(epoch FROM p.t_end - g.a1) - 7200, 1))) AS occ) x
 WHERE g.owned;

-- What P0 itself saw (rfq_created of later leads landed on their short-lived prospects).
CREATE TEMP TABLE g_act_p0 ON COMMIT DROP AS
SELECT c, max(created_at) AS max_created, max(occurred_at) AS max_occurred FROM g_act WHERE on_p0 GROUP BY c;
ALTER TABLE g_act_p0 ADD PRIMARY KEY (c);
ANALYZE g_act, g_stage, g_cust, g_lead;

INSERT INTO app.prospects (prospect_id, customer_id, owner_user_id, stage, stage_changed_at, lost_reason, created_by, created_at, updated_at, last_activity_at)
SELECT l.pr_id, g.customer_id, g.owner, g.stage, coalesce(g.stage_at, g.birth),
       CASE WHEN g.stage = 'LOST' THEN (ARRAY['Harga kompetitor lebih murah', 'Proyek ditunda pelanggan', 'Volume terlalu kecil'])[1 + pg_temp.ui(90, g.c, 3)] END,
       g.creator, g.birth,
       greatest(g.birth, g.a1, g.stage_at, ap.max_created),
       greatest(g.birth, g.stage_at, ap.max_occurred)
  FROM g_cust g JOIN g_lead l ON l.c = g.c AND l.k = 1 LEFT JOIN g_act_p0 ap ON ap.c = g.c
 ORDER BY l.pr_id;
ALTER TABLE g_cust ADD COLUMN prospect_id text;
UPDATE g_cust g SET prospect_id = l.pr_id FROM g_lead l WHERE l.c = g.c AND l.k = 1;

-- ------------------------------------------------------------- rows: leads ---
INSERT INTO app.leads (lead_id, company_name, contact_name, email, phone, npwp, source_channel, notes, status, created_by,
                       sales_owner_user_id, customer_id, prospect_id, customer_match, handed_over_at, qualified_at, converted_at,
                       disqualified_at, disqualified_reason, import_id, created_at, updated_at, last_activity_at)
SELECT l.lead_id, g.company_name, l.contact, l.email, l.phone, l.npwp, l.channel, l.notes, l.status, l.creator,
       l.owner, g.customer_id, g.prospect_id, l.cmatch, l.handed_at, l.qualified_at, l.converted_at,
       CASE WHEN l.status = 'DISQUALIFIED' THEN l.disqualified_at END,
       CASE WHEN l.status = 'DISQUALIFIED' THEN (ARRAY['Volume terlalu kecil', 'Di luar area layanan', 'Kontak tidak dapat dihubungi', 'Hanya membandingkan harga'])[1 + pg_temp.ui(91, l.j, 4)] END,
       NULL, l.created_at,
       greatest(l.created_at, l.qualified_at, l.handed_at, l.converted_at, CASE WHEN l.status = 'DISQUALIFIED' THEN l.disqualified_at END),
       greatest(l.created_at, l.qualified_at, l.handed_at, l.converted_at, CASE WHEN l.status = 'DISQUALIFIED' THEN l.disqualified_at END)
  FROM g_lead l JOIN g_cust g ON g.c = l.c
 ORDER BY l.lead_id;

-- --------------------------------------------------------- rows: history ---
-- NULL → NEW of P0 (by the first lead's creator), of every merged prospect
-- (by its lead's creator, at its creation), then the salesperson's moves.
CREATE TEMP TABLE g_hist ON COMMIT DROP AS
SELECT g.prospect_id, NULL::app.prospect_stage AS from_stage, 'NEW'::app.prospect_stage AS to_stage, l.creator AS changed_by, l.created_at AS changed_at, l.j::bigint * 16 AS tie
  FROM g_lead l JOIN g_cust g ON g.c = l.c WHERE l.k = 1 OR g.owned
UNION ALL
SELECT g.prospect_id, s.from_stage, s.to_stage, s.actor, s.at, g.c::bigint * 16 + s.seq
  FROM g_stage s JOIN g_cust g ON g.c = s.c;
INSERT INTO app.prospect_stage_history (history_id, prospect_id, from_stage, to_stage, changed_by, changed_at)
OVERRIDING SYSTEM VALUE
SELECT (SELECT coalesce(max(history_id), 0) FROM app.prospect_stage_history) + row_number() OVER (ORDER BY h.changed_at, h.tie),
       h.prospect_id, h.from_stage, h.to_stage, h.changed_by, h.changed_at
  FROM g_hist h;
