-- =============================================================================
-- Generator step 1: word lists and users.
--   Users: super_admin, director, marketing manager + staff, sales managers
--   with their teams of salespeople (manager_user_id), finance, ops per
--   operations department. Emails gen.<role><nn>@gen.local; password = gen.pwhash.
-- =============================================================================
CREATE TEMP TABLE g_words (list text, i int, w text, PRIMARY KEY (list, i)) ON COMMIT DROP;
INSERT INTO g_words (list, i, w)
SELECT l.list, t.ord::int, t.w FROM (VALUES
  ('a', ARRAY['abadi','agung','andalan','angkasa','bahari','bangun','barokah','bermutu','bintang','buana',
              'cahaya','cakra','citra','dharma','dinamika','fajar','gemilang','gading','garuda','harapan',
              'indah','intan','karya','kencana','kurnia','lestari','lintas','mandiri','makmur','mahkota',
              'megah','mulia','nusantara','nirwana','nugraha','pelita','perdana','pratama','prima','pusaka',
              'rahayu','rejeki','samudra','sejahtera','sentosa','setia','sinar','sukses','surya','tangguh',
              'terang','tirta','usaha','unggul','wahana','wijaya','yudha','zamrud','kemilau','cemerlang']),
  ('b', ARRAY['logistik','ekspres','kargo','niaga','sarana','mitra','armada','bahtera','dermaga','gudang',
              'industri','kemasan','konveksi','mebel','tekstil','pangan','farmasi','kimia','plastik','kertas',
              'elektrik','motor','logam','semen','perabot','sandang','busana','kosmetik','kuliner','minyak',
              'energi','tambang','properti','beton','grafika','cetak','media','digital','teknik','mesin',
              'otomotif','maritim','dagang','sentra','furnitur','kriya','permai','global','persada','lautan',
              'udara','darat','rempah','kopi','karet','sawit','hortikultur','perikanan','unggas','susu']),
  ('c', ARRAY['medan','padang','jambi','bengkulu','lampung','banten','bekasi','bogor','depok','garut',
              'cirebon','tegal','brebes','kudus','demak','rembang','tuban','gresik','sidoarjo','malang',
              'kediri','madiun','jember','denpasar','mataram','kupang','ambon','ternate','manado','kendari',
              'makassar','bitung','tarakan','samarinda','pontianak','banjar','palangka','batam','tanjung','pekanbaru',
              'dumai','siantar','binjai','langsa','sabang','sorong','merauke','jayapura','timika','sampit',
              'bontang','sinjai','bulukumba','polewali','purwakarta','subang','sumedang','ciamis','kuningan','cilacap'])
) l(list, arr) CROSS JOIN LATERAL unnest(l.arr) WITH ORDINALITY t(w, ord);
INSERT INTO g_words (list, i, w)
SELECT 'first', t.ord::int, t.w FROM unnest(ARRAY['Agus','Budi','Citra','Dewi','Eko','Fitri','Gita','Hendra','Indra','Joko',
  'Kartika','Lina','Made','Nur','Oki','Putri','Rina','Slamet','Teguh','Umar','Vina','Wahyu','Yanti','Zainal','Andi','Bambang',
  'Dian','Fajar','Hadi','Irwan','Lestari','Maya','Nanda','Ratna','Sari','Taufik','Wulan','Yusuf','Ayu','Rizky']) WITH ORDINALITY t(w, ord)
UNION ALL
SELECT 'last', t.ord::int, t.w FROM unnest(ARRAY['Wijaya','Santoso','Lestari','Saputra','Hidayat','Nugroho','Pratama','Kusuma',
  'Siregar','Nasution','Simanjuntak','Hakim','Purnomo','Setiawan','Gunawan','Halim','Tanoto','Sutrisno','Suartana','Lumentut',
  'Marpaung','Harahap','Rahman','Sihombing','Wibowo','Utomo','Kurniawan','Susanto','Effendi','Salim']) WITH ORDINALITY t(w, ord);

-- Company names: legal form + two brand words of three syllables each. The six
-- syllables are a codeword of a [6,4,3] Reed-Solomon code over 41 syllables
-- (4 from the customer number, 2 checks), so any two names differ in at least
-- three syllables: their trigram similarity stays far below the 0.75 at which
-- dedup would have recorded "similar_name" duplicate candidates, and the
-- normalised names are unique (the company_name match finds the right one).
INSERT INTO g_words (list, i, w)
SELECT 'syl', t.ord::int - 1, t.w FROM unnest(ARRAY['ka','ri','su','ma','ta','na','la','wa','ja','sa','da','ba','pa','ga','ra',
  'ni','ti','di','mi','si','li','ku','tu','mu','nu','lu','bu','pu','du','gu','ro','to','no','so','mo','lo','be','se','te','de','ke']) WITH ORDINALITY t(w, ord);

-- ------------------------------------------------------------------ users ---
CREATE TEMP TABLE g_user ON COMMIT DROP AS
WITH spec AS (
  SELECT 'admin' AS kind, 1 AS k, 'super_admin'::app.user_role AS role, 'DIR' AS dept
  UNION ALL SELECT 'director', 1, 'director', 'DIR'
  UNION ALL SELECT 'mkt.manager', 1, 'marketing_manager', 'MKT'
  UNION ALL SELECT 'mkt.staff', g, 'marketing_staff', 'MKT' FROM g_n, generate_series(1, mkt_staff) g
  UNION ALL SELECT 'sales.manager', g, 'sales_manager', 'SAL' FROM g_n, generate_series(1, sales_managers) g
  UNION ALL SELECT 'sales', g, 'salesperson', 'SAL' FROM g_n, generate_series(1, salespeople) g
  UNION ALL SELECT 'finance', g, 'finance', 'FIN' FROM g_n, generate_series(1, finance) g
  UNION ALL SELECT 'ops.' || lower(dd), g, 'ops', dd FROM g_n, unnest(ARRAY['DOM','EXI','DTD','WHS']) dd, generate_series(1, ops_per_dept) g
)
SELECT row_number() OVER (ORDER BY s.kind, s.k)::int AS n, s.kind, s.k, s.role, s.dept,
       'gen.' || s.kind || lpad(s.k::text, 2, '0') || '@gen.local' AS email,
       pg_temp.uid('user', hashtext(s.kind || s.k)) AS user_id,
       (SELECT w FROM g_words WHERE list = 'first' AND i = 1 + ((hashtext(s.kind) & 1023) + s.k * 7) % 40) || ' ' ||
       (SELECT w FROM g_words WHERE list = 'last' AND i = 1 + ((hashtext(s.kind) & 1023) + s.k * 3) % 30) AS full_name
  FROM spec s;
ALTER TABLE g_user ADD PRIMARY KEY (n);
CREATE UNIQUE INDEX ON g_user (kind, k);

-- Managers: salespeople are spread over the sales managers' teams,
-- marketing staff report to the marketing manager.
ALTER TABLE g_user ADD COLUMN manager uuid;
UPDATE g_user u SET manager = m.user_id
  FROM g_n, g_user m
 WHERE u.kind = 'sales' AND m.kind = 'sales.manager' AND m.k = 1 + (u.k - 1) % g_n.sales_managers;
UPDATE g_user u SET manager = m.user_id FROM g_user m WHERE u.kind = 'mkt.staff' AND m.kind = 'mkt.manager';

INSERT INTO app.profiles (user_id, email, full_name, role, dept_code, manager_user_id, is_active, locale, created_at, updated_at)
SELECT u.user_id, u.email, u.full_name, u.role, u.dept, u.manager, true, 'id',
       pg_temp.jat(p.d_start - 30, 8 * 3600), pg_temp.jat(p.d_start - 30, 8 * 3600)
  FROM g_user u, g_par p
 ORDER BY u.n;
INSERT INTO auth.credentials (user_id, password_hash, password_changed_at)
SELECT u.user_id, p.pwhash, pg_temp.jat(p.d_start - 30, 8 * 3600)
  FROM g_user u, g_par p WHERE p.pwhash IS NOT NULL;

-- Convenience arrays by kind (index 1..n).
CREATE TEMP TABLE g_team ON COMMIT DROP AS
SELECT kind, array_agg(user_id ORDER BY k) AS ids, count(*)::int AS n FROM g_user GROUP BY kind;
ALTER TABLE g_team ADD PRIMARY KEY (kind);
-- Ops departments as one list (for "any ops user").
INSERT INTO g_team SELECT 'ops', array_agg(user_id ORDER BY dept, k), count(*)::int FROM g_user WHERE role = 'ops';
-- Marketing creators of leads: staff (most) and the manager.
INSERT INTO g_team SELECT 'lead_creators', array_agg(user_id ORDER BY kind DESC, k), count(*)::int FROM g_user WHERE kind IN ('mkt.staff', 'mkt.manager');
