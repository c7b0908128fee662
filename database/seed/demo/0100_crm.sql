-- Demo CRM: companies, leads in every state, prospects at every stage,
-- activities, RFQs, marketing events and spend. Everything is created through
-- the same functions the API uses, acting as the demo users (claims set per
-- step), so links, history, derived activities and audit are real. Then
-- timestamps are spread over the last months for realistic dashboards.
CREATE TEMP TABLE demo_companies (n int, company text, city text, industry text, contact text, channel app.source_channel, rfq boolean, origin text, destination text, service app.service_type) ON COMMIT DROP;
INSERT INTO demo_companies VALUES
  (1,  'PT. Sinar Jaya Tbk',             'Jakarta',   'Manufaktur',        'Hendra Wijaya',    'website',        true,  'Jakarta',   'Singapore',  'sea_fcl'),
  (2,  'PT Nusantara Kargo Abadi',       'Surabaya',  'Distribusi',        'Dewi Lestari',     'referral',       true,  'Surabaya',  'Makassar',   'land'),
  (3,  'CV Maju Bersama',                'Bandung',   'Tekstil',           'Agus Salim',       'event',          false, NULL, NULL, NULL),
  (4,  'PT Bumi Tani Sejahtera',         'Medan',     'Agribisnis',        'Rina Marpaung',    'cold_call',      true,  'Belawan',   'Port Klang', 'sea_lcl'),
  (5,  'PT Cahaya Elektronik Indonesia', 'Batam',     'Elektronik',        'Kevin Tan',        'email_campaign', true,  'Batam',     'Shenzhen',   'air'),
  (6,  'PT Samudra Biru Logistik',       'Semarang',  'Logistik',          'Yusuf Hakim',      'whatsapp',       false, NULL, NULL, NULL),
  (7,  'PT Farmasi Sehat Sentosa',       'Jakarta',   'Farmasi',           'dr. Maria Ulfa',   'website',        true,  'Jakarta',   'Denpasar',   'express'),
  (8,  'PT Kopi Gayo Mandiri',           'Banda Aceh','F&B',               'Teuku Rizal',      'social_media',   true,  'Medan',     'Rotterdam',  'sea_fcl'),
  (9,  'CV Kayu Jati Lestari',           'Jepara',    'Furnitur',          'Slamet Riyadi',    'event',          true,  'Semarang',  'Los Angeles','sea_fcl'),
  (10, 'PT Baja Kuat Perkasa',           'Cilegon',   'Baja',              'Bambang Sutrisno', 'referral',       false, NULL, NULL, NULL),
  (11, 'PT Tekstil Indah Makmur',        'Solo',      'Tekstil',           'Sri Wahyuni',      'cold_call',      true,  'Surabaya',  'Tokyo',      'sea_lcl'),
  (12, 'PT Otomotif Prima Mandiri',      'Bekasi',    'Otomotif',          'Andi Saputra',     'website',        true,  'Jakarta',   'Balikpapan', 'land'),
  (13, 'PT Segar Buah Nusantara',        'Malang',    'Agribisnis',        'Lina Kartika',     'whatsapp',       false, NULL, NULL, NULL),
  (14, 'PT Kimia Raya Industri',         'Gresik',    'Kimia',             'Hadi Purnomo',     'email_campaign', true,  'Surabaya',  'Ho Chi Minh','sea_fcl'),
  (15, 'PT Toko Daring Kita',            'Jakarta',   'E-commerce',        'Citra Anggraini',  'social_media',   true,  'Jakarta',   'Pontianak',  'express'),
  (16, 'PT Energi Hijau Terbarukan',     'Balikpapan','Energi',            'Fajar Nugroho',    'referral',       false, NULL, NULL, NULL),
  (17, 'PT Mebel Jati Nusantara',        'Jepara',    'Furnitur',          'Wahyu Hidayat',    'event',          true,  'Semarang',  'Sydney',     'sea_fcl'),
  (18, 'PT Sepatu Anak Bangsa',          'Tangerang', 'Alas kaki',         'Maya Sari',        'website',        true,  'Jakarta',   'Dubai',      'air'),
  (19, 'PT Semen Timur Raya',            'Makassar',  'Konstruksi',        'Irwan Syah',       'cold_call',      false, NULL, NULL, NULL),
  (20, 'PT Perikanan Laut Biru',         'Bitung',    'Perikanan',         'Johan Lumentut',   'other',          true,  'Bitung',    'Busan',      'sea_fcl'),
  (21, 'PT Kertas Nusa Indah',           'Karawang',  'Kertas',            'Ratna Dewi',       'email_campaign', false, NULL, NULL, NULL),
  (22, 'PT Garmen Mode Global',          'Bandung',   'Garmen',            'Fitri Handayani',  'website',        true,  'Jakarta',   'Hamburg',    'sea_lcl'),
  (23, 'PT Sawit Makmur Jaya',           'Pekanbaru', 'Perkebunan',        'Dedi Simanjuntak', 'referral',       true,  'Dumai',     'Chennai',    'sea_fcl'),
  (24, 'PT Alat Medis Presisi',          'Jakarta',   'Alat kesehatan',    'Yohana Putri',     'event',          true,  'Jakarta',   'Manado',     'air'),
  (25, 'CV Kerajinan Bali Asri',         'Denpasar',  'Kerajinan',         'Made Suartana',    'social_media',   true,  'Denpasar',  'Jakarta',    'express');

DO $$
DECLARE
  uid jsonb := (SELECT jsonb_object_agg(email, user_id) FROM app.profiles WHERE email LIKE '%@demo.local');
  c record;
  r jsonb;
  r2 jsonb;
  creator text;
  owner text;
  i int := 0;
  stages app.prospect_stage[];
  s app.prospect_stage;
BEGIN
  PERFORM setseed(0.2026);
  FOR c IN SELECT * FROM demo_companies ORDER BY n LOOP
    i := c.n;
    creator := CASE WHEN i % 3 = 0 THEN 'mkt.manager@demo.local' ELSE 'mkt.staff@demo.local' END;
    PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> creator, 'role', 'authenticated')::text, true);
    r := app.crm_create_lead_bundle(jsonb_build_object(
      'company_name', c.company, 'contact_name', c.contact, 'source_channel', c.channel,
      'email', lower(replace(split_part(c.contact, ' ', 1), '.', '')) || '@' || lower(regexp_replace(app.normalize_company_name(c.company), '\s+', '', 'g')) || '.co.id',
      'phone', '0812' || lpad((10000000 + i * 7919)::text, 8, '0'),
      'npwp', lpad((i * 1234567)::text, 15, '0'),
      'notes', 'Demo: ' || c.industry || ' di ' || c.city,
      'rfq', CASE WHEN c.rfq THEN jsonb_build_object('origin', c.origin, 'destination', c.destination, 'service_type', c.service,
                                                     'commodity', c.industry, 'weight_kg', 500 + i * 120) END));
    UPDATE app.customers SET city = c.city, industry = c.industry, address = 'Jl. Demo No. ' || i || ', ' || c.city
     WHERE customer_id = r ->> 'customer_id';
    -- A second lead for some companies: dedup links it to the same customer.
    IF i % 5 = 0 THEN
      r2 := app.crm_create_lead_bundle(jsonb_build_object('company_name', c.company, 'contact_name', 'Staf ' || c.contact,
              'source_channel', 'referral', 'npwp', lpad((i * 1234567)::text, 15, '0')));
    END IF;

    -- Every lead state: NEW (i % 6 = 1), QUALIFIED (2), DISQUALIFIED (3), handed over (0, 4, 5).
    IF i % 6 IN (2, 0, 4, 5) THEN
      UPDATE app.leads SET status = 'QUALIFIED' WHERE lead_id = r ->> 'lead_id';
    END IF;
    IF i % 6 = 3 THEN
      UPDATE app.leads SET status = 'DISQUALIFIED', disqualified_reason = 'Volume terlalu kecil' WHERE lead_id = r ->> 'lead_id';
    END IF;
    IF i % 6 IN (0, 4, 5) THEN
      owner := (ARRAY['sales1@demo.local', 'sales2@demo.local', 'sales3@demo.local'])[1 + i % 3];
      PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'mkt.manager@demo.local', 'role', 'authenticated')::text, true);
      PERFORM app.crm_assign_lead(r ->> 'lead_id', (uid ->> owner)::uuid);
      -- The salesperson works the prospect.
      PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> owner, 'role', 'authenticated')::text, true);
      stages := CASE i % 7
        WHEN 0 THEN ARRAY['CONTACTED']
        WHEN 1 THEN ARRAY['CONTACTED', 'NEEDS_ANALYSIS']
        WHEN 2 THEN ARRAY['CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION']
        WHEN 3 THEN ARRAY['CONTACTED', 'QUOTATION', 'NEGOTIATION']
        WHEN 4 THEN ARRAY['CONTACTED', 'QUOTATION', 'NEGOTIATION', 'WON']
        WHEN 5 THEN ARRAY['CONTACTED', 'NEEDS_ANALYSIS', 'LOST']
        ELSE ARRAY['CONTACTED', 'QUOTATION', 'WON'] END::app.prospect_stage[];
      FOREACH s IN ARRAY stages LOOP
        UPDATE app.prospects SET stage = s, lost_reason = CASE WHEN s = 'LOST' THEN 'Harga kompetitor lebih murah' END
         WHERE prospect_id = (SELECT prospect_id FROM app.leads WHERE lead_id = r ->> 'lead_id');
        INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id, notes)
        SELECT (ARRAY['call', 'meeting', 'email', 'whatsapp'])[1 + (i + array_position(stages, s)) % 4]::app.activity_type,
               prospect_id, (uid ->> owner)::uuid, 'Tindak lanjut: ' || s
          FROM app.leads WHERE lead_id = r ->> 'lead_id';
      END LOOP;
    END IF;
  END LOOP;

  -- Marketing events and spend (six months, per channel).
  PERFORM set_config('request.jwt.claims', jsonb_build_object('sub', uid ->> 'mkt.manager@demo.local', 'role', 'authenticated')::text, true);
  INSERT INTO app.marketing_activity_events (event_type, channel, occurred_at, title, leads_generated, notes, created_by)
  VALUES ('event', 'event', current_date - 95, 'Pameran Logistik Indonesia 2026', 6, 'Booth hall B', (uid ->> 'mkt.manager@demo.local')::uuid),
         ('campaign', 'email_campaign', current_date - 60, 'Kampanye email ekspor Q3', 4, NULL, (uid ->> 'mkt.manager@demo.local')::uuid),
         ('ads', 'social_media', current_date - 40, 'Iklan Instagram: door-to-door', 5, NULL, (uid ->> 'mkt.manager@demo.local')::uuid),
         ('content', 'website', current_date - 20, 'Artikel: panduan ekspor kopi', 3, NULL, (uid ->> 'mkt.manager@demo.local')::uuid);
  INSERT INTO app.marketing_spend (channel, spend_date, amount, notes, created_by)
  SELECT ch, (date_trunc('month', current_date) - make_interval(months => m))::date + 4,
         round((1000000 + random() * 9000000)::numeric, -3), 'Biaya bulanan ' || ch,
         (uid ->> CASE WHEN m % 2 = 0 THEN 'mkt.manager@demo.local' ELSE 'mkt.staff@demo.local' END)::uuid
    FROM unnest(ARRAY['website', 'social_media', 'email_campaign', 'event']::app.source_channel[]) ch, generate_series(0, 5) m;

  PERFORM set_config('request.jwt.claims', '', true);
END $$;

-- Spread the story over the last ~4 months (no triggers or audit for this
-- bookkeeping: it only moves timestamps back in time, consistently).
SET LOCAL session_replication_role = replica;
WITH l AS (
  SELECT lead_id, prospect_id, (row_number() OVER (ORDER BY lead_id))::int AS k FROM app.leads
), shift AS (
  SELECT lead_id, prospect_id, make_interval(days => 120 - (k * 4) % 118, hours => (k * 5) % 9) AS back FROM l
)
UPDATE app.leads x SET created_at = x.created_at - s.back, updated_at = x.updated_at - s.back / 2,
       last_activity_at = x.last_activity_at - s.back / 2,
       qualified_at = x.qualified_at - s.back * 0.9, handed_over_at = x.handed_over_at - s.back * 0.8,
       converted_at = x.converted_at - s.back * 0.3, disqualified_at = x.disqualified_at - s.back * 0.9
  FROM shift s WHERE s.lead_id = x.lead_id;
UPDATE app.customers c SET created_at = (SELECT min(l.created_at) FROM app.leads l WHERE l.customer_id = c.customer_id)
 WHERE EXISTS (SELECT 1 FROM app.leads l WHERE l.customer_id = c.customer_id);
UPDATE app.prospects p SET created_at = (SELECT min(l.created_at) FROM app.leads l WHERE l.prospect_id = p.prospect_id OR l.customer_id = p.customer_id),
       stage_changed_at = now() - (now() - (SELECT min(l.created_at) FROM app.leads l WHERE l.customer_id = p.customer_id)) * 0.4,
       last_activity_at = now() - (now() - (SELECT min(l.created_at) FROM app.leads l WHERE l.customer_id = p.customer_id)) * 0.35;
UPDATE app.prospect_stage_history h SET changed_at = p.created_at + (now() - p.created_at) * (0.1 + 0.15 * (SELECT count(*) FROM app.prospect_stage_history h2 WHERE h2.prospect_id = h.prospect_id AND h2.history_id < h.history_id))
  FROM app.prospects p WHERE p.prospect_id = h.prospect_id;
UPDATE app.sales_activities a SET occurred_at = p.created_at + (now() - p.created_at) * (0.2 + 0.6 * random()),
       created_at = p.created_at + (now() - p.created_at) * 0.5
  FROM app.prospects p WHERE p.prospect_id = a.prospect_id;
UPDATE app.tickets t SET created_at = l.created_at, updated_at = l.created_at, last_activity_at = l.created_at
  FROM app.leads l WHERE l.lead_id = t.related_lead_id;
SET LOCAL session_replication_role = origin;
