-- =============================================================================
-- 0721 perf (P3): the invoices import processor on the bulk write path
--
--   * app.process_import_invoices() takes the batch's invoice ids in one call
--     (app.next_prefixed_ids, 0720) and inserts them with the rows, so the
--     per-row id and rules triggers stay out of the way (0720 checks the
--     batch once per statement instead). Same outcome per row as before:
--     the same validation and messages, ids in file order, ON CONFLICT on
--     invoice_number, and the same one-row-at-a-time fallback when the
--     set-based insert still fails.
--   * app.import_validate_invoices(): the same checks and messages; its
--     look-ups are joins, "today" is read once, and "is this invoice_number
--     already recorded" is one index probe per row (the planner hashed every
--     invoice number of the book once per batch instead: linear in the book).
-- Signatures, owners and grants are unchanged.
-- =============================================================================

CREATE OR REPLACE FUNCTION app.import_validate_invoices(p_import_id text, p_from integer, p_to integer)
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
  ), c AS (
    -- Look-ups as joins (the planner hashes a small customers table, probes a
    -- big one); "already recorded" one index probe per row (LIMIT keeps the
    -- planner from hashing every invoice number of the book once per batch).
    SELECT s.*, cu.customer_id AS by_id, cn.customer_id AS by_npwp, k.known IS NOT NULL AS known, t.today
      FROM src s
      CROSS JOIN (SELECT app.today_jakarta() AS today) t
      LEFT JOIN app.customers cu ON cu.customer_id = s.cust_raw
      LEFT JOIN app.customers cn ON cn.npwp_norm = app.import_npwp(s.npwp_raw)
      LEFT JOIN LATERAL (SELECT true AS known FROM app.invoices i WHERE i.invoice_number = s.invoice_number LIMIT 1) k ON true
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
                    CASE WHEN c.invoice_date > c.today THEN 'invoice_date: cannot be in the future' END),
           coalesce(app.import_date_error('due_date', c.d ->> 'due_date', c.due_date),
                    CASE WHEN c.due_date < c.invoice_date THEN 'due_date: must be on or after the invoice date' END),
           app.import_amount_error('amount', c.d ->> 'amount', c.amount),
           CASE WHEN c.currency <> 'IDR' THEN 'currency: only IDR is supported' END,
           app.import_length_error('notes', c.notes, 2000)
         ]::text[], NULL)
    FROM c
$$;
COMMENT ON FUNCTION app.import_validate_invoices(text, integer, integer) IS
  'Every not-yet-OK row of an invoices batch, typed, with all its errors ("column: reason"): required fields, dates, amount > 0, IDR only, customer by customer_id or NPWP, invoice_number neither repeated in the file nor already recorded (one index probe per row). Internal.';

CREATE OR REPLACE FUNCTION app.process_import_invoices(p_import_id text, p_from integer DEFAULT 2, p_to integer DEFAULT NULL)
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
    -- Set-based: validate the whole batch, take one id per valid row in one
    -- call, insert the valid rows in one statement (file order = id order).
    WITH v AS MATERIALIZED (
      SELECT * FROM app.import_validate_invoices(p_import_id, p_from, v_to)
    ), ok AS MATERIALIZED (
      SELECT v.*, row_number() OVER (ORDER BY v.row_number) AS k FROM v WHERE cardinality(v.errs) = 0
    ), ids AS (
      SELECT app.next_prefixed_ids('IV', (SELECT count(*) FROM ok)::integer) AS a
    ), ins AS (
      INSERT INTO app.invoices (invoice_id, invoice_number, customer_id, invoice_date, due_date, amount, currency, notes, import_id, created_by)
      SELECT u.id, ok.invoice_number, ok.customer_id, ok.invoice_date, ok.due_date, ok.amount, ok.currency, ok.notes, p_import_id, v_imp.created_by
        FROM ok JOIN (SELECT x.id, x.k FROM ids CROSS JOIN unnest(ids.a) WITH ORDINALITY AS x(id, k)) u ON u.k = ok.k
       ORDER BY ok.row_number
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
        EXCEPTION
          WHEN unique_violation THEN
            -- (what the row rules say for a known number; the unique index caught it here)
            v_msg := 'invoice_number: is already recorded';
          WHEN others THEN
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
COMMENT ON FUNCTION app.process_import_invoices(text, integer, integer) IS
  'Processes the not-yet-OK rows p_from..p_to (default: all) of the caller''s invoices import: validates set-based, takes the batch''s ids in one call and inserts the valid rows in one statement (natural key invoice_number, ON CONFLICT DO NOTHING; the invoice rules run once per statement, 0720), records every row''s outcome and updates counters/status. Finance and super_admin, as the importer.';

-- Staging: the caller's id once per call, not once per row (auth.uid() is a
-- function call with its own search_path, ≈ 10 µs each).
CREATE OR REPLACE FUNCTION app.import_stage_rows(p_import_id text, p_rows text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_uid    uuid := auth.uid();
  v_module text;
  v_n      integer;
BEGIN
  SELECT i.module INTO v_module FROM app.imports i
   WHERE i.import_id = p_import_id AND i.created_by = v_uid AND i.status = 'UPLOADED';
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Import not found or no longer accepting rows');
  END IF;
  -- One line per row, "<row number>TAB<JSON object>" (JSON text never holds a raw newline):
  -- parsed line by line, which is far cheaper than one big JSON array.
  INSERT INTO app.import_rows (import_id, row_number, row_data, created_by, module)
  SELECT p_import_id, split_part(x, E'\t', 1)::integer, substr(x, strpos(x, E'\t') + 1)::jsonb, v_uid, v_module
    FROM string_to_table(p_rows, E'\n') AS x
   WHERE x <> '';
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_n;
END $$;
COMMENT ON FUNCTION app.import_stage_rows(text, text) IS
  'Stages a batch of parsed rows (one line per row: row number, TAB, a JSON object column → text) into the caller''s own UPLOADED import in one INSERT. The API sends thousands of rows per call, never one round trip per row.';
