-- =============================================================================
-- 0003 core: reference data of the spine
-- =============================================================================
INSERT INTO app.departments (dept_code, name, name_en, is_ops, sort_order) VALUES
  ('DIR', 'Direksi',              'Management',         false, 10),
  ('MKT', 'Pemasaran',            'Marketing',          false, 20),
  ('SAL', 'Penjualan',            'Sales',              false, 30),
  ('FIN', 'Keuangan',             'Finance',            false, 40),
  ('DOM', 'Domestik',             'Domestic',           true,  50),
  ('EXI', 'Ekspor-Impor',         'Export-Import',      true,  60),
  ('DTD', 'Door-to-Door',         'Door-to-Door',       true,  70),
  ('WHS', 'Pergudangan',          'Warehouse',          true,  80);

INSERT INTO app.storage_buckets (bucket, max_bytes, allowed_types, description) VALUES
  ('ticket-attachments', 20 * 1024 * 1024,
     ARRAY['image/jpeg','image/png','image/webp','application/pdf',
           'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
           'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
           'text/plain','text/csv'],
     'Files attached to tickets'),
  ('kpi-evidence', 10 * 1024 * 1024,
     ARRAY['image/jpeg','image/png','image/webp','application/pdf',
           'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
     'Evidence for manual KPI entries'),
  ('prospect-evidence', 10 * 1024 * 1024,
     ARRAY['image/jpeg','image/png','image/webp','image/heic'],
     'Photos proving sales visits'),
  ('customer-documents', 20 * 1024 * 1024,
     ARRAY['image/jpeg','image/png','application/pdf',
           'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
           'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
     'Customer documents (NPWP, contracts)'),
  ('import-files', 100 * 1024 * 1024,
     ARRAY['text/csv','text/plain',
           'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
     'CSV/XLSX batch uploads');
