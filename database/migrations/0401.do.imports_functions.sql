-- =============================================================================
-- 0401 imports: functions
--   * who may import what (one place), the value parsers of domain.md
--     (dates YYYY-MM-DD or DD/MM/YYYY; amounts 1500000, 1500000.00 or
--     Indonesian 1.500.000,00) and the natural key of every module;
--   * the lifecycle: create (same file → same import), stage rows in bulk,
--     finish staging (duplicates within the file), request processing
--     (marks the import and enqueues the graphile-worker job in the same
--     transaction), the worker's batch entry point with its run token;
--   * one processor per module, process_import_<module>(import_id, from,
--     to): set-based wherever the target allows it (invoices, payments,
--     kpi_entries, marketing_spend: validate every row in one statement,
--     insert the valid ones in one statement with ON CONFLICT on the natural
--     key, record a precise error per row; if the set-based insert still
--     fails, the batch falls back to one sub-transaction per row), row by row
--     where the write is a procedure of its own (leads through
--     crm_create_lead_bundle, customers through find_or_create_customer), each
--     row in its own sub-block so one bad row never fails the others.
-- Processors are SECURITY DEFINER (owned by bcc_definer: they mark rows and
-- write targets across tables) and re-check the caller first: the caller must
-- be the importer (the worker runs under the importer's claims) and the
-- importer's current role must still allow the module. Target-table triggers
-- (ids, rules, audit) run as usual with auth.uid() = the importer.
-- A batch marks its rows and writes its targets in one transaction: a run
-- killed mid-way leaves whole batches done or not done, so processing again
-- (rows already OK are skipped) finishes with exact counts and no duplicates.
-- =============================================================================

-- ------------------------------------------------------------------ rights ---
CREATE FUNCTION app.import_module_allowed(p_module text, p_role app.user_role) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_role IS NULL THEN false
    WHEN p_role = 'super_admin' THEN p_module IN ('leads', 'customers', 'invoices', 'payments', 'kpi_entries', 'marketing_spend')
    WHEN p_module IN ('invoices', 'payments', 'customers') THEN p_role = 'finance'
    WHEN p_module IN ('leads', 'marketing_spend') THEN p_role IN ('marketing_manager', 'marketing_staff')
    -- Everyone who enters KPI values (own, or a manager's team) may import them; the director reads only.
    WHEN p_module = 'kpi_entries' THEN p_role <> 'director'
    ELSE false
  END
$$;
COMMENT ON FUNCTION app.import_module_allowed(text, app.user_role) IS
  'Module gate of imports (rls.md): finance → invoices, payments, customers; marketing roles → leads, marketing_spend; everyone but the director → kpi_entries (own values; managers their team''s); super_admin → all. Anyone may call it.';

CREATE FUNCTION app.import_stall_after() RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT interval '2 minutes' $$;
COMMENT ON FUNCTION app.import_stall_after() IS
  'A PROCESSING import whose worker has not committed a batch for this long is stalled (its process died): it may be processed again.';

-- ----------------------------------------------------------------- parsers ---
CREATE FUNCTION app.import_text(p_row jsonb, p_column text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT nullif(btrim(p_row ->> p_column), '') $$;
COMMENT ON FUNCTION app.import_text(jsonb, text) IS 'A staged cell as text: trimmed, NULL when blank.';

CREATE FUNCTION app.import_make_date(p_y integer, p_m integer, p_d integer) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p_y BETWEEN 1900 AND 2999 AND p_m BETWEEN 1 AND 12 THEN
           CASE WHEN p_d BETWEEN 1 AND extract(day FROM make_date(p_y, p_m, 1) + interval '1 month - 1 day')::integer
                THEN make_date(p_y, p_m, p_d) END
         END
$$;
COMMENT ON FUNCTION app.import_make_date(integer, integer, integer) IS 'A calendar date, or NULL when the parts do not form one (never raises).';

CREATE FUNCTION app.import_parse_date(p text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p ~ '^\s*\d{4}-\d{1,2}-\d{1,2}\s*$'
      THEN app.import_make_date(split_part(btrim(p), '-', 1)::integer, split_part(btrim(p), '-', 2)::integer, split_part(btrim(p), '-', 3)::integer)
    WHEN p ~ '^\s*\d{1,2}/\d{1,2}/\d{4}\s*$'
      THEN app.import_make_date(split_part(btrim(p), '/', 3)::integer, split_part(btrim(p), '/', 2)::integer, split_part(btrim(p), '/', 1)::integer)
  END
$$;
COMMENT ON FUNCTION app.import_parse_date(text) IS
  'Import dates of domain.md: YYYY-MM-DD or DD/MM/YYYY (Indonesian day-first). NULL when blank or not a real date; never raises, so one bad cell never fails a batch.';

CREATE FUNCTION app.import_amount_token(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT regexp_replace(regexp_replace(coalesce(p, ''), '^\s*(Rp\.?|IDR)', '', 'i'), '[\s\u00a0]', '', 'g') $$;
COMMENT ON FUNCTION app.import_amount_token(text) IS 'An amount cell without an Rp/IDR prefix and without blanks (1 500 000 → 1500000).';

CREATE FUNCTION app.import_parse_number(s text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    -- 1500000 · 1500000.00 · 1500000,50 (at most two decimals, so 1.500 is never 1.5)
    WHEN s ~ '^-?\d{1,20}([.,]\d{1,2})?$' THEN replace(s, ',', '.')::numeric
    -- Indonesian grouping: 1.500.000 · 1.500.000,00
    WHEN s ~ '^-?\d{1,3}(\.\d{3}){1,6}(,\d{1,2})?$' THEN replace(replace(s, '.', ''), ',', '.')::numeric
    -- International grouping: 1,500,000 · 1,500,000.00
    WHEN s ~ '^-?\d{1,3}(,\d{3}){1,6}(\.\d{1,2})?$' THEN replace(s, ',', '')::numeric
  END
$$;

CREATE FUNCTION app.import_parse_amount(p text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT app.import_parse_number(app.import_amount_token(p)) $$;
COMMENT ON FUNCTION app.import_parse_amount(text) IS
  'Import amounts of domain.md: 1500000, 1500000.00, Indonesian 1.500.000,00 (also 1.500.000, 1500000,50, 1,500,000.00, an Rp prefix, blanks). At most two decimals. NULL when not a number; a minus sign is kept so the caller can say "must be greater than 0". Never raises.';

CREATE FUNCTION app.import_token(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT nullif(lower(regexp_replace(btrim(coalesce(p, '')), '[\s-]+', '_', 'g')), '') $$;
COMMENT ON FUNCTION app.import_token(text) IS 'A choice written by people (Social Media, e-mail campaign …) as the snake_case token the database uses.';

CREATE FUNCTION app.import_npwp(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN length(regexp_replace(coalesce(p, ''), '\D', '', 'g')) IN (15, 16) THEN app.normalize_npwp(p) END $$;
COMMENT ON FUNCTION app.import_npwp(text) IS 'app.normalize_npwp() that returns NULL instead of raising for a wrong number of digits.';

CREATE FUNCTION app.import_date_error(p_column text, p_raw text, p_value date, p_required boolean DEFAULT true) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN nullif(btrim(p_raw), '') IS NULL THEN CASE WHEN p_required THEN p_column || ': is required' END
    WHEN p_value IS NULL THEN p_column || ': must be a date (YYYY-MM-DD or DD/MM/YYYY)'
  END
$$;

CREATE FUNCTION app.import_amount_error(p_column text, p_raw text, p_value numeric, p_allow_zero boolean DEFAULT false) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN nullif(btrim(p_raw), '') IS NULL THEN p_column || ': is required'
    WHEN p_value IS NULL THEN p_column || ': must be a number such as 1500000, 1500000.00 or 1.500.000,00'
    WHEN p_allow_zero AND p_value < 0 THEN p_column || ': must be 0 or more'
    WHEN NOT p_allow_zero AND p_value <= 0 THEN p_column || ': must be greater than 0'
    WHEN p_value >= 1e16 THEN p_column || ': is too large'
  END
$$;
COMMENT ON FUNCTION app.import_amount_error(text, text, numeric, boolean) IS
  'The per-row error of an amount cell ("column: reason"), NULL when fine. Shared by every processor.';

CREATE FUNCTION app.import_length_error(p_column text, p_value text, p_max integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN length(p_value) > p_max THEN format('%s: is longer than %s characters', p_column, p_max) END $$;

CREATE FUNCTION app.import_error_text(p_sqlstate text, p_message text, p_detail text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_errors text;
BEGIN
  -- Our own errors carry {"errors":[{field, message}]}: exactly "column: reason".
  IF p_detail ~ '^\s*\{' THEN
    BEGIN
      SELECT string_agg((e ->> 'field') || ': ' || (e ->> 'message'), '; ')
        INTO v_errors FROM jsonb_array_elements(p_detail::jsonb -> 'errors') e;
    EXCEPTION WHEN others THEN v_errors := NULL;
    END;
    IF v_errors IS NOT NULL THEN RETURN v_errors; END IF;
  END IF;
  IF p_sqlstate LIKE 'BC%' THEN RETURN p_message; END IF;
  -- Anything else: a reason without SQL or constraint names.
  RETURN CASE
    WHEN p_sqlstate = '23505' THEN 'row: a record with the same identifying value already exists'
    WHEN p_sqlstate = '23503' THEN 'row: refers to a record that does not exist'
    WHEN p_sqlstate IN ('23514', '23502') OR p_sqlstate LIKE '22%' THEN 'row: a value is missing, malformed or out of range'
    ELSE 'row: could not be saved (' || p_sqlstate || ')'
  END;
END $$;
COMMENT ON FUNCTION app.import_error_text(text, text, text) IS
  'A caught error as a row''s error_message: the field errors of our BC errors ("email: is not a valid email address"), else the user-facing message, else a generic reason (never SQL or constraint names).';

CREATE FUNCTION app.import_error_is_fatal(p_sqlstate text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT p_sqlstate ~ '^(40|53|54|57|58|XX)' OR p_sqlstate IN ('BC401', 'BC403') $$;
COMMENT ON FUNCTION app.import_error_is_fatal(text) IS
  'Errors that are not about the row: deadlocks and serialization failures (40), resources (53, 54), cancellation and timeouts (57), system errors, the importer''s rights. They fail the whole batch (it rolls back and the worker runs it again) instead of becoming a row error.';

-- The natural key of a row within its module; rows of one file that share
-- one are duplicates of the first (finish_staging marks them once per file).
CREATE FUNCTION app.import_natural_key(p_module text, d jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE p_module
    WHEN 'invoices' THEN app.import_text(d, 'invoice_number')
    WHEN 'payments' THEN app.import_text(d, 'invoice_number') || E'\x1f' || app.import_text(d, 'reference')
    -- (a date as its day number: date::text depends on DateStyle, which would stop this being inlined)
    WHEN 'kpi_entries' THEN upper(app.import_text(d, 'metric_key')) || E'\x1f' || lower(app.import_text(d, 'assignee_email'))
                            || E'\x1f' || (app.import_parse_date(d ->> 'entry_date') - DATE '2000-01-01')::text
    WHEN 'marketing_spend' THEN app.import_token(d ->> 'channel') || E'\x1f' || (app.import_parse_date(d ->> 'spend_date') - DATE '2000-01-01')::text
                                || E'\x1f' || app.import_parse_amount(d ->> 'amount')::text || E'\x1f' || coalesce(app.import_text(d, 'notes'), '')
  END
$$;
COMMENT ON FUNCTION app.import_natural_key(text, jsonb) IS
  'Natural key of a staged row: invoices invoice_number; payments (invoice_number, reference); kpi_entries (metric, assignee, date); marketing_spend (channel, date, amount, notes); none for leads and customers (their dedup is the customer identity). NULL when a part is missing.';

GRANT EXECUTE ON FUNCTION app.import_module_allowed(text, app.user_role), app.import_stall_after(),
  app.import_parse_date(text), app.import_parse_amount(text) TO authenticated;

-- --------------------------------------------------------------- templates ---
CREATE FUNCTION app.import_template(p_module text)
RETURNS TABLE (column_name text, required_group text, example text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT t.column_name, t.required_group, t.example
    FROM (VALUES
      ('leads', 1, 'company_name', 'company_name', 'PT Maju Jaya Logistik'),
      ('leads', 2, 'contact_name', 'contact_name', 'Budi Santoso'),
      ('leads', 3, 'email', NULL, 'budi@majujaya.co.id'),
      ('leads', 4, 'phone', NULL, '0812-3456-7890'),
      ('leads', 5, 'npwp', NULL, '01.234.567.8-901.000'),
      ('leads', 6, 'source_channel', 'source_channel', 'website'),
      ('leads', 7, 'notes', NULL, 'Butuh tarif rutin Jakarta–Surabaya'),
      ('customers', 1, 'company_name', 'company_name', 'PT Maju Jaya Logistik'),
      ('customers', 2, 'npwp', NULL, '01.234.567.8-901.000'),
      ('customers', 3, 'email', NULL, 'finance@majujaya.co.id'),
      ('customers', 4, 'phone', NULL, '021-5551234'),
      ('customers', 5, 'address', NULL, 'Jl. Gatot Subroto No. 1'),
      ('customers', 6, 'city', NULL, 'Jakarta'),
      ('customers', 7, 'industry', NULL, 'Manufaktur'),
      ('invoices', 1, 'invoice_number', 'invoice_number', 'INV/2026/01/0001'),
      ('invoices', 2, 'customer_id', 'customer', 'CU-2026-000001'),
      ('invoices', 3, 'customer_npwp', 'customer', ''),
      ('invoices', 4, 'invoice_date', 'invoice_date', '2026-01-15'),
      ('invoices', 5, 'due_date', 'due_date', '14/02/2026'),
      ('invoices', 6, 'amount', 'amount', '1.500.000,00'),
      ('invoices', 7, 'currency', NULL, 'IDR'),
      ('invoices', 8, 'notes', NULL, 'Jasa freight forwarding'),
      ('payments', 1, 'invoice_number', 'invoice_number', 'INV/2026/01/0001'),
      ('payments', 2, 'payment_date', 'payment_date', '2026-02-10'),
      ('payments', 3, 'amount', 'amount', '1500000.00'),
      ('payments', 4, 'method', NULL, 'transfer'),
      ('payments', 5, 'reference', 'reference', 'TRF-20260210-001'),
      ('kpi_entries', 1, 'metric_key', 'metric_key', 'MKT_WEBSITE_VISITS'),
      ('kpi_entries', 2, 'assignee_email', 'assignee_email', 'nama@perusahaan.co.id'),
      ('kpi_entries', 3, 'entry_date', 'entry_date', '2026-01-31'),
      ('kpi_entries', 4, 'value', 'value', '1250'),
      ('kpi_entries', 5, 'notes', NULL, 'Google Analytics, Januari'),
      ('marketing_spend', 1, 'channel', 'channel', 'social_media'),
      ('marketing_spend', 2, 'spend_date', 'spend_date', '2026-01-31'),
      ('marketing_spend', 3, 'amount', 'amount', '2.500.000'),
      ('marketing_spend', 4, 'notes', NULL, 'Iklan Instagram Januari')
    ) AS t(module, pos, column_name, required_group, example)
   WHERE t.module = p_module
   ORDER BY t.pos
$$;
COMMENT ON FUNCTION app.import_template(text) IS
  'The template of an import module (domain.md): its columns in order, the required group of each (NULL = optional; columns sharing a group are alternatives, e.g. customer_id or customer_npwp) and an example value. Anyone may read it.';

CREATE FUNCTION app.import_check_columns(p_module text, p_columns text[]) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_errors jsonb := '[]'::jsonb;
  g        record;
  c        text;
BEGIN
  IF auth.uid() IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  IF p_module IS NULL OR NOT EXISTS (SELECT 1 FROM app.import_template(p_module)) THEN
    PERFORM app.raise_error('BC422', 'Unknown import module',
      '{"errors":[{"field":"module","message":"must be one of leads, customers, invoices, payments, kpi_entries, marketing_spend"}]}');
  END IF;
  IF NOT app.import_module_allowed(p_module, app.current_role()) THEN
    PERFORM app.raise_error('BC403', format('Your role may not import %s', p_module));
  END IF;
  FOR g IN SELECT t.required_group, array_agg(t.column_name) AS cols
             FROM app.import_template(p_module) t WHERE t.required_group IS NOT NULL
            GROUP BY t.required_group ORDER BY min(t.column_name) LOOP
    IF NOT (g.cols && coalesce(p_columns, '{}')) THEN
      v_errors := v_errors || jsonb_build_object('field', g.cols[1], 'message',
        CASE WHEN cardinality(g.cols) = 1 THEN 'required column is missing'
             ELSE 'required column is missing (one of ' || array_to_string(g.cols, ', ') || ')' END);
    END IF;
  END LOOP;
  FOR c IN SELECT x FROM unnest(p_columns) WITH ORDINALITY u(x, i)
            WHERE x NOT IN (SELECT t.column_name FROM app.import_template(p_module) t) ORDER BY i LOOP
    v_errors := v_errors || jsonb_build_object('field', c, 'message', format('is not a column of the %s template', p_module));
  END LOOP;
  FOR c IN SELECT x FROM unnest(p_columns) x GROUP BY x HAVING count(*) > 1 ORDER BY x LOOP
    v_errors := v_errors || jsonb_build_object('field', c, 'message', 'appears more than once');
  END LOOP;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422',
      format('The columns of the file do not match the %s template: %s', p_module,
             (SELECT string_agg((e ->> 'field') || ' ' || (e ->> 'message'), '; ') FROM jsonb_array_elements(v_errors) e)),
      jsonb_build_object('errors', v_errors));
  END IF;
END $$;
COMMENT ON FUNCTION app.import_check_columns(text, text[]) IS
  'Refuses a file before anything is stored: unknown module (BC422), a module the caller may not import (BC403), and header problems (BC422 naming each missing required column, unknown column and repeated column). Any signed-in user may call it.';

GRANT EXECUTE ON FUNCTION app.import_template(text), app.import_check_columns(text, text[]) TO authenticated;

-- ------------------------------------------------------- natural-key guards ---
-- Imported rows of target tables without a unique natural key of their own.
-- Only rows written by an import are constrained: manual entries keep their
-- own rules. The processors insert with ON CONFLICT on these, so two
-- concurrent imports of the same data never both land.
CREATE UNIQUE INDEX kpi_entries_imported_key ON app.kpi_entries (metric_key, assignee_user_id, entry_date)
  WHERE source = 'IMPORTED';
CREATE UNIQUE INDEX marketing_spend_imported_key ON app.marketing_spend (channel, spend_date, amount, md5(coalesce(notes, '')))
  WHERE import_id IS NOT NULL;

-- ---------------------------------------------------------------- staging ---
CREATE TRIGGER imports_id BEFORE INSERT ON app.imports FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('import_id', 'IM');
CREATE TRIGGER imports_touch BEFORE UPDATE ON app.imports FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE FUNCTION app.import_create(p_module text, p_file_sha256 text, p_file_name text, p_file_format text, p_columns text[])
RETURNS TABLE (import_id text, created boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id text;
BEGIN
  IF auth.uid() IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  PERFORM app.import_check_columns(p_module, p_columns);
  IF p_file_format IS NULL OR p_file_format NOT IN ('csv', 'xlsx') OR p_file_sha256 IS NULL OR p_file_sha256 !~ '^[0-9a-f]{64}$' THEN
    PERFORM app.raise_error('BC422', 'The file must be a CSV or XLSX file', '{"errors":[{"field":"file","message":"must be a CSV or XLSX file"}]}');
  END IF;
  INSERT INTO app.imports AS i (module, file_sha256, file_name, file_format, columns, created_by)
  VALUES (p_module, p_file_sha256, left(p_file_name, 255), p_file_format, coalesce(p_columns, '{}'), auth.uid())
  ON CONFLICT ON CONSTRAINT imports_same_file_key DO NOTHING
  RETURNING i.import_id INTO v_id;
  IF v_id IS NOT NULL THEN
    RETURN QUERY SELECT v_id, true;
    RETURN;
  END IF;
  SELECT i.import_id INTO v_id FROM app.imports i
   WHERE i.created_by = auth.uid() AND i.module = p_module AND i.file_sha256 = p_file_sha256;
  RETURN QUERY SELECT v_id, false;
END $$;
ALTER FUNCTION app.import_create(text, text, text, text, text[]) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_create(text, text, text, text, text[]) IS
  'First step of an upload (POST /api/imports): the module gate and the header check (app.import_check_columns), then a new UPLOADED import — or, when the caller already uploaded this file (sha256) for this module, the existing one (created = false; race-safe through the unique key). Callers: any signed-in user allowed the module.';

CREATE FUNCTION app.import_stage_rows(p_import_id text, p_rows text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_module text;
  v_n      integer;
BEGIN
  SELECT i.module INTO v_module FROM app.imports i
   WHERE i.import_id = p_import_id AND i.created_by = auth.uid() AND i.status = 'UPLOADED';
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Import not found or no longer accepting rows');
  END IF;
  -- One line per row, "<row number>TAB<JSON object>" (JSON text never holds a raw newline):
  -- parsed line by line, which is far cheaper than one big JSON array.
  INSERT INTO app.import_rows (import_id, row_number, row_data, created_by, module)
  SELECT p_import_id, split_part(x, E'\t', 1)::integer, substr(x, strpos(x, E'\t') + 1)::jsonb, auth.uid(), v_module
    FROM string_to_table(p_rows, E'\n') AS x
   WHERE x <> '';
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END $$;
ALTER FUNCTION app.import_stage_rows(text, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_stage_rows(text, text) IS
  'Stages a batch of parsed rows (one line per row: row number, TAB, a JSON object column → text) into the caller''s own UPLOADED import in one INSERT. The API sends thousands of rows per call, never one round trip per row.';

CREATE FUNCTION app.import_finish_staging(p_import_id text, p_file_object_id uuid)
RETURNS app.imports
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp app.imports;
  d     record;
BEGIN
  SELECT * INTO v_imp FROM app.imports i
   WHERE i.import_id = p_import_id AND i.created_by = auth.uid() AND i.status = 'UPLOADED' FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Import not found or already staged');
  END IF;
  IF p_file_object_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM app.storage_objects o
        WHERE o.object_id = p_file_object_id AND o.uploaded_by = auth.uid() AND o.bucket = 'import-files') THEN
    PERFORM app.raise_error('BC422', 'The import file must be your own upload to import-files',
      '{"errors":[{"field":"file","message":"must be your own upload to import-files"}]}');
  END IF;
  -- Duplicates within the file, once for the whole file: every row after the
  -- first with the same natural key points at that first row.
  -- (Duplicates are few: one keyed UPDATE each, whatever the statistics say.)
  FOR d IN SELECT x.row_number, x.first_row
             FROM (SELECT y.row_number, min(y.row_number) OVER (PARTITION BY y.k) AS first_row
                     FROM (SELECT ir.row_number, app.import_natural_key(v_imp.module, ir.row_data) AS k
                             FROM app.import_rows ir WHERE ir.import_id = p_import_id) y
                    WHERE y.k IS NOT NULL) x
            WHERE x.first_row < x.row_number LOOP
    UPDATE app.import_rows r SET dup_of = d.first_row WHERE r.import_id = p_import_id AND r.row_number = d.row_number;
  END LOOP;
  UPDATE app.storage_objects o SET owner_table = 'imports', owner_id = p_import_id
   WHERE o.object_id = p_file_object_id;
  UPDATE app.imports i
     SET status = 'STAGED', file_object_id = p_file_object_id,
         (total_rows, last_row_number) = (SELECT count(*), coalesce(max(r.row_number), 0) FROM app.import_rows r WHERE r.import_id = p_import_id)
   WHERE i.import_id = p_import_id
  RETURNING * INTO v_imp;
  IF v_imp.total_rows = 0 THEN
    PERFORM app.raise_error('BC422', 'The file has no data rows', '{"errors":[{"field":"file","message":"has no data rows"}]}');
  END IF;
  RETURN v_imp;
END $$;
ALTER FUNCTION app.import_finish_staging(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_finish_staging(text, uuid) IS
  'Last step of an upload: links the stored file, marks rows that repeat an earlier row''s natural key (dup_of), counts the rows and moves the caller''s import to STAGED. An import without rows is refused (BC422).';

GRANT EXECUTE ON FUNCTION app.import_create(text, text, text, text, text[]), app.import_stage_rows(text, text),
  app.import_finish_staging(text, uuid) TO authenticated;

-- ------------------------------------------------------- requesting a run ---
CREATE FUNCTION app.import_request_processing(p_import_id text)
RETURNS app.imports
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role  app.user_role := app.current_role();
  v_imp   app.imports;
  v_owner app.profiles;
BEGIN
  IF v_role IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  -- NO KEY UPDATE: batches in flight (KEY SHARE) are not waited for; the
  -- superseded run's batches roll back when they try to record their outcome.
  SELECT * INTO v_imp FROM app.imports i WHERE i.import_id = p_import_id FOR NO KEY UPDATE;
  IF NOT FOUND OR NOT (v_imp.created_by = auth.uid() OR v_role IN ('super_admin', 'director')
                       OR (v_role = 'finance' AND v_imp.module IN ('invoices', 'payments', 'customers'))) THEN
    PERFORM app.raise_error('BC404', 'Import not found');
  END IF;
  IF v_imp.created_by <> auth.uid() AND v_role <> 'super_admin' THEN
    PERFORM app.raise_error('BC403', 'Only the person who uploaded the file, or an administrator, may process it');
  END IF;
  SELECT * INTO v_owner FROM app.profiles p WHERE p.user_id = v_imp.created_by;
  IF NOT v_owner.is_active OR NOT app.import_module_allowed(v_imp.module, v_owner.role) THEN
    PERFORM app.raise_error('BC403', format('The importer''s role may not import %s', v_imp.module));
  END IF;
  IF v_imp.status = 'UPLOADED'
     OR (v_imp.status = 'PROCESSING' AND v_imp.heartbeat_at > now() - app.import_stall_after()) THEN
    PERFORM app.raise_error('BC409',
      CASE WHEN v_imp.status = 'UPLOADED' THEN 'The file is still being staged'
           ELSE 'This import is already being processed' END,
      '{"allowed":["STAGED","COMPLETED","COMPLETED_WITH_ERRORS","FAILED"]}');
  END IF;
  UPDATE app.imports i
     SET status = 'PROCESSING', run_token = gen_random_uuid(), run_count = i.run_count + 1, progress_rows = 0,
         heartbeat_at = now(), started_at = now(), last_error = NULL
   WHERE i.import_id = p_import_id
  RETURNING * INTO v_imp;
  -- Same transaction: the job exists exactly when the import says PROCESSING.
  -- The job key replaces a job of this import that has not started yet; a
  -- job already running stops at its next batch (its run_token is stale).
  PERFORM graphile_worker.add_job(
    'process_import',
    json_build_object(
      'import_id', v_imp.import_id,
      'run_token', v_imp.run_token,
      'claims', json_build_object('sub', v_owner.user_id, 'role', 'authenticated', 'app_role', v_owner.role,
                                  'dept_code', v_owner.dept_code, 'via', 'worker')),
    max_attempts => 3,
    job_key => 'import:' || v_imp.import_id);
  RETURN v_imp;
END $$;
ALTER FUNCTION app.import_request_processing(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_request_processing(text) IS
  'POST /api/imports/{id}/process: the importer (or super_admin) starts a run — first processing or a retry. Allowed from STAGED, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, or a stalled PROCESSING (else BC409 with the allowed states); marks the import PROCESSING with a new run token and enqueues the graphile-worker job in the same transaction. The job carries the importer''s claims: the worker runs as the importer.';
GRANT EXECUTE ON FUNCTION app.import_request_processing(text) TO authenticated;

-- ------------------------------------------------------------- batch frame ---
-- A run is processed in batches (one transaction each). Batches of one run
-- may run side by side (the worker uses two lanes: PostgreSQL does the work,
-- on every core): each holds only a KEY SHARE lock on the import while it
-- works, and the exclusive row lock from the moment it records its outcome
-- to its commit, after checking that its run is still the current one.
CREATE FUNCTION app.import_begin_batch(p_import_id text, p_module text)
RETURNS app.imports
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp app.imports;
BEGIN
  SELECT * INTO v_imp FROM app.imports i WHERE i.import_id = p_import_id FOR KEY SHARE;
  IF NOT FOUND OR auth.uid() IS NULL OR v_imp.created_by <> auth.uid() THEN
    PERFORM app.raise_error('BC404', 'Import not found');
  END IF;
  IF v_imp.module <> p_module THEN
    PERFORM app.raise_error('BC422', format('Import %s is a %s import, not %s', p_import_id, v_imp.module, p_module));
  END IF;
  IF NOT app.import_module_allowed(v_imp.module, app.current_role()) THEN
    PERFORM app.raise_error('BC403', format('Your role may not import %s', v_imp.module));
  END IF;
  IF v_imp.status = 'UPLOADED' THEN
    PERFORM app.raise_error('BC409', 'The file is still being staged', '{"allowed":["STAGED","COMPLETED","COMPLETED_WITH_ERRORS","FAILED"]}');
  END IF;
  IF v_imp.status <> 'PROCESSING' THEN
    -- Called directly (not through a requested run): this call is the run.
    UPDATE app.imports i
       SET status = 'PROCESSING', run_token = gen_random_uuid(), run_count = i.run_count + 1, progress_rows = 0,
           heartbeat_at = now(), started_at = now(), last_error = NULL
     WHERE i.import_id = p_import_id AND i.status <> 'PROCESSING'
    RETURNING * INTO v_imp;
    IF NOT FOUND THEN
      PERFORM app.raise_error('BC409', 'This import is already being processed', '{"allowed":["STAGED","COMPLETED","COMPLETED_WITH_ERRORS","FAILED"]}');
    END IF;
  END IF;
  RETURN v_imp;
END $$;
ALTER FUNCTION app.import_begin_batch(text, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_begin_batch(text, text) IS
  'Guard of every processor: re-checks that the caller is the importer and that their current role still allows the module, refuses an unstaged import, and returns the import with the run the batch belongs to. Internal (processors only).';

CREATE FUNCTION app.import_settle(p_import_id text)
RETURNS app.imports
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ok      integer;
  v_err     integer;
  v_pending integer;
  v_imp     app.imports;
BEGIN
  -- The counters are derived from the rows: recount them exactly.
  SELECT count(*) FILTER (WHERE r.status = 'OK'), count(*) FILTER (WHERE r.status = 'ERROR'),
         count(*) FILTER (WHERE r.status = 'PENDING')
    INTO v_ok, v_err, v_pending
    FROM app.import_rows r WHERE r.import_id = p_import_id;
  UPDATE app.imports i
     SET success_rows = v_ok, error_rows = v_err, progress_rows = i.total_rows, heartbeat_at = now(), processed_at = now(),
         status = CASE WHEN v_pending > 0 THEN 'FAILED' WHEN v_err = 0 THEN 'COMPLETED' ELSE 'COMPLETED_WITH_ERRORS' END,
         last_error = CASE WHEN v_pending > 0 THEN format('%s rows were not processed; process the import again', v_pending) END
   WHERE i.import_id = p_import_id
  RETURNING * INTO v_imp;
  RETURN v_imp;
END $$;
ALTER FUNCTION app.import_settle(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_settle(text) IS
  'End of a run: recounts success_rows/error_rows from import_rows and settles COMPLETED, COMPLETED_WITH_ERRORS, or FAILED when rows are left unprocessed. Internal.';

CREATE FUNCTION app.import_end_batch(p_import_id text, p_run_token uuid, p_from integer, p_to integer, p_rows integer[], p_old text[],
                                     p_errors text[], p_targets text[], p_notes text[])
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ok       integer;
  v_err_new  integer;
  v_fixed    integer;
  v_imp      app.imports;
BEGIN
  WITH res AS (
    SELECT * FROM unnest(p_rows, p_old, p_errors, p_targets, p_notes) AS u(row_number, old_status, error, target_id, note)
  ), upd AS (
    UPDATE app.import_rows r
       SET status = CASE WHEN res.error IS NULL THEN 'OK' ELSE 'ERROR' END,
           error_message = left(res.error, 2000), target_id = res.target_id, note = left(res.note, 500),
           attempts = least(r.attempts + 1, 32767), processed_at = now()
      FROM res
     WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to AND r.row_number = res.row_number
    RETURNING res.old_status, r.status
  )
  SELECT count(*) FILTER (WHERE upd.status = 'OK'),
         count(*) FILTER (WHERE upd.status = 'ERROR' AND upd.old_status = 'PENDING'),
         count(*) FILTER (WHERE upd.status = 'OK' AND upd.old_status = 'ERROR')
    INTO v_ok, v_err_new, v_fixed
    FROM upd;
  -- From here to commit the import row is ours: a run superseded meanwhile
  -- (a newer token) leaves no trace of this batch.
  UPDATE app.imports i
     SET success_rows = i.success_rows + v_ok,
         error_rows = i.error_rows + v_err_new - v_fixed,
         progress_rows = least(i.total_rows, i.progress_rows
                               + (SELECT count(*) FROM app.import_rows r
                                   WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to)::integer),
         heartbeat_at = now()
   WHERE i.import_id = p_import_id AND i.status = 'PROCESSING' AND i.run_token = p_run_token
  RETURNING * INTO v_imp;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC409', 'This run of the import was superseded by a newer one');
  END IF;
  IF p_from <= 2 AND p_to >= v_imp.last_row_number THEN
    -- The whole file in one call (a direct call): the run ends here.
    v_imp := app.import_settle(p_import_id);
  END IF;
  RETURN jsonb_build_object('import_id', v_imp.import_id, 'status', v_imp.status, 'total_rows', v_imp.total_rows,
                            'success_rows', v_imp.success_rows, 'error_rows', v_imp.error_rows,
                            'progress_rows', v_imp.progress_rows, 'batch_rows', coalesce(array_length(p_rows, 1), 0));
END $$;
ALTER FUNCTION app.import_end_batch(text, uuid, integer, integer, integer[], text[], text[], text[], text[]) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_end_batch(text, uuid, integer, integer, integer[], text[], text[], text[], text[]) IS
  'Records a batch''s outcome per row (error NULL → OK with target_id, else ERROR with the message) and moves the counters by exactly what changed (new OK rows, new ERROR rows, ERROR rows now OK) — only while the batch''s run is still current (BC409 otherwise: the batch rolls back). A call covering the whole file settles the run. Internal.';

-- ================================================================ invoices ===
CREATE FUNCTION app.import_validate_invoices(p_import_id text, p_from integer, p_to integer)
RETURNS TABLE (row_number integer, old_status text, invoice_number text, customer_id text, invoice_date date,
               due_date date, amount numeric, currency text, notes text, errs text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH src AS MATERIALIZED (
    SELECT r.row_number, r.status AS old_status, r.dup_of, r.row_data AS d,
           app.import_text(r.row_data, 'invoice_number') AS invoice_number,
           app.import_text(r.row_data, 'customer_id') AS cust_raw,
           app.import_text(r.row_data, 'customer_npwp') AS npwp_raw,
           app.import_parse_date(r.row_data ->> 'invoice_date') AS invoice_date,
           app.import_parse_date(r.row_data ->> 'due_date') AS due_date,
           app.import_parse_amount(r.row_data ->> 'amount') AS amount,
           upper(coalesce(app.import_text(r.row_data, 'currency'), 'IDR')) AS currency,
           app.import_text(r.row_data, 'notes') AS notes
      FROM app.import_rows r
     WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to AND r.status <> 'OK'
  ), c AS MATERIALIZED (
    SELECT s.*,
           (SELECT cu.customer_id FROM app.customers cu WHERE cu.customer_id = s.cust_raw) AS by_id,
           (SELECT cu.customer_id FROM app.customers cu WHERE cu.npwp_norm = app.import_npwp(s.npwp_raw)) AS by_npwp,
           EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_number = s.invoice_number) AS known
      FROM src s
  )
  SELECT c.row_number, c.old_status, c.invoice_number, coalesce(c.by_id, c.by_npwp), c.invoice_date, c.due_date,
         c.amount, c.currency, c.notes,
         array_remove(ARRAY[
           c.d ->> '_parse_error',
           CASE WHEN c.invoice_number IS NULL THEN 'invoice_number: is required'
                WHEN length(c.invoice_number) > 64 THEN 'invoice_number: is longer than 64 characters'
                WHEN c.dup_of IS NOT NULL THEN format('invoice_number: duplicate of row %s in this file', c.dup_of)
                WHEN c.known THEN 'invoice_number: is already recorded' END,
           CASE WHEN c.cust_raw IS NULL AND c.npwp_raw IS NULL THEN 'customer_id: customer_id or customer_npwp is required'
                WHEN c.cust_raw IS NOT NULL AND c.by_id IS NULL THEN 'customer_id: unknown customer'
                WHEN c.npwp_raw IS NOT NULL AND app.import_npwp(c.npwp_raw) IS NULL THEN 'customer_npwp: must have 15 or 16 digits'
                WHEN c.cust_raw IS NULL AND c.by_npwp IS NULL THEN 'customer_npwp: no customer has this NPWP'
                WHEN c.cust_raw IS NOT NULL AND c.npwp_raw IS NOT NULL AND c.by_npwp IS DISTINCT FROM c.by_id
                  THEN 'customer_npwp: does not match customer_id' END,
           coalesce(app.import_date_error('invoice_date', c.d ->> 'invoice_date', c.invoice_date),
                    CASE WHEN c.invoice_date > app.today_jakarta() THEN 'invoice_date: cannot be in the future' END),
           coalesce(app.import_date_error('due_date', c.d ->> 'due_date', c.due_date),
                    CASE WHEN c.due_date < c.invoice_date THEN 'due_date: must be on or after the invoice date' END),
           app.import_amount_error('amount', c.d ->> 'amount', c.amount),
           CASE WHEN c.currency <> 'IDR' THEN 'currency: only IDR is supported' END,
           app.import_length_error('notes', c.notes, 2000)
         ]::text[], NULL)
    FROM c
$$;
COMMENT ON FUNCTION app.import_validate_invoices(text, integer, integer) IS
  'Every not-yet-OK row of an invoices batch, typed, with all its errors ("column: reason"): required fields, dates, amount > 0, IDR only, customer by customer_id or NPWP, invoice_number neither repeated in the file nor already recorded. Internal.';

CREATE FUNCTION app.process_import_invoices(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'invoices');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[]; a_old text[]; a_err text[]; a_target text[]; a_note text[];
  r         record;
  v_id      text;
  v_state   text; v_msg text; v_detail text;
BEGIN
  BEGIN
    -- Set-based: validate and insert the whole batch in one statement.
    WITH v AS (
      SELECT * FROM app.import_validate_invoices(p_import_id, p_from, v_to)
    ), ins AS (
      INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, currency, notes, import_id)
      SELECT v.invoice_number, v.customer_id, v.invoice_date, v.due_date, v.amount, v.currency, v.notes, p_import_id
        FROM v WHERE cardinality(v.errs) = 0 ORDER BY v.row_number
      ON CONFLICT (invoice_number) DO NOTHING
      RETURNING invoices.invoice_id, invoices.invoice_number
    )
    SELECT array_agg(v.row_number), array_agg(v.old_status),
           array_agg(CASE WHEN cardinality(v.errs) > 0 THEN array_to_string(v.errs, '; ')
                          WHEN ins.invoice_id IS NULL THEN 'invoice_number: is already recorded' END),
           array_agg(ins.invoice_id), array_agg(NULL::text)
      INTO a_rows, a_old, a_err, a_target, a_note
      FROM v LEFT JOIN ins ON cardinality(v.errs) = 0 AND ins.invoice_number = v.invoice_number;
  EXCEPTION WHEN others THEN
    -- Something only the target's own rules caught: redo this batch one row
    -- at a time (a deadlock or timeout fails the batch instead: it is retried).
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
    a_rows := '{}'; a_old := '{}'; a_err := '{}'; a_target := '{}'; a_note := '{}';
    FOR r IN SELECT * FROM app.import_validate_invoices(p_import_id, p_from, v_to) v ORDER BY v.row_number LOOP
      v_id := NULL; v_msg := NULL;
      IF cardinality(r.errs) > 0 THEN
        v_msg := array_to_string(r.errs, '; ');
      ELSE
        BEGIN
          INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, currency, notes, import_id)
          VALUES (r.invoice_number, r.customer_id, r.invoice_date, r.due_date, r.amount, r.currency, r.notes, p_import_id)
          RETURNING invoice_id INTO v_id;
        EXCEPTION WHEN others THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
          IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
          v_msg := app.import_error_text(v_state, v_msg, v_detail);
        END;
      END IF;
      a_rows := a_rows || r.row_number; a_old := a_old || r.old_status; a_err := a_err || v_msg;
      a_target := a_target || v_id; a_note := a_note || NULL::text;
    END LOOP;
  END;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, coalesce(a_rows, '{}'), coalesce(a_old, '{}'), coalesce(a_err, '{}'),
                              coalesce(a_target, '{}'), coalesce(a_note, '{}'));
END $$;
ALTER FUNCTION app.process_import_invoices(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_invoices(text, integer, integer) IS
  'Processes the not-yet-OK rows p_from..p_to (default: all) of the caller''s invoices import: validates set-based, inserts the valid rows in one statement (natural key invoice_number, ON CONFLICT DO NOTHING), records every row''s outcome and updates counters/status. Finance and super_admin, as the importer.';

-- ================================================================ payments ===
CREATE FUNCTION app.import_validate_payments(p_import_id text, p_from integer, p_to integer)
RETURNS TABLE (row_number integer, old_status text, invoice_id text, payment_date date, amount numeric,
               method text, reference text, errs text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH RECURSIVE src AS MATERIALIZED (
    SELECT r.row_number, r.status AS old_status, r.dup_of, r.row_data AS d,
           app.import_text(r.row_data, 'invoice_number') AS invoice_number,
           app.import_parse_date(r.row_data ->> 'payment_date') AS payment_date,
           app.import_parse_amount(r.row_data ->> 'amount') AS amount,
           coalesce(app.import_token(r.row_data ->> 'method'), 'transfer') AS method,
           app.import_text(r.row_data, 'reference') AS reference
      FROM app.import_rows r
     WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to AND r.status <> 'OK'
  ), c AS MATERIALIZED (
    SELECT s.*, i.invoice_id, i.invoice_date, i.amount AS invoice_amount,
           i.amount - coalesce((SELECT sum(p.amount) FROM app.payments p WHERE p.invoice_id = i.invoice_id), 0) AS outstanding,
           EXISTS (SELECT 1 FROM app.payments p WHERE p.invoice_id = i.invoice_id AND p.reference = s.reference) AS known
      FROM src s LEFT JOIN app.invoices i ON i.invoice_number = s.invoice_number
  ), v AS MATERIALIZED (
    SELECT c.*,
           array_remove(ARRAY[
             c.d ->> '_parse_error',
             CASE WHEN c.invoice_number IS NULL THEN 'invoice_number: is required'
                  WHEN c.invoice_id IS NULL THEN 'invoice_number: unknown invoice' END,
             coalesce(app.import_date_error('payment_date', c.d ->> 'payment_date', c.payment_date),
                      CASE WHEN c.payment_date > app.today_jakarta() THEN 'payment_date: cannot be in the future'
                           WHEN c.payment_date < c.invoice_date THEN 'payment_date: is before the invoice date' END),
             app.import_amount_error('amount', c.d ->> 'amount', c.amount),
             CASE WHEN c.method NOT IN ('transfer', 'cash', 'giro', 'offset', 'other') THEN 'method: must be transfer, cash, giro, offset or other' END,
             CASE WHEN c.reference IS NULL THEN 'reference: is required'
                  WHEN length(c.reference) > 100 THEN 'reference: is longer than 100 characters'
                  WHEN c.dup_of IS NOT NULL THEN format('reference: duplicate of row %s in this file (same invoice and reference)', c.dup_of)
                  WHEN c.known THEN 'reference: is already recorded for this invoice' END
           ]::text[], NULL) AS errs0
      FROM c
  ), cand AS (
    -- Valid payments per invoice in file order: each is accepted while it fits
    -- into what is still outstanding (the payments trigger's rule, applied
    -- to the batch as a whole so the insert never trips it).
    SELECT v.row_number, v.invoice_id, v.amount, v.outstanding,
           row_number() OVER (PARTITION BY v.invoice_id ORDER BY v.row_number) AS rn
      FROM v WHERE cardinality(v.errs0) = 0
  ), greedy AS (
    SELECT c1.invoice_id, c1.rn, c1.row_number, c1.outstanding AS left_before,
           CASE WHEN c1.amount <= c1.outstanding THEN c1.outstanding - c1.amount ELSE c1.outstanding END AS left_after
      FROM cand c1 WHERE c1.rn = 1
    UNION ALL
    SELECT c2.invoice_id, c2.rn, c2.row_number, g.left_after,
           CASE WHEN c2.amount <= g.left_after THEN g.left_after - c2.amount ELSE g.left_after END
      FROM greedy g JOIN cand c2 ON c2.invoice_id = g.invoice_id AND c2.rn = g.rn + 1
  )
  SELECT v.row_number, v.old_status, v.invoice_id, v.payment_date, v.amount, v.method, v.reference,
         CASE WHEN cardinality(v.errs0) = 0 AND v.amount > g.left_before
              THEN ARRAY[format('amount: exceeds the outstanding amount of the invoice (%s)', app.format_idr(g.left_before))]
              ELSE v.errs0 END
    FROM v LEFT JOIN greedy g ON g.row_number = v.row_number
$$;
COMMENT ON FUNCTION app.import_validate_payments(text, integer, integer) IS
  'Every not-yet-OK row of a payments batch, typed, with all its errors: invoice known, date neither future nor before the invoice, amount > 0, method, reference required and not repeated (file or database), and — in file order per invoice — no payment beyond what is still outstanding. Internal.';

CREATE FUNCTION app.process_import_payments(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'payments');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[]; a_old text[]; a_err text[]; a_target text[]; a_note text[];
  r         record;
  v_id      text;
  v_state   text; v_msg text; v_detail text;
BEGIN
  -- Outstanding amounts are computed from these invoices: hold them still
  -- (the same lock the payments trigger takes, taken first and in one order).
  PERFORM 1 FROM app.invoices i
   WHERE i.invoice_number IN (SELECT app.import_text(x.row_data, 'invoice_number') FROM app.import_rows x
                               WHERE x.import_id = p_import_id AND x.row_number BETWEEN p_from AND v_to AND x.status <> 'OK')
   ORDER BY i.invoice_id FOR UPDATE;
  BEGIN
    WITH v AS (
      SELECT * FROM app.import_validate_payments(p_import_id, p_from, v_to)
    ), ins AS (
      INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference, import_id)
      SELECT v.invoice_id, v.payment_date, v.amount, v.method, v.reference, p_import_id
        FROM v WHERE cardinality(v.errs) = 0 ORDER BY v.row_number
      ON CONFLICT ON CONSTRAINT payments_reference_per_invoice_key DO NOTHING
      RETURNING payments.payment_id, payments.invoice_id, payments.reference
    )
    SELECT array_agg(v.row_number), array_agg(v.old_status),
           array_agg(CASE WHEN cardinality(v.errs) > 0 THEN array_to_string(v.errs, '; ')
                          WHEN ins.payment_id IS NULL THEN 'reference: is already recorded for this invoice' END),
           array_agg(ins.payment_id), array_agg(NULL::text)
      INTO a_rows, a_old, a_err, a_target, a_note
      FROM v LEFT JOIN ins ON cardinality(v.errs) = 0 AND ins.invoice_id = v.invoice_id AND ins.reference = v.reference;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
    a_rows := '{}'; a_old := '{}'; a_err := '{}'; a_target := '{}'; a_note := '{}';
    FOR r IN SELECT * FROM app.import_validate_payments(p_import_id, p_from, v_to) v ORDER BY v.row_number LOOP
      v_id := NULL; v_msg := NULL;
      IF cardinality(r.errs) > 0 THEN
        v_msg := array_to_string(r.errs, '; ');
      ELSE
        BEGIN
          INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference, import_id)
          VALUES (r.invoice_id, r.payment_date, r.amount, r.method, r.reference, p_import_id)
          RETURNING payment_id INTO v_id;
        EXCEPTION WHEN others THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
          IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
          v_msg := app.import_error_text(v_state, v_msg, v_detail);
        END;
      END IF;
      a_rows := a_rows || r.row_number; a_old := a_old || r.old_status; a_err := a_err || v_msg;
      a_target := a_target || v_id; a_note := a_note || NULL::text;
    END LOOP;
  END;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, coalesce(a_rows, '{}'), coalesce(a_old, '{}'), coalesce(a_err, '{}'),
                              coalesce(a_target, '{}'), coalesce(a_note, '{}'));
END $$;
ALTER FUNCTION app.process_import_payments(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_payments(text, integer, integer) IS
  'Processes the not-yet-OK rows of the caller''s payments import: set-based validation (incl. overpayment in file order), one INSERT with ON CONFLICT on (invoice, reference); the payments trigger stays the final guard (on a conflict the batch is redone row by row). Finance and super_admin, as the importer.';

-- ============================================================= kpi_entries ===
CREATE FUNCTION app.import_validate_kpi_entries(p_import_id text, p_from integer, p_to integer)
RETURNS TABLE (row_number integer, old_status text, metric_key text, assignee_user_id uuid, entry_date date,
               value numeric, notes text, errs text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH me AS MATERIALIZED (
    SELECT auth.uid() AS uid, app.current_role() AS role
  ), src AS MATERIALIZED (
    SELECT r.row_number, r.status AS old_status, r.dup_of, r.row_data AS d,
           upper(app.import_text(r.row_data, 'metric_key')) AS metric_key,
           lower(app.import_text(r.row_data, 'assignee_email')) AS email,
           app.import_parse_date(r.row_data ->> 'entry_date') AS entry_date,
           app.import_parse_amount(r.row_data ->> 'value') AS value,
           app.import_text(r.row_data, 'notes') AS notes
      FROM app.import_rows r
     WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to AND r.status <> 'OK'
  ), c AS MATERIALIZED (
    SELECT s.*, def.source AS metric_source, def.department AS metric_dept,
           a.user_id AS assignee_id, app.kpi_department_of(a.dept_code) AS assignee_dept, a.dept_code,
           (a.user_id IS NOT NULL AND (a.user_id = me.uid OR me.role = 'super_admin'
             OR (me.role IN ('marketing_manager', 'sales_manager') AND a.manager_user_id = me.uid))) AS may_enter
      FROM src s CROSS JOIN me
      LEFT JOIN app.kpi_metric_definitions def ON def.metric_key = s.metric_key
      LEFT JOIN app.profiles a ON a.email = s.email
  )
  SELECT c.row_number, c.old_status, c.metric_key, CASE WHEN c.may_enter THEN c.assignee_id END, c.entry_date, c.value, c.notes,
         array_remove(ARRAY[
           c.d ->> '_parse_error',
           CASE WHEN c.metric_key IS NULL THEN 'metric_key: is required'
                WHEN c.metric_source IS NULL THEN 'metric_key: unknown metric'
                WHEN c.metric_source = 'AUTO' THEN 'metric_key: is computed automatically (AUTO) and takes no entries'
                WHEN c.may_enter AND c.assignee_dept IS DISTINCT FROM c.metric_dept
                  THEN format('metric_key: is a %s metric; the person works in %s', c.metric_dept, c.dept_code)
                WHEN c.dup_of IS NOT NULL THEN format('metric_key: duplicate of row %s in this file (same metric, person and date)', c.dup_of)
                WHEN c.may_enter AND EXISTS (SELECT 1 FROM app.kpi_entries e
                                              WHERE e.metric_key = c.metric_key AND e.assignee_user_id = c.assignee_id
                                                AND e.entry_date = c.entry_date AND e.source = 'IMPORTED')
                  THEN 'entry_date: a value of this metric for this person and date was already imported' END,
           CASE WHEN c.email IS NULL THEN 'assignee_email: is required'
                WHEN NOT c.may_enter THEN 'assignee_email: unknown person, or not yourself or your team' END,
           coalesce(app.import_date_error('entry_date', c.d ->> 'entry_date', c.entry_date),
                    CASE WHEN c.entry_date > app.today_jakarta() THEN 'entry_date: cannot be in the future' END),
           app.import_amount_error('value', c.d ->> 'value', c.value, true),
           app.import_length_error('notes', c.notes, 2000)
         ]::text[], NULL)
    FROM c
$$;
COMMENT ON FUNCTION app.import_validate_kpi_entries(text, integer, integer) IS
  'Every not-yet-OK row of a kpi_entries batch with all its errors: the rules of app.kpi_entry_before_insert (known, non-AUTO metric of the person''s department; the caller, a manager''s team member, or anyone for super_admin; no future date; value >= 0) plus one imported value per metric, person and date. Internal.';

CREATE FUNCTION app.process_import_kpi_entries(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'kpi_entries');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[]; a_old text[]; a_err text[]; a_target text[]; a_note text[];
  r         record;
  v_id      text;
  v_state   text; v_msg text; v_detail text;
BEGIN
  BEGIN
    WITH v AS (
      SELECT * FROM app.import_validate_kpi_entries(p_import_id, p_from, v_to)
    ), ins AS (
      INSERT INTO app.kpi_entries (metric_key, entry_date, assignee_user_id, value, notes, import_id)
      SELECT v.metric_key, v.entry_date, v.assignee_user_id, v.value, v.notes, p_import_id
        FROM v WHERE cardinality(v.errs) = 0 ORDER BY v.row_number
      ON CONFLICT (metric_key, assignee_user_id, entry_date) WHERE source = 'IMPORTED' DO NOTHING
      RETURNING kpi_entries.entry_id, kpi_entries.metric_key, kpi_entries.assignee_user_id, kpi_entries.entry_date
    )
    SELECT array_agg(v.row_number), array_agg(v.old_status),
           array_agg(CASE WHEN cardinality(v.errs) > 0 THEN array_to_string(v.errs, '; ')
                          WHEN ins.entry_id IS NULL THEN 'entry_date: a value of this metric for this person and date was already imported' END),
           array_agg(ins.entry_id::text), array_agg(NULL::text)
      INTO a_rows, a_old, a_err, a_target, a_note
      FROM v LEFT JOIN ins ON cardinality(v.errs) = 0 AND ins.metric_key = v.metric_key
                          AND ins.assignee_user_id = v.assignee_user_id AND ins.entry_date = v.entry_date;
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
    a_rows := '{}'; a_old := '{}'; a_err := '{}'; a_target := '{}'; a_note := '{}';
    FOR r IN SELECT * FROM app.import_validate_kpi_entries(p_import_id, p_from, v_to) v ORDER BY v.row_number LOOP
      v_id := NULL; v_msg := NULL;
      IF cardinality(r.errs) > 0 THEN
        v_msg := array_to_string(r.errs, '; ');
      ELSE
        BEGIN
          INSERT INTO app.kpi_entries (metric_key, entry_date, assignee_user_id, value, notes, import_id)
          VALUES (r.metric_key, r.entry_date, r.assignee_user_id, r.value, r.notes, p_import_id)
          RETURNING entry_id::text INTO v_id;
        EXCEPTION WHEN others THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
          IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
          v_msg := app.import_error_text(v_state, v_msg, v_detail);
        END;
      END IF;
      a_rows := a_rows || r.row_number; a_old := a_old || r.old_status; a_err := a_err || v_msg;
      a_target := a_target || v_id; a_note := a_note || NULL::text;
    END LOOP;
  END;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, coalesce(a_rows, '{}'), coalesce(a_old, '{}'), coalesce(a_err, '{}'),
                              coalesce(a_target, '{}'), coalesce(a_note, '{}'));
END $$;
ALTER FUNCTION app.process_import_kpi_entries(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_kpi_entries(text, integer, integer) IS
  'Processes the not-yet-OK rows of the caller''s kpi_entries import set-based (source IMPORTED, natural key metric + person + date). Everyone but the director, for themselves; managers also for their team; super_admin for anyone.';

-- ========================================================= marketing_spend ===
CREATE FUNCTION app.import_validate_marketing_spend(p_import_id text, p_from integer, p_to integer)
RETURNS TABLE (row_number integer, old_status text, channel app.source_channel, spend_date date, amount numeric,
               notes text, errs text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH src AS MATERIALIZED (
    SELECT r.row_number, r.status AS old_status, r.dup_of, r.row_data AS d,
           app.import_token(r.row_data ->> 'channel') AS channel,
           app.import_parse_date(r.row_data ->> 'spend_date') AS spend_date,
           app.import_parse_amount(r.row_data ->> 'amount') AS amount,
           app.import_text(r.row_data, 'notes') AS notes
      FROM app.import_rows r
     WHERE r.import_id = p_import_id AND r.row_number BETWEEN p_from AND p_to AND r.status <> 'OK'
  ), c AS MATERIALIZED (
    SELECT s.*, CASE WHEN s.channel = ANY (enum_range(NULL::app.source_channel)::text[]) THEN s.channel::app.source_channel END AS ch
      FROM src s
  )
  SELECT c.row_number, c.old_status, c.ch, c.spend_date, c.amount, c.notes,
         array_remove(ARRAY[
           c.d ->> '_parse_error',
           CASE WHEN c.channel IS NULL THEN 'channel: is required'
                WHEN c.ch IS NULL THEN 'channel: must be one of ' || array_to_string(enum_range(NULL::app.source_channel)::text[], ', ')
                WHEN c.dup_of IS NOT NULL THEN format('channel: duplicate of row %s in this file (same channel, date, amount and notes)', c.dup_of)
                WHEN EXISTS (SELECT 1 FROM app.marketing_spend m
                              WHERE m.spend_date = c.spend_date AND m.channel = c.ch AND m.amount = c.amount
                                AND coalesce(m.notes, '') = coalesce(c.notes, ''))
                  THEN 'channel: this spend (channel, date, amount and notes) is already recorded' END,
           app.import_date_error('spend_date', c.d ->> 'spend_date', c.spend_date),
           app.import_amount_error('amount', c.d ->> 'amount', c.amount),
           app.import_length_error('notes', c.notes, 1000)
         ]::text[], NULL)
    FROM c
$$;
COMMENT ON FUNCTION app.import_validate_marketing_spend(text, integer, integer) IS
  'Every not-yet-OK row of a marketing_spend batch with all its errors: known channel, date, amount > 0, notes length, and its natural key (channel, date, amount, notes) neither repeated in the file nor already recorded. Internal.';

CREATE FUNCTION app.process_import_marketing_spend(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'marketing_spend');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[]; a_old text[]; a_err text[]; a_target text[]; a_note text[];
  r         record;
  v_id      text;
  v_state   text; v_msg text; v_detail text;
BEGIN
  BEGIN
    WITH v AS (
      SELECT * FROM app.import_validate_marketing_spend(p_import_id, p_from, v_to)
    ), ins AS (
      INSERT INTO app.marketing_spend (channel, spend_date, amount, notes, import_id, created_by)
      SELECT v.channel, v.spend_date, v.amount, v.notes, p_import_id, auth.uid()
        FROM v WHERE cardinality(v.errs) = 0 ORDER BY v.row_number
      ON CONFLICT (channel, spend_date, amount, md5(coalesce(notes, ''))) WHERE import_id IS NOT NULL DO NOTHING
      RETURNING marketing_spend.spend_id, marketing_spend.channel, marketing_spend.spend_date, marketing_spend.amount,
                marketing_spend.notes
    )
    SELECT array_agg(v.row_number), array_agg(v.old_status),
           array_agg(CASE WHEN cardinality(v.errs) > 0 THEN array_to_string(v.errs, '; ')
                          WHEN ins.spend_id IS NULL THEN 'channel: this spend (channel, date, amount and notes) is already recorded' END),
           array_agg(ins.spend_id::text), array_agg(NULL::text)
      INTO a_rows, a_old, a_err, a_target, a_note
      FROM v LEFT JOIN ins ON cardinality(v.errs) = 0 AND ins.channel = v.channel AND ins.spend_date = v.spend_date
                          AND ins.amount = v.amount AND coalesce(ins.notes, '') = coalesce(v.notes, '');
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
    a_rows := '{}'; a_old := '{}'; a_err := '{}'; a_target := '{}'; a_note := '{}';
    FOR r IN SELECT * FROM app.import_validate_marketing_spend(p_import_id, p_from, v_to) v ORDER BY v.row_number LOOP
      v_id := NULL; v_msg := NULL;
      IF cardinality(r.errs) > 0 THEN
        v_msg := array_to_string(r.errs, '; ');
      ELSE
        BEGIN
          INSERT INTO app.marketing_spend (channel, spend_date, amount, notes, import_id, created_by)
          VALUES (r.channel, r.spend_date, r.amount, r.notes, p_import_id, auth.uid())
          RETURNING spend_id::text INTO v_id;
        EXCEPTION WHEN others THEN
          GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
          IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
          v_msg := app.import_error_text(v_state, v_msg, v_detail);
        END;
      END IF;
      a_rows := a_rows || r.row_number; a_old := a_old || r.old_status; a_err := a_err || v_msg;
      a_target := a_target || v_id; a_note := a_note || NULL::text;
    END LOOP;
  END;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, coalesce(a_rows, '{}'), coalesce(a_old, '{}'), coalesce(a_err, '{}'),
                              coalesce(a_target, '{}'), coalesce(a_note, '{}'));
END $$;
ALTER FUNCTION app.process_import_marketing_spend(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_marketing_spend(text, integer, integer) IS
  'Processes the not-yet-OK rows of the caller''s marketing_spend import set-based (natural key channel + date + amount + notes). Marketing manager/staff and super_admin, as the importer.';

-- =================================================================== leads ===
CREATE FUNCTION app.process_import_leads(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'leads');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[] := '{}'; a_old text[] := '{}'; a_err text[] := '{}'; a_target text[] := '{}'; a_note text[] := '{}';
  r         record;
  v_res     jsonb;
  v_errs    text[];
  v_state   text; v_msg text; v_detail text;
BEGIN
  FOR r IN SELECT x.row_number, x.status, x.row_data AS d FROM app.import_rows x
            WHERE x.import_id = p_import_id AND x.row_number BETWEEN p_from AND v_to AND x.status <> 'OK'
            ORDER BY x.row_number LOOP
    v_res := NULL; v_msg := NULL;
    -- Lengths first, so the message names the column (the table's checks would not).
    v_errs := array_remove(ARRAY[
      r.d ->> '_parse_error',
      app.import_length_error('company_name', app.import_text(r.d, 'company_name'), 200),
      app.import_length_error('contact_name', app.import_text(r.d, 'contact_name'), 200),
      app.import_length_error('email', app.import_text(r.d, 'email'), 254),
      app.import_length_error('phone', app.import_text(r.d, 'phone'), 40),
      app.import_length_error('npwp', app.import_text(r.d, 'npwp'), 40),
      app.import_length_error('notes', app.import_text(r.d, 'notes'), 4000)]::text[], NULL);
    IF cardinality(v_errs) > 0 THEN
      v_msg := array_to_string(v_errs, '; ');
    ELSE
      BEGIN
        -- The same bundle (validation, customer dedup, prospect) as POST /api/leads.
        v_res := app.crm_create_lead_bundle(jsonb_strip_nulls(jsonb_build_object(
          'company_name', app.import_text(r.d, 'company_name'), 'contact_name', app.import_text(r.d, 'contact_name'),
          'email', app.import_text(r.d, 'email'), 'phone', app.import_text(r.d, 'phone'), 'npwp', app.import_text(r.d, 'npwp'),
          'source_channel', app.import_token(r.d ->> 'source_channel'), 'notes', app.import_text(r.d, 'notes'),
          'import_id', p_import_id)));
      EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;   -- not about the row (rights, deadlock …)
        v_msg := app.import_error_text(v_state, v_msg, v_detail);
      END;
    END IF;
    a_rows := a_rows || r.row_number; a_old := a_old || r.status; a_err := a_err || v_msg;
    a_target := a_target || (v_res ->> 'lead_id');
    a_note := a_note || CASE WHEN v_res IS NULL THEN NULL
                             WHEN v_res ->> 'customer_match' = 'new' THEN 'new customer ' || (v_res ->> 'customer_id')
                             ELSE format('existing customer %s (matched by %s)', v_res ->> 'customer_id', v_res ->> 'customer_match') END;
  END LOOP;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, a_rows, a_old, a_err, a_target, a_note);
END $$;
ALTER FUNCTION app.process_import_leads(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_leads(text, integer, integer) IS
  'Processes the not-yet-OK rows of the caller''s leads import, each through app.crm_create_lead_bundle (identical validation and customer dedup as POST /api/leads) in its own sub-block: one bad row never fails the others. Marketing manager/staff and super_admin, as the importer.';

-- =============================================================== customers ===
CREATE FUNCTION app.process_import_customers(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp     app.imports := app.import_begin_batch(p_import_id, 'customers');
  v_to      integer := least(coalesce(p_to, v_imp.last_row_number), v_imp.last_row_number);
  a_rows    integer[] := '{}'; a_old text[] := '{}'; a_err text[] := '{}'; a_target text[] := '{}'; a_note text[] := '{}';
  r         record;
  v_cust_id text;
  v_match   text;
  v_errs    text[];
  v_state   text; v_msg text; v_detail text;
BEGIN
  FOR r IN SELECT x.row_number, x.status, x.row_data AS d FROM app.import_rows x
            WHERE x.import_id = p_import_id AND x.row_number BETWEEN p_from AND v_to AND x.status <> 'OK'
            ORDER BY x.row_number LOOP
    v_cust_id := NULL; v_match := NULL; v_msg := NULL;
    v_errs := array_remove(ARRAY[
      r.d ->> '_parse_error',
      CASE WHEN app.import_text(r.d, 'company_name') IS NULL THEN 'company_name: is required' END,
      app.import_length_error('company_name', app.import_text(r.d, 'company_name'), 200),
      app.import_length_error('email', app.import_text(r.d, 'email'), 254),
      app.import_length_error('phone', app.import_text(r.d, 'phone'), 40),
      app.import_length_error('npwp', app.import_text(r.d, 'npwp'), 40),
      app.import_length_error('address', app.import_text(r.d, 'address'), 500),
      app.import_length_error('city', app.import_text(r.d, 'city'), 100),
      app.import_length_error('industry', app.import_text(r.d, 'industry'), 100)]::text[], NULL);
    IF cardinality(v_errs) > 0 THEN
      v_msg := array_to_string(v_errs, '; ');
    ELSE
      BEGIN
        SELECT f.customer_id, f.customer_match INTO v_cust_id, v_match FROM app.find_or_create_customer(
          app.import_text(r.d, 'npwp'), app.import_text(r.d, 'email'), app.import_text(r.d, 'phone'),
          app.import_text(r.d, 'company_name'), app.import_text(r.d, 'address'), app.import_text(r.d, 'city'),
          app.import_text(r.d, 'industry')) f;
        IF v_match <> 'new' THEN
          -- A known customer: fill what it lacks, never overwrite.
          UPDATE app.customers c
             SET address = coalesce(c.address, app.import_text(r.d, 'address')),
                 city = coalesce(c.city, app.import_text(r.d, 'city')),
                 industry = coalesce(c.industry, app.import_text(r.d, 'industry'))
           WHERE c.customer_id = v_cust_id
             AND ((c.address IS NULL AND app.import_text(r.d, 'address') IS NOT NULL)
               OR (c.city IS NULL AND app.import_text(r.d, 'city') IS NOT NULL)
               OR (c.industry IS NULL AND app.import_text(r.d, 'industry') IS NOT NULL));
        END IF;
      EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        IF app.import_error_is_fatal(v_state) THEN RAISE; END IF;
        v_msg := app.import_error_text(v_state, v_msg, v_detail);
      END;
    END IF;
    a_rows := a_rows || r.row_number; a_old := a_old || r.status; a_err := a_err || v_msg;
    a_target := a_target || v_cust_id;
    a_note := a_note || CASE WHEN v_cust_id IS NULL THEN NULL WHEN v_match = 'new' THEN 'new customer'
                             ELSE 'existing customer (matched by ' || v_match || ')' END;
  END LOOP;
  RETURN app.import_end_batch(p_import_id, v_imp.run_token, p_from, v_to, a_rows, a_old, a_err, a_target, a_note);
END $$;
ALTER FUNCTION app.process_import_customers(text, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.process_import_customers(text, integer, integer) IS
  'Processes the not-yet-OK rows of the caller''s customers import, each through app.find_or_create_customer (NPWP → email → phone → name; a known customer is matched, not duplicated, and only its missing address/city/industry are filled) in its own sub-block. Finance and super_admin, as the importer.';

-- ------------------------------------------------------------ worker entry ---
CREATE FUNCTION app.import_run_begin(p_import_id text, p_run_token uuid)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp app.imports;
BEGIN
  UPDATE app.imports i SET progress_rows = 0, heartbeat_at = now()
   WHERE i.import_id = p_import_id AND i.created_by = auth.uid() AND i.status = 'PROCESSING' AND i.run_token = p_run_token
  RETURNING * INTO v_imp;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('stale', true);
  END IF;
  RETURN jsonb_build_object('stale', false, 'module', v_imp.module, 'total_rows', v_imp.total_rows,
                            'last_row_number', v_imp.last_row_number);
END $$;
ALTER FUNCTION app.import_run_begin(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_run_begin(text, uuid) IS
  'The worker starts (or resumes) a run: when its token is current, restarts the progress count and returns what to go through; otherwise {stale: true}. The importer only (the worker runs under their claims).';

CREATE FUNCTION app.import_run_batch(p_import_id text, p_run_token uuid, p_from integer, p_to integer)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp app.imports;
BEGIN
  SELECT * INTO v_imp FROM app.imports i WHERE i.import_id = p_import_id FOR KEY SHARE;
  IF NOT FOUND OR auth.uid() IS NULL OR v_imp.created_by <> auth.uid() THEN
    PERFORM app.raise_error('BC404', 'Import not found');
  END IF;
  IF v_imp.status <> 'PROCESSING' OR v_imp.run_token IS DISTINCT FROM p_run_token THEN
    -- A newer run took over (or this one was settled): stop quietly.
    RETURN jsonb_build_object('stale', true, 'status', v_imp.status);
  END IF;
  RETURN jsonb_build_object('stale', false) || CASE v_imp.module
    WHEN 'invoices' THEN app.process_import_invoices(p_import_id, p_from, p_to)
    WHEN 'payments' THEN app.process_import_payments(p_import_id, p_from, p_to)
    WHEN 'kpi_entries' THEN app.process_import_kpi_entries(p_import_id, p_from, p_to)
    WHEN 'marketing_spend' THEN app.process_import_marketing_spend(p_import_id, p_from, p_to)
    WHEN 'leads' THEN app.process_import_leads(p_import_id, p_from, p_to)
    WHEN 'customers' THEN app.process_import_customers(p_import_id, p_from, p_to)
  END;
END $$;
ALTER FUNCTION app.import_run_batch(text, uuid, integer, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_run_batch(text, uuid, integer, integer) IS
  'The background worker''s step, one transaction per call, under the importer''s claims: when the run token is still current, processes rows p_from..p_to with the module''s processor (counters committed with the batch: progress is visible while it runs); otherwise returns {stale: true}.';

CREATE FUNCTION app.import_run_finish(p_import_id text, p_run_token uuid)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_imp app.imports;
BEGIN
  SELECT * INTO v_imp FROM app.imports i WHERE i.import_id = p_import_id FOR UPDATE;
  IF NOT FOUND OR auth.uid() IS NULL OR v_imp.created_by <> auth.uid() THEN
    PERFORM app.raise_error('BC404', 'Import not found');
  END IF;
  IF v_imp.status <> 'PROCESSING' OR v_imp.run_token IS DISTINCT FROM p_run_token THEN
    RETURN jsonb_build_object('stale', true, 'status', v_imp.status);
  END IF;
  v_imp := app.import_settle(p_import_id);
  RETURN jsonb_build_object('stale', false, 'status', v_imp.status, 'success_rows', v_imp.success_rows, 'error_rows', v_imp.error_rows);
END $$;
ALTER FUNCTION app.import_run_finish(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_run_finish(text, uuid) IS
  'The worker has gone through every batch of its run: recount and settle the status (see app.import_settle). Stale runs change nothing.';

CREATE FUNCTION app.import_run_failed(p_import_id text, p_run_token uuid, p_message text, p_final boolean)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE app.imports i
     SET status = CASE WHEN p_final THEN 'FAILED' ELSE i.status END,
         last_error = left(p_message, 2000), heartbeat_at = now(),
         processed_at = CASE WHEN p_final THEN now() ELSE i.processed_at END
   WHERE i.import_id = p_import_id AND i.created_by = auth.uid() AND i.status = 'PROCESSING'
     AND i.run_token = p_run_token
$$;
ALTER FUNCTION app.import_run_failed(text, uuid, text, boolean) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.import_run_failed(text, uuid, text, boolean) IS
  'The worker reports an error of the current run: recorded as last_error; p_final (no attempts left) settles the import as FAILED. Rows already processed stay as they are; processing again continues from there.';

GRANT EXECUTE ON FUNCTION app.process_import_invoices(text, integer, integer), app.process_import_payments(text, integer, integer),
  app.process_import_kpi_entries(text, integer, integer), app.process_import_marketing_spend(text, integer, integer),
  app.process_import_leads(text, integer, integer), app.process_import_customers(text, integer, integer),
  app.import_run_begin(text, uuid), app.import_run_batch(text, uuid, integer, integer), app.import_run_finish(text, uuid),
  app.import_run_failed(text, uuid, text, boolean) TO authenticated;
