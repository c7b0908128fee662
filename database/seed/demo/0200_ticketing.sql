-- Demo ticketing: tickets of all four types with conversations, internal
-- notes, waits on the customer, reopenings, closings with a reason, RFQs worked
-- by operations through the masked functions (replies, quotes, WON/LOST/
-- CANCELLED), and ~40 working days of history for the first-response chart.
-- Everything is done through the functions the API uses, acting as the demo
-- users (claims per step), so SLA events, first responses, audit and the
-- lifecycle rules are real. Then the timeline is moved back in time (triggers
-- off) and every ticket's SLA bookkeeping is recomputed from its history.
-- Times are "business minutes ago", so the story looks the same whenever the
-- demo starts.

CREATE FUNCTION pg_temp.bm_ago(p_minutes numeric) RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
  v_day   date := (now() AT TIME ZONE 'Asia/Jakarta')::date;
  v_left  numeric := p_minutes;
  w       record;
  v_end   timestamptz;
  v_avail numeric;
BEGIN
  LOOP
    SELECT * INTO w FROM app.business_window(v_day);
    IF w.open_at IS NOT NULL THEN
      v_end := least(now(), w.close_at);
      IF v_end > w.open_at THEN
        v_avail := extract(epoch FROM v_end - w.open_at) / 60;
        IF v_left <= v_avail THEN RETURN v_end - make_interval(secs => (v_left * 60)::double precision); END IF;
        v_left := v_left - v_avail;
      END IF;
    END IF;
    v_day := v_day - 1;
  END LOOP;
END $$;

CREATE FUNCTION pg_temp.act(p_email text) RETURNS void
LANGUAGE sql AS $$
  SELECT set_config('request.jwt.claims',
    CASE WHEN p_email IS NULL THEN '' ELSE
      (SELECT json_build_object('sub', user_id, 'role', 'authenticated')::text FROM app.profiles WHERE email = p_email) END, true);
$$;

-- k, type, creator, dept, priority, business minutes ago, payload, pickup in N days after creation
CREATE TEMP TABLE tk_plan (k int PRIMARY KEY, creator text, ago numeric, payload jsonb, ticket_id text, created_at timestamptz, pickup_days int) ON COMMIT DROP;
CREATE TEMP TABLE tk_steps (k int, seq int, off numeric, actor text, action text, body text, arg jsonb, PRIMARY KEY (k, seq)) ON COMMIT DROP;
CREATE TEMP TABLE tk_at (kind text, id text, at timestamptz) ON COMMIT DROP;

INSERT INTO tk_plan (k, creator, ago, payload, pickup_days) VALUES
  (1, 'sales1@demo.local', 5200, '{"ticket_type":"complaint","dept_target":"DOM","priority":"high","subject":"Karton penyok saat diterima di Surabaya","description":"Pelanggan melaporkan 3 dari 40 karton penyok saat diterima di gudang Surabaya. Foto serah terima ada di lampiran email.","shipment_reference":"SHP-DOM-231107"}', NULL),
  (2, 'sales2@demo.local', 3000, '{"ticket_type":"request_pickup","dept_target":"DOM","priority":"normal","pickup_address":"Jl. Raya Bekasi KM 21, Cakung, Jakarta Timur","cargo_description":"12 palet suku cadang otomotif, total 4,2 ton","description":"Akses truk CDD, bukan fuso."}', 1),
  (3, 'sales1@demo.local', 2600, '{"ticket_type":"general_request","dept_target":"FIN","priority":"normal","subject":"Permintaan faktur pajak pengganti","description":"Pelanggan meminta faktur pajak pengganti karena NPWP salah ketik pada faktur bulan lalu."}', NULL),
  (4, 'sales3@demo.local', 600, '{"ticket_type":"complaint","dept_target":"EXI","priority":"urgent","description":"Kontainer tertahan di Tanjung Priok, dokumen PEB belum lengkap. Kapal berangkat lusa.","shipment_reference":"BL-EXI-88213"}', NULL),
  (5, 'sales.manager@demo.local', 200, '{"ticket_type":"request_pickup","dept_target":"DTD","priority":"high","pickup_address":"Kawasan Industri Jababeka Blok F2, Cikarang","cargo_description":"35 koli dokumen dan sampel produk","description":"Mohon dijemput sebelum pukul 14.00."}', 1),
  (6, 'mkt.manager@demo.local', 4000, '{"ticket_type":"general_request","dept_target":"WHS","priority":"low","subject":"Ruang gudang untuk barang pameran","description":"Butuh ruang 20 m² selama dua minggu untuk barang pameran logistik bulan depan."}', NULL),
  (7, 'sales2@demo.local', 100, '{"ticket_type":"complaint","dept_target":"DOM","priority":"normal","description":"Kurir datang terlambat 3 jam, pelanggan menunggu di lokasi.","shipment_reference":"SHP-DOM-240115"}', NULL),
  (8, 'sales1@demo.local', 30, '{"ticket_type":"request_pickup","dept_target":"DOM","priority":"normal","pickup_address":"Jl. Industri Raya No. 8, Tangerang","cargo_description":"6 palet kemasan makanan ringan"}', 2),
  (9, 'finance@demo.local', 1500, '{"ticket_type":"general_request","dept_target":"DOM","priority":"normal","subject":"Konfirmasi biaya tambahan bongkar muat","description":"Ada biaya bongkar muat tambahan Rp 750.000 di tagihan vendor. Mohon konfirmasi apakah sesuai order."}', NULL),
  (10, 'ops.exi@demo.local', 800, '{"ticket_type":"complaint","dept_target":"WHS","priority":"normal","description":"Label palet tidak sesuai manifest untuk pengiriman ekspor minggu ini.","shipment_reference":"MNF-EXI-5521"}', NULL),
  (11, 'sales3@demo.local', 1200, '{"ticket_type":"general_request","dept_target":"EXI","priority":"low","subject":"Jadwal kapal ke Busan bulan depan","description":"Pelanggan perikanan menanyakan jadwal kapal reefer ke Busan untuk bulan depan."}', NULL),
  (12, 'sales1@demo.local', 2000, '{"ticket_type":"complaint","dept_target":"DOM","priority":"normal","description":"Tagihan biaya asuransi tercantum dua kali pada invoice pelanggan.","shipment_reference":"INV-2026-0931"}', NULL),
  (13, 'sales2@demo.local', 900, '{"ticket_type":"general_request","dept_target":"FIN","priority":"normal","subject":"Selisih pembayaran pelanggan","description":"Pelanggan sudah transfer, namun status invoice masih belum lunas."}', NULL),
  (14, 'sales1@demo.local', 2400, '{"ticket_type":"inquiry_tariff","priority":"high","rfq":{"origin":"Surabaya","destination":"Makassar","service_type":"land","commodity":"Semen kantong","weight_kg":8000}}', NULL),
  (15, 'sales2@demo.local', 700, '{"ticket_type":"inquiry_tariff","priority":"normal","rfq":{"origin":"Jakarta","destination":"Tokyo","service_type":"air","commodity":"Komponen elektronik","weight_kg":320,"volume_cbm":1.8}}', NULL);

-- Sales tickets are about a customer the salesperson owns.
UPDATE tk_plan p SET payload = p.payload || jsonb_build_object('related_prospect_id',
       (SELECT min(pr.prospect_id) FROM app.prospects pr JOIN app.profiles pf ON pf.user_id = pr.owner_user_id WHERE pf.email = p.creator))
 WHERE p.k IN (14, 15);
UPDATE tk_plan p SET payload = p.payload || jsonb_build_object('related_customer_id',
       (SELECT pr.customer_id FROM app.prospects pr JOIN app.profiles pf ON pf.user_id = pr.owner_user_id WHERE pf.email = p.creator
         ORDER BY pr.prospect_id DESC LIMIT 1))
 WHERE p.k IN (1, 2, 12);

INSERT INTO tk_steps (k, seq, off, actor, action, body, arg) VALUES
  (1, 1, 35, 'ops.dom@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (1, 2, 40, 'ops.dom@demo.local', 'msg', 'Terima kasih laporannya. Kami cek foto serah terima dan CCTV gudang Cakung.', NULL),
  (1, 3, 50, 'ops.dom@demo.local', 'note', 'Cek shift malam tanggal pengiriman, forklift #2 sempat dilaporkan bermasalah.', NULL),
  (1, 4, 400, 'ops.dom@demo.local', 'msg', 'Kerusakan terjadi saat bongkar di Surabaya. Kami ajukan klaim asuransi; mohon foto karton dari pelanggan.', NULL),
  (1, 5, 410, 'ops.dom@demo.local', 'status', NULL, '{"status":"WAITING_CUSTOMER"}'),
  (1, 6, 1500, 'sales1@demo.local', 'msg', 'Foto karton dari pelanggan sudah saya teruskan ke email tim DOM.', NULL),
  (1, 7, 1520, 'ops.dom@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (1, 8, 1900, 'ops.dom@demo.local', 'msg', 'Klaim disetujui. Penggantian Rp 4.500.000 diproses bersama tagihan berikutnya.', NULL),
  (1, 9, 1910, 'ops.dom@demo.local', 'status', NULL, '{"status":"RESOLVED"}'),
  (1, 10, 2500, 'sales1@demo.local', 'status', NULL, '{"status":"CLOSED"}'),
  (2, 1, 50, 'ops.dom@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (2, 2, 55, 'ops.dom@demo.local', 'msg', 'Dijadwalkan truk CDD besok pukul 09.00, sopir Pak Darto (B 9123 KX).', NULL),
  (2, 3, 700, 'ops.dom@demo.local', 'msg', 'Barang sudah dijemput dan tiba di gudang Cakung, 12 palet lengkap.', NULL),
  (2, 4, 705, 'ops.dom@demo.local', 'status', NULL, '{"status":"RESOLVED"}'),
  (2, 5, 900, 'sales2@demo.local', 'status', NULL, '{"status":"CLOSED"}'),
  (3, 1, 120, 'finance@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (3, 2, 125, 'finance@demo.local', 'msg', 'Faktur pengganti sedang kami siapkan, estimasi dua hari kerja.', NULL),
  (3, 3, 600, 'finance@demo.local', 'msg', 'Faktur pajak pengganti sudah dikirim ke email pelanggan.', NULL),
  (3, 4, 605, 'finance@demo.local', 'status', NULL, '{"status":"RESOLVED"}'),
  (4, 1, 20, 'ops.exi@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (4, 2, 25, 'ops.exi@demo.local', 'msg', 'Kami koordinasi dengan PPJK untuk kelengkapan PEB. Update paling lambat siang ini.', NULL),
  (4, 3, 30, 'ops.exi@demo.local', 'note', 'PPJK menunggu invoice komersial revisi dari pelanggan.', NULL),
  (4, 4, 300, 'sales3@demo.local', 'msg', 'Pelanggan sudah kirim invoice revisi. Mohon dipercepat, kapal berangkat lusa.', NULL),
  (9, 1, 90, 'ops.dom@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (9, 2, 95, 'ops.dom@demo.local', 'msg', 'Biaya itu untuk bongkar manual karena forklift pelanggan rusak. Kami minta konfirmasi tertulis dari pelanggan dulu.', NULL),
  (9, 3, 100, 'ops.dom@demo.local', 'status', NULL, '{"status":"WAITING_CUSTOMER"}'),
  (11, 1, 300, 'ops.exi@demo.local', 'msg', 'Jadwal reefer ke Busan: setiap Selasa dan Jumat via Singapura, transit 9 hari.', NULL),
  (11, 2, 305, 'ops.exi@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (11, 3, 320, 'ops.exi@demo.local', 'status', NULL, '{"status":"RESOLVED"}'),
  (11, 4, 400, 'sales3@demo.local', 'status', NULL, '{"status":"CLOSED"}'),
  (12, 1, 60, 'ops.dom@demo.local', 'msg', 'Ini urusan penagihan, bukan operasional domestik. Sudah kami teruskan ke tim Keuangan.', NULL),
  (12, 2, 62, 'ops.dom@demo.local', 'status', NULL, '{"status":"CLOSED","reason":"Salah departemen, diteruskan ke Keuangan (FIN)"}'),
  (13, 1, 30, 'finance@demo.local', 'msg', 'Pembayaran sudah kami temukan di mutasi, sedang dicocokkan.', NULL),
  (13, 2, 35, 'finance@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (13, 3, 200, 'finance@demo.local', 'status', NULL, '{"status":"RESOLVED"}'),
  (13, 4, 400, 'sales2@demo.local', 'msg', 'Pelanggan bilang masih ada selisih Rp 150.000 di laporan mereka.', NULL),
  (13, 5, 405, 'sales2@demo.local', 'status', NULL, '{"status":"IN_PROGRESS","reason":"Masih ada selisih Rp 150.000"}'),
  (13, 6, 450, 'finance@demo.local', 'msg', 'Selisih karena biaya transfer antarbank. Kami cek apakah bisa dihapuskan.', NULL),
  (14, 1, 40, 'ops.dom@demo.local', 'status', NULL, '{"status":"IN_PROGRESS"}'),
  (14, 2, 45, 'ops.dom@demo.local', 'msg', 'Untuk 8 ton semen kami pakai truk tronton. Tarif kami kirim besok pagi.', NULL),
  (14, 3, 60, 'sales1@demo.local', 'msg', 'Mohon sertakan opsi asuransi all-risk dalam penawaran.', '{"visible_to_ops":true}'),
  (14, 4, 500, 'ops.dom@demo.local', 'quote', NULL, '{"status":"QUOTED","quote":{"amount":"14500000.00","currency":"IDR","notes":"Tronton door-to-door, termasuk asuransi all-risk 0,2 %"}}'),
  (14, 5, 1400, 'sales1@demo.local', 'status', NULL, '{"status":"WON"}'),
  (15, 1, 60, 'ops.exi@demo.local', 'msg', 'Sedang kami minta tarif ke dua maskapai, estimasi besok siang.', NULL);

DO $$
DECLARE
  p record;
  r app.tickets;
  i int;
  d int;
  n int;
  v_types text[] := ARRAY['complaint', 'request_pickup', 'general_request'];
  v_creators text[] := ARRAY['sales1@demo.local', 'sales2@demo.local', 'sales3@demo.local', 'sales.manager@demo.local', 'mkt.staff@demo.local'];
  v_k int := 100;
  v_type text;
  v_dept text;
  v_agent text;
  v_fr numeric;
  v_ago numeric;
BEGIN
  PERFORM setseed(0.4242);
  -- ~40 working days of ordinary traffic, answered and closed, for the charts.
  FOR d IN 2..42 LOOP
    n := 1 + floor(random() * 3)::int;
    FOR i IN 1..n LOOP
      v_k := v_k + 1;
      v_type := v_types[1 + floor(random() * 3)::int];
      v_dept := CASE WHEN v_type = 'general_request' AND random() < 0.5 THEN 'FIN' WHEN random() < 0.6 THEN 'DOM' ELSE 'EXI' END;
      v_agent := CASE v_dept WHEN 'FIN' THEN 'finance@demo.local' WHEN 'DOM' THEN 'ops.dom@demo.local' ELSE 'ops.exi@demo.local' END;
      v_ago := d * 540 + 30 + floor(random() * 420);
      INSERT INTO tk_plan (k, creator, ago, payload, pickup_days) VALUES (v_k, v_creators[1 + floor(random() * 5)::int], v_ago,
        CASE v_type
          WHEN 'complaint' THEN jsonb_build_object('ticket_type', 'complaint', 'dept_target', v_dept,
            'priority', (ARRAY['normal', 'normal', 'high', 'low'])[1 + floor(random() * 4)::int],
            'description', (ARRAY['Barang tiba basah karena terpal bocor.', 'Dokumen surat jalan tidak ikut diterima.', 'Jumlah koli kurang dua dari manifest.', 'Pelanggan mengeluhkan status pelacakan tidak diperbarui.', 'Segel kontainer berbeda dengan nomor di BL.'])[1 + floor(random() * 5)::int],
            'shipment_reference', 'SHP-' || v_dept || '-' || (240000 + v_k))
          WHEN 'request_pickup' THEN jsonb_build_object('ticket_type', 'request_pickup', 'dept_target', v_dept,
            'priority', (ARRAY['normal', 'normal', 'high', 'urgent'])[1 + floor(random() * 4)::int],
            'pickup_address', (ARRAY['Jl. Gatot Subroto Kav. 12, Jakarta Selatan', 'Kawasan Industri Pulogadung Blok C, Jakarta Timur', 'Jl. Rungkut Industri III No. 5, Surabaya', 'Jl. Soekarno-Hatta No. 101, Bandung'])[1 + floor(random() * 4)::int],
            'cargo_description', (ARRAY['8 palet tekstil gulungan', '20 koli suku cadang mesin', '3 palet obat-obatan (suhu ruang)', '15 karton produk kosmetik'])[1 + floor(random() * 4)::int])
          ELSE jsonb_build_object('ticket_type', 'general_request', 'dept_target', v_dept,
            'priority', (ARRAY['normal', 'low', 'normal', 'high'])[1 + floor(random() * 4)::int],
            'subject', (ARRAY['Permintaan salinan POD', 'Konfirmasi tarif kontrak', 'Perubahan alamat penagihan', 'Jadwal cut-off dokumen'])[1 + floor(random() * 4)::int],
            'description', 'Mohon bantuannya untuk pelanggan, detail menyusul di percakapan.')
        END, 1);
      -- First response after 10–300 business minutes (now and then much later: breaches).
      v_fr := CASE WHEN random() < 0.1 THEN 200 + floor(random() * 500) ELSE 5 + floor(random() * 80) END;
      INSERT INTO tk_steps (k, seq, off, actor, action, body, arg) VALUES
        (v_k, 1, v_fr, v_agent, 'msg', (ARRAY['Diterima, kami tindak lanjuti hari ini.', 'Terima kasih, sedang kami cek.', 'Baik, kami koordinasikan dengan tim lapangan.', 'Siap, kami proses.'])[1 + floor(random() * 4)::int], NULL),
        (v_k, 2, v_fr + 5, v_agent, 'status', NULL, '{"status":"IN_PROGRESS"}'),
        (v_k, 3, v_fr + 60 + floor(random() * 600), v_agent, 'msg', 'Sudah selesai kami tangani. Mohon dicek kembali.', NULL);
      INSERT INTO tk_steps (k, seq, off, actor, action, body, arg)
      SELECT v_k, 4, s.off + 2, v_agent, 'status', NULL, '{"status":"RESOLVED"}' FROM tk_steps s WHERE s.k = v_k AND s.seq = 3;
      IF random() < 0.85 THEN
        INSERT INTO tk_steps (k, seq, off, actor, action, body, arg)
        SELECT v_k, 5, s.off + 100 + floor(random() * 400), 'creator', 'status', NULL, '{"status":"CLOSED"}' FROM tk_steps s WHERE s.k = v_k AND s.seq = 4;
      END IF;
    END LOOP;
  END LOOP;

  -- Create the planned tickets as their creators.
  FOR p IN SELECT * FROM tk_plan ORDER BY k LOOP
    PERFORM pg_temp.act(p.creator);
    r := app.ticket_create(p.payload || CASE WHEN p.pickup_days IS NOT NULL AND p.payload ->> 'ticket_type' = 'request_pickup'
                                             THEN jsonb_build_object('pickup_date', current_date + 30) ELSE '{}'::jsonb END);
    UPDATE tk_plan SET ticket_id = r.ticket_id, created_at = pg_temp.bm_ago(p.ago) WHERE k = p.k;
  END LOOP;
  PERFORM pg_temp.act(NULL);
END $$;

-- The RFQs of the CRM seed, worked by operations (masked functions) and answered by the requester.
INSERT INTO tk_plan (k, creator, ago, payload, ticket_id, created_at)
SELECT 200 + row_number() OVER (ORDER BY t.ticket_id), pf.email, app.business_minutes(t.created_at, now()), '{}'::jsonb, t.ticket_id, t.created_at
  FROM app.tickets t JOIN app.profiles pf ON pf.user_id = t.created_by
 WHERE t.ticket_type = 'inquiry_tariff' AND t.dept_target IN ('EXI', 'DOM')
   AND NOT EXISTS (SELECT 1 FROM tk_plan x WHERE x.ticket_id = t.ticket_id);

INSERT INTO tk_steps (k, seq, off, actor, action, body, arg)
SELECT p.k, s.seq, s.off, CASE s.actor WHEN 'ops' THEN CASE t.dept_target WHEN 'DOM' THEN 'ops.dom@demo.local' ELSE 'ops.exi@demo.local' END ELSE s.actor END,
       s.action, replace(s.body, '{company}', coalesce(c.company_name, '')), s.arg
  FROM tk_plan p
  JOIN app.tickets t ON t.ticket_id = p.ticket_id
  LEFT JOIN app.customers c ON c.customer_id = t.related_customer_id
  JOIN (VALUES
    -- story 0: quoted and won
    (0, 1, 60, 'ops', 'status', NULL, '{"status":"IN_PROGRESS"}'::jsonb),
    (0, 2, 65, 'ops', 'msg', 'Tarif sedang kami minta ke shipping line, estimasi besok.', NULL),
    (0, 3, 120, 'creator', 'msg', 'Mohon sertakan biaya trucking ke pelabuhan dan dokumen ekspor.', '{"visible_to_ops":true}'),
    (0, 4, 600, 'ops', 'quote', NULL, '{"status":"QUOTED","quote":{"amount":"1850.00","currency":"USD","notes":"Termasuk trucking dan dokumen"}}'),
    (0, 5, 1600, 'creator', 'status', NULL, '{"status":"WON"}'),
    -- story 1: quoted and lost
    (1, 1, 45, 'ops', 'msg', 'Kami cek ketersediaan ruang kapal minggu depan.', NULL),
    (1, 2, 50, 'ops', 'status', NULL, '{"status":"IN_PROGRESS"}'),
    (1, 3, 700, 'ops', 'quote', NULL, '{"status":"QUOTED","quote":{"amount":"23500000.00","currency":"IDR"}}'),
    (1, 4, 1800, 'creator', 'status', NULL, '{"status":"LOST","reason":"Pelanggan memilih tarif kompetitor"}'),
    -- story 2: quoted, waiting for the customer's answer (a requester note names the company: ops see it redacted)
    (2, 1, 30, 'ops', 'status', NULL, '{"status":"IN_PROGRESS"}'),
    (2, 2, 40, 'creator', 'msg', 'Pengiriman untuk {company} butuh asuransi penuh, mohon dimasukkan.', '{"visible_to_ops":true}'),
    (2, 3, 45, 'creator', 'msg', 'Catatan internal sales: kontak pelanggan minta dihubungi sore hari.', NULL),
    (2, 4, 90, 'ops', 'msg', 'Baik, asuransi penuh kami masukkan dalam penawaran.', NULL),
    (2, 5, 400, 'ops', 'quote', NULL, '{"status":"QUOTED","quote":{"amount":"2100.00","currency":"USD","notes":"Asuransi penuh 0,3 %"}}'),
    -- story 3: in progress
    (3, 1, 120, 'ops', 'status', NULL, '{"status":"IN_PROGRESS"}'),
    (3, 2, 125, 'ops', 'msg', 'Menunggu konfirmasi tarif dari agen di negara tujuan.', NULL),
    (3, 3, 130, 'ops', 'note', 'Agen lama tidak responsif, coba agen alternatif.', NULL),
    -- story 4: cancelled by the requester
    (4, 1, 300, 'creator', 'status', NULL, '{"status":"CANCELLED","reason":"Pelanggan menunda pengiriman ke kuartal depan"}')
    -- story 5: untouched (open)
  ) AS s(story, seq, off, actor, action, body, arg) ON s.story = (p.k - 201) % 6
 WHERE p.k > 200;

DO $$
DECLARE
  s record;
  v_ev bigint;
  v_msg bigint;
  v_at timestamptz;
  v_masked boolean;
  v_ops boolean;
BEGIN
  FOR s IN SELECT st.*, p.ticket_id, p.created_at, p.creator, t.need_customer_masking,
                  app.add_business_minutes(p.created_at, st.off) AS at
             FROM tk_steps st JOIN tk_plan p USING (k) JOIN app.tickets t ON t.ticket_id = p.ticket_id
            ORDER BY st.k, st.seq LOOP
    v_at := s.at;
    -- A story never runs into the present: later steps simply have not happened yet.
    CONTINUE WHEN v_at >= now() - interval '2 minutes';
    IF s.actor = 'creator' THEN s.actor := s.creator; END IF;
    PERFORM pg_temp.act(s.actor);
    v_ops := s.actor LIKE 'ops.%';
    v_masked := s.need_customer_masking AND v_ops;
    SELECT coalesce(max(event_id), 0) INTO v_ev FROM app.sla_events;
    v_msg := NULL;
    IF s.action IN ('msg', 'note') THEN
      IF v_masked THEN
        v_msg := app.ops_rfq_post_message(s.ticket_id, s.body, s.action = 'note');
      ELSE
        INSERT INTO app.ticket_messages (ticket_id, body, is_internal, visible_to_ops)
        VALUES (s.ticket_id, s.body, s.action = 'note', coalesce((s.arg ->> 'visible_to_ops')::boolean, false))
        RETURNING message_id INTO v_msg;
      END IF;
      INSERT INTO tk_at VALUES ('message', v_msg::text, v_at);
    ELSE
      IF s.action = 'quote' THEN
        s.arg := jsonb_set(s.arg, '{quote,valid_until}', to_jsonb(current_date + 14));
      END IF;
      IF v_masked THEN
        PERFORM app.ops_rfq_update(s.ticket_id, s.arg);
      ELSE
        PERFORM app.ticket_update(s.ticket_id, s.arg);
      END IF;
      IF s.action = 'quote' THEN
        INSERT INTO tk_at SELECT 'quote', q.quote_id::text, v_at FROM app.ticket_quotes q
         WHERE q.ticket_id = s.ticket_id AND NOT EXISTS (SELECT 1 FROM tk_at a WHERE a.kind = 'quote' AND a.id = q.quote_id::text);
      END IF;
    END IF;
    INSERT INTO tk_at SELECT 'event', e.event_id::text, v_at FROM app.sla_events e WHERE e.event_id > v_ev;
  END LOOP;
  PERFORM pg_temp.act(NULL);
END $$;

-- Move the story back in time (bookkeeping only: triggers and audit off),
-- then let every ticket's SLA columns follow from its history.
SET LOCAL session_replication_role = replica;
UPDATE app.tickets t SET created_at = p.created_at,
       pickup_date = CASE WHEN p.pickup_days IS NOT NULL AND t.pickup_date IS NOT NULL
                          THEN (p.created_at AT TIME ZONE 'Asia/Jakarta')::date + p.pickup_days ELSE t.pickup_date END
  FROM tk_plan p WHERE p.ticket_id = t.ticket_id AND p.k < 200;
UPDATE app.ticket_messages m SET created_at = a.at FROM tk_at a WHERE a.kind = 'message' AND a.id = m.message_id::text;
UPDATE app.sla_events e SET occurred_at = a.at FROM tk_at a WHERE a.kind = 'event' AND a.id = e.event_id::text;
UPDATE app.ticket_quotes q SET created_at = a.at, valid_until = (a.at AT TIME ZONE 'Asia/Jakarta')::date + 14
  FROM tk_at a WHERE a.kind = 'quote' AND a.id = q.quote_id::text;
UPDATE app.sales_activities sa SET occurred_at = t.created_at, created_at = t.created_at
  FROM app.tickets t WHERE sa.related_ticket_id = t.ticket_id AND sa.activity_type = 'rfq_created';
SELECT pg_temp.act(NULL);
SELECT app.ticket_recompute_sla(t.ticket_id) FROM app.tickets t;
UPDATE app.tickets t SET last_activity_at = x.at, updated_at = x.at
  FROM (SELECT t2.ticket_id, greatest(t2.created_at,
               (SELECT max(m.created_at) FROM app.ticket_messages m WHERE m.ticket_id = t2.ticket_id),
               (SELECT max(e.occurred_at) FROM app.sla_events e WHERE e.ticket_id = t2.ticket_id)) AS at
          FROM app.tickets t2) x
 WHERE x.ticket_id = t.ticket_id;
SET LOCAL session_replication_role = origin;
