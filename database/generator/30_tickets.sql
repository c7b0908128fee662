-- =============================================================================
-- Generator step 3: tickets (RFQs of the lead bundles + every other kind),
-- their lifecycle as the triggers of 0202 record it, quotes, messages, SLA
-- events; then the CRM activities that name tickets, and visit evidence.
--
--   * due/risk times = add_business_minutes(created_at, policy [× 0.8]),
--     shifted by the business time waited when a ticket leaves
--     WAITING_CUSTOMER (only those still ahead when the wait began);
--   * first response = first non-internal message by someone other than the
--     creator (the handling department answers; the requester's own messages
--     never count), with first_response_business_minutes and FIRST_RESPONSE;
--   * every status change → STATUS_CHANGE {from, to[, reason]}; the first
--     resolving one (RESOLVED/CLOSED; an inquiry QUOTED/CANCELLED) →
--     resolved_at, durations minus waiting, and the RESOLVED event;
--     terminal statuses → closed_at; QUOTED only with a recorded quote;
--   * last_activity_at/updated_at = the latest message or change.
-- Nothing happens after gen.end: recent tickets are still open.
-- =============================================================================
CREATE TEMP TABLE g_owned ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY c)::int AS o, c FROM g_cust WHERE owned;
ALTER TABLE g_owned ADD PRIMARY KEY (o);
ANALYZE g_owned;

CREATE TEMP TABLE g_tk (
  t bigint PRIMARY KEY, is_rfq boolean, j int, c int, ttype app.ticket_type, creator uuid, dept text, priority app.ticket_priority,
  handler uuid, assignee uuid, t0 timestamptz, subject text, description text,
  origin text, destination text, service app.service_type, commodity text, weight numeric, volume numeric, ready_date date,
  pickup_address text, pickup_date date, cargo text, shipment_ref text,
  ticket_id text
) ON COMMIT DROP;

-- RFQs of lead bundles: same moment as the lead, by its creator, to the department of the service.
INSERT INTO g_tk (t, is_rfq, j, c, ttype, creator, dept, priority, t0, subject, description, origin, destination, service, commodity, weight, volume, ready_date)
SELECT r.j, true, r.j, r.c, 'inquiry_tariff', r.creator, app.rfq_dept_for_service(r.service),
       (ARRAY['normal','normal','normal','normal','normal','normal','high','high','urgent','low'])[1 + pg_temp.ui(101, r.j, 10)]::app.ticket_priority,
       r.created_at, left(format('RFQ %s → %s, %s', r.origin, r.destination, r.service), 200),
       CASE WHEN pg_temp.u(102, r.j) < 0.4 THEN 'Mohon tarif termasuk asuransi dan biaya dokumen.' END,
       r.origin, r.destination, r.service,
       (ARRAY['Suku cadang','Tekstil','Makanan kemasan','Elektronik','Furnitur','Kopi','Bahan kimia','Obat-obatan'])[1 + pg_temp.ui(103, r.j, 8)],
       round((50 + pg_temp.u(104, r.j) * 20000)::numeric, 2),
       CASE WHEN pg_temp.u(105, r.j) < 0.6 THEN round((0.5 + pg_temp.u(106, r.j) * 60)::numeric, 3) END,
       CASE WHEN pg_temp.u(107, r.j) < 0.5 THEN (r.created_at AT TIME ZONE 'Asia/Jakarta')::date + 3 + pg_temp.ui(108, r.j, 30) END
  FROM g_rfq r;

-- Every other ticket: sales about their own customers (55 %), marketing (10 %),
-- finance to operations (10 %), operations to another department (25 %).
WITH plan AS (
  SELECT i::bigint AS i, pg_temp.u(110, i) AS x
    FROM generate_series(1, greatest(0, (SELECT tickets FROM g_n) - (SELECT count(*) FROM g_rfq))::int) i
), who AS (
  SELECT pl.i, pl.x,
         CASE WHEN pl.x < 0.55 THEN 'sales' WHEN pl.x < 0.65 THEN 'mkt' WHEN pl.x < 0.75 THEN 'fin' ELSE 'ops' END AS cls,
         ow.c
    FROM plan pl JOIN g_owned ow ON ow.o = 1 + pg_temp.ui(111, pl.i, (SELECT count(*)::int FROM g_owned))
), typed AS (
  SELECT w.*,
         CASE w.cls
           WHEN 'sales' THEN (ARRAY['request_pickup','request_pickup','complaint','complaint','general_request'])[1 + pg_temp.ui(112, w.i, 5)]
           WHEN 'mkt' THEN 'general_request'
           WHEN 'fin' THEN 'general_request'
           ELSE (ARRAY['request_pickup','complaint','general_request','general_request'])[1 + pg_temp.ui(112, w.i, 4)] END::app.ticket_type AS ttype,
         CASE WHEN w.cls = 'ops' THEN tops.ids[1 + pg_temp.ui(113, w.i, tops.n)]
              WHEN w.cls = 'mkt' THEN tmkt.ids[1 + pg_temp.ui(113, w.i, tmkt.n)]
              WHEN w.cls = 'fin' THEN tfin.ids[1 + pg_temp.ui(113, w.i, tfin.n)]
              ELSE g.owner END AS creator
    FROM who w LEFT JOIN g_cust g ON g.c = w.c
    CROSS JOIN (SELECT ids, n FROM g_team WHERE kind = 'ops') tops
    CROSS JOIN (SELECT ids, n FROM g_team WHERE kind = 'lead_creators') tmkt
    CROSS JOIN (SELECT ids, n FROM g_team WHERE kind = 'finance') tfin
), dept AS (
  SELECT t.*,
         CASE
           WHEN t.cls = 'ops' THEN CASE WHEN pg_temp.u(114, t.i) < 0.2 THEN 'FIN'
                                       ELSE (ARRAY['DOM','EXI','DTD','WHS'])[1 + (array_position(ARRAY['DOM','EXI','DTD','WHS'], u.dept) + pg_temp.ui(115, t.i, 3)) % 4] END
           WHEN t.cls = 'fin' THEN (ARRAY['DOM','EXI','DTD','WHS'])[1 + pg_temp.ui(115, t.i, 4)]
           WHEN t.ttype = 'request_pickup' THEN (ARRAY['DOM','DOM','DOM','DTD','DTD','WHS'])[1 + pg_temp.ui(115, t.i, 6)]
           WHEN t.ttype = 'complaint' THEN (ARRAY['DOM','EXI','DTD','WHS'])[1 + pg_temp.ui(115, t.i, 4)]
           ELSE (ARRAY['FIN','FIN','DOM','EXI','DTD','WHS'])[1 + pg_temp.ui(115, t.i, 6)] END AS dept
    FROM typed t JOIN g_user u ON u.user_id = t.creator
), timed AS (
  SELECT d.*,
         CASE WHEN d.cls = 'sales' THEN g.a1 + make_interval(secs => 60 + floor(pg_temp.u(116, d.i) * greatest(extract(epoch FROM p.t_end - g.a1) - 120, 1)))
              ELSE pg_temp.jat(dd.day - CASE extract(isodow FROM dd.day) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END,
                               8 * 3600 + floor(pg_temp.u(117, d.i) * 36000)::int) END AS t0
    FROM dept d CROSS JOIN g_par p
    LEFT JOIN g_cust g ON g.c = d.c AND d.cls = 'sales'
    CROSS JOIN LATERAL (SELECT p.d_start + floor(730 * sqrt(pg_temp.u(118, d.i)))::int AS day) dd
)
INSERT INTO g_tk (t, is_rfq, c, ttype, creator, dept, priority, t0, subject, description, pickup_address, pickup_date, cargo, shipment_ref)
SELECT 1000000000 + x.i, false, CASE WHEN x.cls = 'sales' THEN x.c END, x.ttype, x.creator, x.dept,
       (ARRAY['low','low','low','normal','normal','normal','normal','normal','normal','normal','normal','high','high','high','high','urgent','urgent','normal','normal','normal'])[1 + pg_temp.ui(119, x.i, 20)]::app.ticket_priority,
       x.t0,
       CASE x.ttype
         WHEN 'request_pickup' THEN NULL
         WHEN 'complaint' THEN NULL
         ELSE (ARRAY['Konfirmasi biaya tambahan', 'Permintaan faktur pajak pengganti', 'Jadwal kapal bulan depan', 'Ruang gudang sementara',
                     'Perubahan alamat penagihan', 'Selisih pembayaran pelanggan', 'Permintaan laporan bulanan'])[1 + pg_temp.ui(120, x.i, 7)] END,
       CASE x.ttype
         WHEN 'request_pickup' THEN CASE WHEN pg_temp.u(121, x.i) < 0.5 THEN 'Akses truk CDD, mohon konfirmasi jam.' END
         WHEN 'complaint' THEN (ARRAY['Barang tiba basah karena terpal bocor.', 'Dokumen surat jalan tidak ikut diterima.', 'Jumlah koli kurang dari manifest.',
                                      'Status pelacakan tidak diperbarui.', 'Kurir datang terlambat.'])[1 + pg_temp.ui(122, x.i, 5)]
         ELSE 'Mohon dibantu tindak lanjutnya.' END,
       CASE WHEN x.ttype = 'request_pickup' THEN 'Jl. ' || (SELECT initcap(w) FROM g_words WHERE list = 'a' AND i = 1 + pg_temp.ui(123, x.i, 60))
                                                    || ' No. ' || (1 + pg_temp.ui(124, x.i, 150)) || ', ' || (SELECT initcap(w) FROM g_words WHERE list = 'c' AND i = 1 + pg_temp.ui(125, x.i, 60)) END,
       CASE WHEN x.ttype = 'request_pickup' THEN (x.t0 AT TIME ZONE 'Asia/Jakarta')::date + pg_temp.ui(126, x.i, 5) END,
       CASE WHEN x.ttype = 'request_pickup' THEN (1 + pg_temp.ui(127, x.i, 30)) || ' palet ' || (ARRAY['suku cadang','kemasan makanan','tekstil','elektronik','dokumen dan sampel'])[1 + pg_temp.ui(128, x.i, 5)] END,
       CASE WHEN x.ttype = 'complaint' THEN 'SHP-' || x.dept || '-' || (100000 + x.i) END
  FROM timed x;

ANALYZE g_tk;

-- Subjects the trigger generates, links it derives (prospect from the customer's P0).
UPDATE g_tk SET subject = left(CASE ttype
    WHEN 'request_pickup' THEN format('Pickup %s: %s', to_char(pickup_date, 'YYYY-MM-DD'), cargo)
    WHEN 'complaint' THEN format('Complaint %s', shipment_ref) END, 200)
 WHERE subject IS NULL;

-- Handler: a member of the target department; most non-RFQ tickets are assigned to them at creation.
UPDATE g_tk t SET handler = tm.ids[1 + pg_temp.ui(130, t.t, tm.n)]
  FROM g_team tm WHERE tm.kind = CASE WHEN t.dept = 'FIN' THEN 'finance' ELSE 'ops.' || lower(t.dept) END;
UPDATE g_tk SET assignee = handler WHERE NOT is_rfq AND pg_temp.u(131, t) < 0.6;

-- Numbers in creation order per year.
WITH o AS (
  SELECT t, pg_temp.jyear(t0) AS yr, row_number() OVER (PARTITION BY pg_temp.jyear(t0) ORDER BY t0, t) AS rn FROM g_tk
), b AS (SELECT yr, pg_temp.id_base('TK', yr) AS b0 FROM (SELECT DISTINCT yr FROM o) y)
UPDATE g_tk k SET ticket_id = pg_temp.fmt_id('TK', o.yr, b.b0 + o.rn) FROM o JOIN b ON b.yr = o.yr WHERE o.t = k.t;
UPDATE g_rfq r SET ticket_id = k.ticket_id FROM g_tk k WHERE k.t = r.j AND k.is_rfq;

-- --------------------------------------------------------------- timeline ---
CREATE TEMP TABLE g_tl ON COMMIT DROP AS
WITH p AS (
  SELECT k.t, k.is_rfq, k.t0, k.creator, k.handler,
         pg_temp.u(140, k.t) < 0.92 AS responded,
         pg_temp.u(141, k.t) AS x,
         k.t0 + make_interval(secs => floor(60 * 5 * exp(pg_temp.u(142, k.t) * ln(600)))) AS fr
    FROM g_tk k
), s AS (
  SELECT p.*,
         CASE WHEN p.is_rfq THEN
                CASE WHEN NOT p.responded THEN CASE WHEN p.x < 0.3 THEN 'cancel_open' ELSE 'open' END
                     WHEN p.x < 0.35 THEN 'won' WHEN p.x < 0.60 THEN 'lost' WHEN p.x < 0.75 THEN 'quoted'
                     WHEN p.x < 0.85 THEN 'cancel_ip' WHEN p.x < 0.88 THEN 'cancel_open' WHEN p.x < 0.95 THEN 'ip' ELSE 'open' END
              ELSE
                CASE WHEN NOT p.responded THEN CASE WHEN p.x < 0.5 THEN 'close_open' ELSE 'open' END
                     WHEN p.x < 0.55 THEN 'resolve_close' WHEN p.x < 0.65 THEN 'wait_resolve_close' WHEN p.x < 0.73 THEN 'close_ip'
                     WHEN p.x < 0.76 THEN 'close_open' WHEN p.x < 0.84 THEN 'resolved' WHEN p.x < 0.92 THEN 'waiting' ELSE 'ip' END
         END AS path
    FROM p
), e AS (
  SELECT s.*,
         CASE WHEN s.responded THEN s.fr END AS fr_at,
         CASE WHEN s.path NOT IN ('open', 'close_open', 'cancel_open') THEN s.fr + make_interval(secs => 60 + floor(pg_temp.u(143, s.t) * 1740)) END AS ip
    FROM s
), f AS (
  SELECT e.*,
         CASE WHEN e.path IN ('wait_resolve_close', 'waiting') THEN e.ip + make_interval(secs => 3600 + floor(pg_temp.u(144, e.t) * 2 * 86400)) END AS w1
    FROM e
), g AS (
  SELECT f.*,
         CASE WHEN f.path = 'wait_resolve_close' THEN f.w1 + make_interval(secs => 3600 + floor(pg_temp.u(145, f.t) * 3 * 86400)) END AS w2
    FROM f
), h AS (
  SELECT g.*,
         CASE WHEN g.path IN ('resolve_close', 'wait_resolve_close', 'resolved')
              THEN coalesce(g.w2, g.ip) + make_interval(secs => 3600 + floor(pg_temp.u(146, g.t) * 5 * 86400)) END AS res,
         CASE WHEN g.path IN ('won', 'lost', 'quoted') THEN g.ip + make_interval(secs => 7200 + floor(pg_temp.u(147, g.t) * 3 * 86400)) END AS q,
         CASE WHEN g.path = 'cancel_ip' THEN g.ip + make_interval(secs => 3600 + floor(pg_temp.u(148, g.t) * 2 * 86400))
              WHEN g.path = 'cancel_open' THEN coalesce(g.fr_at, g.t0) + make_interval(secs => 600 + floor(pg_temp.u(148, g.t) * 2 * 86400)) END AS cx
    FROM g
)
SELECT h.t, h.is_rfq, h.t0, h.creator, h.handler, h.path, h.fr_at AS fr, h.ip, h.w1, h.w2, h.res, h.q, h.cx,
       CASE WHEN h.path IN ('resolve_close', 'wait_resolve_close') THEN h.res + make_interval(secs => 3600 + floor(pg_temp.u(149, h.t) * 3 * 86400))
            WHEN h.path = 'close_ip' THEN h.ip + make_interval(secs => 3600 + floor(pg_temp.u(149, h.t) * 3 * 86400))
            WHEN h.path = 'close_open' THEN coalesce(h.fr_at, h.t0) + make_interval(secs => 600 + floor(pg_temp.u(149, h.t) * 2 * 86400)) END AS cl,
       CASE WHEN h.path IN ('won', 'lost') THEN h.q + make_interval(secs => 86400 + floor(pg_temp.u(150, h.t) * 9 * 86400)) END AS fin,
       CASE WHEN h.path IN ('close_ip', 'close_open') THEN (ARRAY['Duplikat tiket', 'Sudah ditangani lewat telepon', 'Salah departemen, diteruskan', 'Dibatalkan pelanggan'])[1 + pg_temp.ui(151, h.t, 4)] END AS reason
  FROM h;
ALTER TABLE g_tl ADD PRIMARY KEY (t);
ANALYZE g_tl;
-- Nothing happens after the end: a prefix of every story.
UPDATE g_tl l SET
  fr = CASE WHEN l.fr <= p.t_end THEN l.fr END, ip = CASE WHEN l.ip <= p.t_end THEN l.ip END,
  w1 = CASE WHEN l.w1 <= p.t_end THEN l.w1 END, w2 = CASE WHEN l.w2 <= p.t_end THEN l.w2 END,
  res = CASE WHEN l.res <= p.t_end THEN l.res END, q = CASE WHEN l.q <= p.t_end THEN l.q END,
  cx = CASE WHEN l.cx <= p.t_end THEN l.cx END, cl = CASE WHEN l.cl <= p.t_end THEN l.cl END,
  fin = CASE WHEN l.fin <= p.t_end THEN l.fin END
  FROM g_par p;

-- Status changes (from, to, at, actor, reason) in order.
CREATE TEMP TABLE g_sc ON COMMIT DROP AS
SELECT l.t, v.seq, v.f, v.tt, v.at, v.actor, v.reason
  FROM g_tl l CROSS JOIN LATERAL (VALUES
    (1, 'OPEN', 'IN_PROGRESS', l.ip, l.handler, NULL::text),
    (2, 'IN_PROGRESS', 'WAITING_CUSTOMER', l.w1, l.handler, NULL),
    (3, 'WAITING_CUSTOMER', 'IN_PROGRESS', l.w2, l.handler, NULL),
    (4, 'IN_PROGRESS', CASE WHEN l.is_rfq THEN 'QUOTED' ELSE 'RESOLVED' END, coalesce(l.res, l.q), l.handler, NULL),
    (5, CASE WHEN l.is_rfq THEN 'QUOTED' WHEN l.res IS NOT NULL THEN 'RESOLVED' WHEN l.ip IS NOT NULL THEN 'IN_PROGRESS' ELSE 'OPEN' END,
        CASE WHEN l.is_rfq THEN CASE WHEN l.path = 'won' THEN 'WON' ELSE 'LOST' END ELSE 'CLOSED' END,
        coalesce(l.cl, l.fin), CASE WHEN l.res IS NOT NULL OR l.is_rfq THEN l.creator ELSE l.handler END, CASE WHEN l.res IS NULL THEN l.reason END),
    (6, CASE WHEN l.ip IS NOT NULL THEN 'IN_PROGRESS' ELSE 'OPEN' END, 'CANCELLED', l.cx, l.handler, NULL)
  ) v(seq, f, tt, at, actor, reason)
 WHERE v.at IS NOT NULL;
ALTER TABLE g_sc ADD PRIMARY KEY (t, seq);
ANALYZE g_sc;

-- ----------------------------------------------------------------- messages ---
CREATE TEMP TABLE g_msg ON COMMIT DROP AS
SELECT l.t, l.fr AS created_at, l.handler AS sender, false AS is_internal, l.is_rfq AS visible_to_ops, true AS is_fr,
       (ARRAY['Terima kasih, permintaan Anda sedang kami proses.', 'Baik, kami cek dan kabari secepatnya.',
              'Sudah kami terima, tim kami segera menindaklanjuti.'])[1 + pg_temp.ui(160, l.t, 3)] AS body, 0 AS n
  FROM g_tl l WHERE l.fr IS NOT NULL
UNION ALL
SELECT l.t,
       s.a + make_interval(secs => 1 + floor(pg_temp.u(161, l.t * 8 + m.n) * greatest(extract(epoch FROM s.b - s.a) - 1, 0))),
       CASE WHEN l.fr IS NULL OR k.x < 0.45 THEN l.creator ELSE l.handler END,
       l.fr IS NOT NULL AND k.x >= 0.80,
       CASE WHEN l.is_rfq THEN l.fr IS NOT NULL AND k.x >= 0.45 OR pg_temp.u(163, l.t * 8 + m.n) < 0.5 ELSE false END,
       false,
       CASE WHEN l.fr IS NOT NULL AND k.x >= 0.80 THEN 'Catatan internal: cek jadwal armada dan dokumen.'
            ELSE (ARRAY['Mohon info perkembangan terbaru.', 'Dokumen pendukung sudah kami kirim lewat email.', 'Jadwal sudah kami konfirmasi.',
                        'Pelanggan menanyakan estimasi waktu.', 'Baik, terima kasih atas informasinya.', 'Kami tunggu konfirmasi berikutnya.'])[1 + pg_temp.ui(164, l.t * 8 + m.n, 6)] END,
       m.n
  FROM g_tl l
  CROSS JOIN g_par p
  CROSS JOIN LATERAL generate_series(1, pg_temp.ui(165, l.t, 7)) m(n)
  CROSS JOIN LATERAL (SELECT pg_temp.u(162, l.t * 8 + m.n) AS x) k
  CROSS JOIN LATERAL (SELECT coalesce(l.fr, l.t0) AS a, coalesce(l.cl, l.fin, l.cx, p.t_end) AS b) s
 WHERE s.b > s.a + interval '2 seconds';
CREATE INDEX ON g_msg (t);
ANALYZE g_msg;

-- ------------------------------------------------------ ticket SLA columns ---
-- Business-time arithmetic set-based on the calendar: pos = business seconds
-- before a moment (a hash join on its day), a due time = the moment at
-- pos(created_at) + target (an index probe on the calendar).
CREATE TEMP TABLE g_tsla ON COMMIT DROP AS
WITH b AS (
  SELECT k.t, k.ttype, k.priority, l.is_rfq, l.t0, l.fr, l.w1, l.w2, l.path, l.ip, l.res, l.q, l.cx, l.cl, l.fin,
         sp.first_response_minutes AS frm, sp.resolution_minutes AS rsm,
         CASE WHEN l.is_rfq THEN coalesce(l.q, l.cx) ELSE coalesce(l.res, l.cl) END AS resolved_at,
         CASE WHEN l.is_rfq THEN coalesce(l.fin, l.cx) ELSE l.cl END AS closed_at
    FROM g_tk k JOIN g_tl l ON l.t = k.t
    LEFT JOIN app.sla_policies sp ON sp.ticket_type = k.ttype AND sp.priority = k.priority
), p AS (
  SELECT b.*,
         c0.cum_s + CASE WHEN c0.bd THEN least(greatest(extract(epoch FROM b.t0 - c0.open_at), 0), 32400) ELSE 0 END AS p0,
         c1.cum_s + CASE WHEN c1.bd THEN least(greatest(extract(epoch FROM b.fr - c1.open_at), 0), 32400) ELSE 0 END AS pfr,
         c2.cum_s + CASE WHEN c2.bd THEN least(greatest(extract(epoch FROM b.resolved_at - c2.open_at), 0), 32400) ELSE 0 END AS pres,
         c3.cum_s + CASE WHEN c3.bd THEN least(greatest(extract(epoch FROM b.w1 - c3.open_at), 0), 32400) ELSE 0 END AS pw1,
         c4.cum_s + CASE WHEN c4.bd THEN least(greatest(extract(epoch FROM b.w2 - c4.open_at), 0), 32400) ELSE 0 END AS pw2
    FROM b
    LEFT JOIN g_cal c0 ON c0.d = (b.t0 AT TIME ZONE 'Asia/Jakarta')::date
    LEFT JOIN g_cal c1 ON c1.d = (b.fr AT TIME ZONE 'Asia/Jakarta')::date
    LEFT JOIN g_cal c2 ON c2.d = (b.resolved_at AT TIME ZONE 'Asia/Jakarta')::date
    LEFT JOIN g_cal c3 ON c3.d = (b.w1 AT TIME ZONE 'Asia/Jakarta')::date
    LEFT JOIN g_cal c4 ON c4.d = (b.w2 AT TIME ZONE 'Asia/Jakarta')::date
)
SELECT p.t, p.ttype, p.priority, p.is_rfq, p.t0, p.fr, p.w1, p.w2, p.path, p.resolved_at, p.closed_at,
       CASE WHEN p.is_rfq THEN NULL
            WHEN p.cl IS NOT NULL THEN 'CLOSED' WHEN p.res IS NOT NULL THEN 'RESOLVED' WHEN p.w2 IS NOT NULL THEN 'IN_PROGRESS'
            WHEN p.w1 IS NOT NULL THEN 'WAITING_CUSTOMER' WHEN p.ip IS NOT NULL THEN 'IN_PROGRESS' ELSE 'OPEN' END::app.ticket_status AS ticket_status,
       CASE WHEN NOT p.is_rfq THEN NULL
            WHEN p.fin IS NOT NULL THEN CASE WHEN p.path = 'won' THEN 'WON' ELSE 'LOST' END WHEN p.cx IS NOT NULL THEN 'CANCELLED'
            WHEN p.q IS NOT NULL THEN 'QUOTED' WHEN p.ip IS NOT NULL THEN 'IN_PROGRESS' ELSE 'OPEN' END::app.inquiry_status AS inquiry_status,
       (SELECT c.open_at + make_interval(secs => (p.p0 + p.frm * 60 - c.cum_s)::float8) FROM g_cal c WHERE c.bd AND c.cum_s < ceil(p.p0 + p.frm * 60)::bigint ORDER BY c.cum_s DESC LIMIT 1) AS fr_due,
       (SELECT c.open_at + make_interval(secs => (p.p0 + p.frm * 48 - c.cum_s)::float8) FROM g_cal c WHERE c.bd AND c.cum_s < ceil(p.p0 + p.frm * 48)::bigint ORDER BY c.cum_s DESC LIMIT 1) AS fr_risk,
       (SELECT c.open_at + make_interval(secs => (p.p0 + p.rsm * 60 - c.cum_s)::float8) FROM g_cal c WHERE c.bd AND c.cum_s < ceil(p.p0 + p.rsm * 60)::bigint ORDER BY c.cum_s DESC LIMIT 1) AS res_due0,
       (SELECT c.open_at + make_interval(secs => (p.p0 + p.rsm * 48 - c.cum_s)::float8) FROM g_cal c WHERE c.bd AND c.cum_s < ceil(p.p0 + p.rsm * 48)::bigint ORDER BY c.cum_s DESC LIMIT 1) AS res_risk0,
       CASE WHEN p.w2 IS NULL THEN 0::numeric WHEN p.w2 <= p.w1 THEN 0 ELSE round((p.pw2 - p.pw1) / 60, 2) END AS paused_bm,
       CASE WHEN p.w2 IS NOT NULL THEN round(extract(epoch FROM p.w2 - p.w1) / 60, 2) ELSE 0 END AS paused_min,
       CASE WHEN p.fr IS NULL THEN NULL WHEN p.fr <= p.t0 THEN 0 ELSE round((p.pfr - p.p0) / 60, 2) END::numeric(14, 2) AS fr_bm,
       CASE WHEN p.resolved_at IS NULL THEN NULL WHEN p.resolved_at <= p.t0 THEN 0 ELSE round((p.pres - p.p0) / 60, 2) END AS res_bm_raw,
       (SELECT sc.reason FROM g_sc sc WHERE sc.t = p.t ORDER BY sc.at DESC, sc.seq DESC LIMIT 1) AS status_reason,
       greatest(p.t0, p.ip, p.w1, p.w2, p.res, p.q, p.cx, p.cl, p.fin, (SELECT max(m.created_at) FROM g_msg m WHERE m.t = p.t)) AS last_activity_at
  FROM p;
ALTER TABLE g_tsla ADD PRIMARY KEY (t);
ANALYZE g_tsla;
ALTER TABLE g_tsla ADD COLUMN res_due timestamptz, ADD COLUMN res_risk timestamptz, ADD COLUMN res_bm numeric(14, 2), ADD COLUMN res_min numeric(14, 2);
-- Leaving WAITING_CUSTOMER shifts the resolution due/risk times still ahead at the wait's start (first responses came before any wait).
UPDATE g_tsla s SET
  res_due = CASE WHEN s.w2 IS NOT NULL AND s.res_due0 > s.w1 THEN pg_temp.add_bm(s.res_due0, s.paused_bm) ELSE s.res_due0 END,
  res_risk = CASE WHEN s.w2 IS NOT NULL AND s.res_risk0 > s.w1 THEN pg_temp.add_bm(s.res_risk0, s.paused_bm) ELSE s.res_risk0 END,
  res_bm = CASE WHEN s.resolved_at IS NOT NULL THEN greatest(0, s.res_bm_raw - s.paused_bm) END,
  res_min = CASE WHEN s.resolved_at IS NOT NULL THEN greatest(0, round(extract(epoch FROM s.resolved_at - s.t0) / 60, 2) - s.paused_min) END;

-- ------------------------------------------------------------ rows: tickets ---
INSERT INTO app.tickets (ticket_id, ticket_type, subject, description, priority, dept_target, created_by, assigned_to_user_id,
  related_lead_id, related_customer_id, related_prospect_id, need_customer_masking, ticket_status, inquiry_status,
  origin, destination, service_type, commodity, weight_kg, volume_cbm, ready_date, pickup_address, pickup_date, cargo_description,
  shipment_reference, first_response_at, resolved_at, closed_at, created_at, updated_at, last_activity_at,
  status_reason, waiting_since, paused_minutes, paused_business_minutes, first_response_due_at, first_response_risk_at,
  resolution_due_at, resolution_risk_at, first_response_business_minutes, resolution_minutes, resolution_business_minutes)
SELECT k.ticket_id, k.ttype, k.subject, k.description, k.priority, k.dept, k.creator, k.assignee,
       l.lead_id, g.customer_id, g.prospect_id, k.is_rfq, s.ticket_status, s.inquiry_status,
       k.origin, k.destination, k.service, k.commodity, k.weight, k.volume, k.ready_date, k.pickup_address, k.pickup_date, k.cargo,
       k.shipment_ref, s.fr, s.resolved_at, s.closed_at, k.t0,
       greatest(s.last_activity_at, l.handed_at), s.last_activity_at,
       s.status_reason, CASE WHEN s.ticket_status = 'WAITING_CUSTOMER' THEN s.w1 END, s.paused_min, s.paused_bm,
       s.fr_due, s.fr_risk, s.res_due, s.res_risk, s.fr_bm, s.res_min, s.res_bm
  FROM g_tk k JOIN g_tsla s ON s.t = k.t
  LEFT JOIN g_lead l ON l.j = k.j AND k.is_rfq
  LEFT JOIN g_cust g ON g.c = k.c
 ORDER BY k.ticket_id;

-- ------------------------------------------------------------- rows: quotes ---
INSERT INTO app.ticket_quotes (quote_id, ticket_id, amount, currency, valid_until, notes, created_by, created_at)
OVERRIDING SYSTEM VALUE
SELECT (SELECT coalesce(max(quote_id), 0) FROM app.ticket_quotes) + row_number() OVER (ORDER BY l.q, l.t),
       k.ticket_id,
       CASE WHEN pg_temp.u(170, l.t) < 0.8 THEN round((2000000 + pg_temp.u(171, l.t) * 80000000)::numeric, -3) ELSE round((300 + pg_temp.u(171, l.t) * 9000)::numeric, 2) END,
       CASE WHEN pg_temp.u(170, l.t) < 0.8 THEN 'IDR' ELSE 'USD' END,
       (l.q AT TIME ZONE 'Asia/Jakarta')::date + 14 + pg_temp.ui(172, l.t, 17),
       CASE WHEN pg_temp.u(173, l.t) < 0.5 THEN 'Termasuk asuransi all-risk' END,
       l.handler, l.q
  FROM g_tl l JOIN g_tk k ON k.t = l.t WHERE l.q IS NOT NULL;

-- ----------------------------------------------------------- rows: messages ---
CREATE TEMP TABLE g_msg_id ON COMMIT DROP AS
SELECT m.t, m.n, m.created_at,
       (SELECT coalesce(max(message_id), 0) FROM app.ticket_messages) + row_number() OVER (ORDER BY m.created_at, m.t, m.n) AS message_id
  FROM g_msg m;
ALTER TABLE g_msg_id ADD PRIMARY KEY (t, n);
ANALYZE g_msg_id;
INSERT INTO app.ticket_messages (message_id, ticket_id, sender_user_id, body, is_internal, visible_to_ops, created_at)
OVERRIDING SYSTEM VALUE
SELECT i.message_id, k.ticket_id, m.sender, m.body, m.is_internal, m.visible_to_ops, m.created_at
  FROM g_msg m JOIN g_msg_id i ON i.t = m.t AND i.n = m.n JOIN g_tk k ON k.t = m.t
 ORDER BY i.message_id;

-- --------------------------------------------------------- rows: sla_events ---
CREATE TEMP TABLE g_ev ON COMMIT DROP AS
SELECT sc.t, sc.at AS occurred_at, 2 AS ord, sc.seq, 'STATUS_CHANGE'::text AS event_type,
       jsonb_strip_nulls(jsonb_build_object('from', sc.f, 'to', sc.tt, 'reason', sc.reason)) AS metadata, sc.actor
  FROM g_sc sc
UNION ALL   -- the first resolving change
SELECT s.t, s.resolved_at, 3, 0, 'RESOLVED',
       jsonb_build_object('status', CASE WHEN s.is_rfq THEN CASE WHEN l.q IS NOT NULL AND l.q = s.resolved_at THEN 'QUOTED' ELSE 'CANCELLED' END
                                         WHEN l.res IS NOT NULL THEN 'RESOLVED' ELSE 'CLOSED' END,
                          'minutes', s.res_min, 'business_minutes', s.res_bm),
       (SELECT sc.actor FROM g_sc sc WHERE sc.t = s.t AND sc.at = s.resolved_at ORDER BY sc.seq LIMIT 1)
  FROM g_tsla s JOIN g_tl l ON l.t = s.t WHERE s.resolved_at IS NOT NULL
UNION ALL   -- the first response
SELECT s.t, s.fr, 1, 0, 'FIRST_RESPONSE',
       jsonb_build_object('message_id', i.message_id, 'by', l.handler, 'minutes', round(extract(epoch FROM s.fr - s.t0) / 60, 2),
                          'business_minutes', s.fr_bm),
       l.handler
  FROM g_tsla s JOIN g_tl l ON l.t = s.t JOIN g_msg_id i ON i.t = s.t AND i.n = 0
 WHERE s.fr IS NOT NULL;
INSERT INTO app.sla_events (event_id, ticket_id, event_type, metadata, actor_user_id, occurred_at)
OVERRIDING SYSTEM VALUE
SELECT (SELECT coalesce(max(event_id), 0) FROM app.sla_events) + row_number() OVER (ORDER BY e.occurred_at, e.t, e.ord, e.seq),
       k.ticket_id, e.event_type, e.metadata, e.actor, e.occurred_at
  FROM g_ev e JOIN g_tk k ON k.t = e.t;

-- ------------------------------------------------- rows: CRM activities ---
UPDATE g_act a SET related_ticket_id = r.ticket_id FROM g_rfq r WHERE a.activity_type = 'rfq_created' AND a.related_lead_id = r.lead_id;

-- Visit evidence: the salesperson's photo in prospect-evidence, owned by its activity.
INSERT INTO app.storage_objects (object_id, bucket, object_key, size_bytes, content_type, sha256, original_name, uploaded_by, owner_table, owner_id, created_at)
SELECT a.evidence, 'prospect-evidence',
       'prospect-evidence/' || to_char(a.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM') || '/' || a.evidence,
       200000 + (abs(hashtext(a.evidence::text)) % 3000000), 'image/jpeg', encode(sha256(a.evidence::text::bytea), 'hex'),
       'kunjungan-' || to_char(a.occurred_at AT TIME ZONE 'Asia/Jakarta', 'YYYYMMDD') || '.jpg',
       a.owner, 'sales_activities', a.activity_id::text, a.created_at - interval '1 minute'
  FROM g_act a WHERE a.evidence IS NOT NULL;

INSERT INTO app.sales_activities (activity_id, activity_type, prospect_id, customer_id, owner_user_id, occurred_at, notes,
  location_lat, location_lng, location_accuracy_m, evidence_object_id, is_system, related_lead_id, related_ticket_id, metadata, created_at)
SELECT a.activity_id, a.activity_type, g.prospect_id, g.customer_id, a.owner, a.occurred_at, a.notes,
       a.lat, a.lng, a.acc, a.evidence, a.is_system, a.related_lead_id, a.related_ticket_id, a.metadata, a.created_at
  FROM g_act a JOIN g_cust g ON g.c = a.c
 ORDER BY a.created_at, a.activity_id;
