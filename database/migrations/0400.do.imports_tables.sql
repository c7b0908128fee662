-- =============================================================================
-- 0400 imports: tables
--   imports (IM-…, one uploaded file of one module) and import_rows (every
--   staged row of it, its outcome and the record it produced). Counters of
--   imports are derived from import_rows (kept in step batch by batch, and
--   recounted exactly when a run finishes); they are never reset.
--   The natural-key indexes that let processing be retried without
--   duplicates live with the processors (0401).
-- =============================================================================

-- ----------------------------------------------------------------- imports ---
CREATE TABLE app.imports (
  import_id       text PRIMARY KEY,
  module          text NOT NULL CHECK (module IN ('leads', 'customers', 'invoices', 'payments', 'kpi_entries', 'marketing_spend')),
  file_object_id  uuid REFERENCES app.storage_objects(object_id),
  file_name       text CHECK (length(file_name) <= 255),
  file_format     text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  file_sha256     text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  -- The header as uploaded (normalised names, file order): preview and errors.csv.
  columns         text[] NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'UPLOADED'
                  CHECK (status IN ('UPLOADED', 'STAGED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')),
  total_rows      integer NOT NULL DEFAULT 0 CHECK (total_rows >= 0),
  -- The highest row number staged (blank rows of the file are skipped, so
  -- row numbers can have gaps); a run goes through rows 2 .. last_row_number.
  last_row_number integer NOT NULL DEFAULT 0 CHECK (last_row_number >= 0),
  success_rows    integer NOT NULL DEFAULT 0 CHECK (success_rows >= 0),
  error_rows      integer NOT NULL DEFAULT 0 CHECK (error_rows >= 0),
  -- The current run: which token owns it (a stale job stops itself), how far
  -- it got (rows visited; the progress bar), and when it last committed a batch.
  run_count       integer NOT NULL DEFAULT 0,
  run_token       uuid,
  progress_rows   integer NOT NULL DEFAULT 0 CHECK (progress_rows >= 0),
  heartbeat_at    timestamptz,
  started_at      timestamptz,
  processed_at    timestamptz,
  last_error      text CHECK (length(last_error) <= 2000),
  created_by      uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT imports_counters_fit CHECK (success_rows + error_rows <= total_rows),
  -- The same file again (same person, same module) is the same import.
  CONSTRAINT imports_same_file_key UNIQUE (created_by, module, file_sha256)
);
CREATE INDEX imports_created_idx ON app.imports (created_at DESC, import_id DESC);
CREATE INDEX imports_created_by_idx ON app.imports (created_by, created_at DESC);
CREATE INDEX imports_module_idx ON app.imports (module, created_at DESC);
CREATE INDEX imports_file_object_idx ON app.imports (file_object_id) WHERE file_object_id IS NOT NULL;
COMMENT ON TABLE app.imports IS
  'One uploaded CSV/XLSX of one module (leads, customers, invoices, payments, kpi_entries, marketing_spend). UPLOADED → STAGED → PROCESSING → COMPLETED | COMPLETED_WITH_ERRORS | FAILED. success_rows/error_rows are derived from import_rows and never reset; the same file (sha256) of the same person and module is the same import.';

-- ------------------------------------------------------------- import_rows ---
-- Append-heavy. The primary key leads with import_id, whose IM-YYYY- prefix
-- sorts by year, so the table can become natively range-partitioned by
-- import_id (≈ by time) — or hash-partitioned per import — without a schema
-- change. created_by and module are copied from the import so the read
-- policy needs no join per row.
CREATE TABLE app.import_rows (
  import_id      text NOT NULL REFERENCES app.imports(import_id) ON DELETE CASCADE,
  -- The row as the spreadsheet numbers it: the header is row 1, the first
  -- data row 2; blank rows are not staged but keep their number.
  row_number     integer NOT NULL CHECK (row_number >= 2),
  row_data       jsonb NOT NULL CHECK (jsonb_typeof(row_data) = 'object'),
  status         text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'OK', 'ERROR')),
  -- "column: reason" (several joined by "; ") when status = ERROR.
  error_message  text CHECK (length(error_message) <= 2000),
  -- The record the row produced or matched (IV-…, PY-…, LD-…, CU-…, a uuid).
  target_id      text,
  -- What happened besides success, e.g. "matched existing customer (npwp)".
  note           text CHECK (length(note) <= 500),
  -- Set at staging: the first row of this file with the same natural key.
  dup_of         integer,
  attempts       smallint NOT NULL DEFAULT 0,
  processed_at   timestamptz,
  created_by     uuid NOT NULL,
  module         text NOT NULL,
  PRIMARY KEY (import_id, row_number),
  CHECK (status <> 'ERROR' OR error_message IS NOT NULL),
  CHECK (dup_of IS NULL OR dup_of < row_number)
) WITH (fillfactor = 90);
COMMENT ON TABLE app.import_rows IS
  'Every staged row of an import (row_data = column → text as uploaded), its status PENDING|OK|ERROR, a precise error ("column: reason") and the record it produced. Rows already OK are never processed again.';
