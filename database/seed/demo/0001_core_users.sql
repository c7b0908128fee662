-- Demo users of domain.md, all with the password printed at start-up
-- (its argon2id hash arrives as the transaction setting bcc.demo_password_hash).
CREATE TEMP TABLE demo_users (email text, full_name text, role app.user_role, dept_code text, manager_email text) ON COMMIT DROP;
INSERT INTO demo_users VALUES
  ('admin@demo.local',          'Andi Administrator',     'super_admin',       'DIR', NULL),
  ('director@demo.local',       'Dewi Direktur',          'director',          'DIR', NULL),
  ('mkt.manager@demo.local',    'Maya Manajer Pemasaran', 'marketing_manager', 'MKT', NULL),
  ('mkt.staff@demo.local',      'Rizky Staf Pemasaran',   'marketing_staff',   'MKT', 'mkt.manager@demo.local'),
  ('sales.manager@demo.local',  'Budi Santoso',           'sales_manager',     'SAL', NULL),
  ('sales1@demo.local',         'Siti Rahmawati',         'salesperson',       'SAL', 'sales.manager@demo.local'),
  ('sales2@demo.local',         'Agus Pratama',           'salesperson',       'SAL', 'sales.manager@demo.local'),
  ('sales.manager2@demo.local', 'Lina Wijaya',            'sales_manager',     'SAL', NULL),
  ('sales3@demo.local',         'Joko Susilo',            'salesperson',       'SAL', 'sales.manager2@demo.local'),
  ('ops.dom@demo.local',        'Hendra Gunawan',         'ops',               'DOM', NULL),
  ('ops.exi@demo.local',        'Putri Anggraini',        'ops',               'EXI', NULL),
  ('finance@demo.local',        'Rina Kusuma',            'finance',           'FIN', NULL);

INSERT INTO app.profiles (email, full_name, role, dept_code)
SELECT email, full_name, role, dept_code FROM demo_users WHERE manager_email IS NULL
ON CONFLICT (email) DO NOTHING;

INSERT INTO app.profiles (email, full_name, role, dept_code, manager_user_id)
SELECT u.email, u.full_name, u.role, u.dept_code, m.user_id
  FROM demo_users u JOIN app.profiles m ON m.email = u.manager_email
ON CONFLICT (email) DO NOTHING;

INSERT INTO auth.credentials (user_id, password_hash)
SELECT p.user_id, current_setting('bcc.demo_password_hash')
  FROM app.profiles p JOIN demo_users u ON u.email = p.email
ON CONFLICT (user_id) DO NOTHING;
