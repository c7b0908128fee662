-- =============================================================================
-- 0720 perf (P3): invoices written in bulk by definer-rights code are checked
-- per statement, not per row
--
-- An invoices import inserts a whole batch in one INSERT … SELECT from
-- app.process_import_invoices (SECURITY DEFINER, owned by bcc_definer), after
-- validating every row set-based. Two per-row plpgsql triggers still cost
-- about half of each row's write (docs/benchmarks.md, P3): invoices_rules
-- (role, field and look-up checks the import already made, ≈ 100 µs/row) and
-- invoices_id (a prefixed id through to_jsonb/jsonb_populate_record and a
-- definer-rights call per row, ≈ 40 µs/row).
--
--   * ids, set-based: app.next_prefixed_ids(prefix, n) hands out n ids at
--     once from the same native sequence per (prefix, year) as
--     app.next_prefixed_id() — same PREFIX-YYYY-NNNNNN format, same
--     semantics (unique, gaps only after a rollback, no lock held), one call
--     per batch. invoices_id does not fire when definer-rights code
--     (current_user = bcc_definer) supplies the id itself; everyone else is
--     unchanged (the id is generated, a supplied one is refused, BC422).
--   * rules: the row trigger invoices_rules keeps running, unchanged, for
--     every UPDATE and for every INSERT by anyone but definer-rights code —
--     POST /api/invoices (role authenticated) gets exactly the same checks,
--     errors and messages as before. Inserts by definer-rights code are
--     checked once per statement over the transition table
--     (app.invoice_rules_after_insert): the caller's role (BC403, same
--     message), invoice dates in the future (BC422, same message and
--     detail), and that created_by / created_at / updated_at are what the
--     row trigger would have set. Everything else the row trigger checks is
--     also a constraint of the table (NOT NULL, the CHECKs, the customer
--     foreign key, the unique invoice_number), so it is still refused —
--     with the constraint's SQLSTATE instead of BC422/BC409; the import
--     validates all of it before inserting anyway.
-- Audit (statement trigger, 0410) and ar_invoice_balances (0702) are
-- untouched. bcc_definer is NOLOGIN and only bcc_owner may act as it
-- (database/bootstrap/roles.sql): no application role can take this path.
-- =============================================================================

-- ------------------------------------------------------------------ ids ---
CREATE FUNCTION app.format_prefixed_id(p_prefix text, p_year integer, p_n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT p_prefix || '-' || p_year || '-' || CASE WHEN p_n < 1000000 THEN lpad(p_n::text, 6, '0') ELSE p_n::text END $$;
COMMENT ON FUNCTION app.format_prefixed_id(text, integer, bigint) IS
  'PREFIX-YYYY-NNNNNN: the format of app.next_prefixed_id() (six digits at least, more past 999999).';

CREATE FUNCTION app.next_prefixed_ids(p_prefix text, p_count integer) RETURNS text[]
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_year  integer := extract(year FROM (now() AT TIME ZONE 'Asia/Jakarta'))::integer;
  v_seq   text;
  v_first text[] := '{}';
BEGIN
  IF p_prefix IS NULL OR p_prefix !~ '^[A-Z]{2,4}$' THEN
    PERFORM app.raise_error('BC422', 'Invalid id prefix');
  END IF;
  IF coalesce(p_count, 0) <= 0 THEN
    RETURN '{}';
  END IF;
  v_seq := format('app.idseq_%s_%s', lower(p_prefix), v_year);
  IF to_regclass(v_seq) IS NULL THEN
    -- The first id of this prefix this year: app.next_prefixed_id() creates
    -- the sequence (its name, lock and registry row) and hands out that id.
    v_first := ARRAY[app.next_prefixed_id(p_prefix)];
    p_count := p_count - 1;
  END IF;
  RETURN v_first || ARRAY(SELECT app.format_prefixed_id(p_prefix, v_year, s.n)
                            FROM (SELECT nextval(v_seq::regclass) AS n FROM generate_series(1, p_count)) s
                           ORDER BY s.n);
END
$$;
ALTER FUNCTION app.next_prefixed_ids(text, integer) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.next_prefixed_ids(text, integer) IS
  'p_count new PREFIX-YYYY-NNNNNN ids in ascending order, from the same per-(prefix, year) sequence as app.next_prefixed_id() — for bulk inserts (one call per statement instead of one trigger call per row). Unique under concurrency; gaps only after rollbacks; nothing is locked. Definer-rights code only (not granted to application roles).';
REVOKE EXECUTE ON FUNCTION app.next_prefixed_ids(text, integer) FROM PUBLIC;

-- ------------------------------------------------------- invoice triggers ---
-- The row triggers, for every caller but definer-rights bulk writers.
DROP TRIGGER invoices_id ON app.invoices;
CREATE TRIGGER invoices_id BEFORE INSERT ON app.invoices FOR EACH ROW
  WHEN (NEW.invoice_id IS NULL OR current_user <> 'bcc_definer'::name)
  EXECUTE FUNCTION app.set_prefixed_id('invoice_id', 'IV');
COMMENT ON TRIGGER invoices_id ON app.invoices IS
  'Generates invoice_id (IV-YYYY-NNNNNN) and refuses a supplied one — except for definer-rights bulk writers, which take their ids from app.next_prefixed_ids() (0720).';

DROP TRIGGER invoices_rules ON app.invoices;
CREATE TRIGGER invoices_rules BEFORE UPDATE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.invoice_before_write();
CREATE TRIGGER invoices_rules_insert BEFORE INSERT ON app.invoices FOR EACH ROW
  WHEN (current_user <> 'bcc_definer'::name)
  EXECUTE FUNCTION app.invoice_before_write();
COMMENT ON TRIGGER invoices_rules ON app.invoices IS 'The invoice rules (app.invoice_before_write) on every UPDATE.';
COMMENT ON TRIGGER invoices_rules_insert ON app.invoices IS
  'The invoice rules (app.invoice_before_write) on every INSERT except those of definer-rights bulk writers, which invoices_rules_bulk checks per statement (0720).';

CREATE FUNCTION app.invoice_rules_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_uid  uuid := auth.uid();
  v_bad  record;
BEGIN
  -- Same role rule and message as app.invoice_before_write(); no caller = system code.
  IF v_uid IS NOT NULL AND coalesce(app.current_role() IN ('super_admin', 'finance'), false) = false THEN
    PERFORM app.raise_error('BC403', 'Only finance records invoices');
  END IF;
  SELECT n.invoice_number, n.invoice_date > app.today_jakarta() AS future,
         (v_uid IS NOT NULL AND n.created_by IS DISTINCT FROM v_uid) OR n.created_at <> now() OR n.updated_at <> now() AS stamped
    INTO v_bad
    FROM rules_new n
   WHERE n.invoice_date > app.today_jakarta()
      OR (v_uid IS NOT NULL AND n.created_by IS DISTINCT FROM v_uid) OR n.created_at <> now() OR n.updated_at <> now()
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_bad.future THEN
    PERFORM app.raise_error('BC422', 'The invoice has invalid fields',
      '{"errors":[{"field":"invoice_date","message":"cannot be in the future"}]}');
  END IF;
  PERFORM app.raise_error('BC422', format('Invoice %s: created_by, created_at and updated_at are set by the system', v_bad.invoice_number),
    '{"errors":[{"field":"created_by","message":"is set by the system"}]}');
  RETURN NULL;
END $$;
ALTER FUNCTION app.invoice_rules_after_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.invoice_rules_after_insert() IS
  'AFTER INSERT statement trigger (transition table rules_new) for inserts by definer-rights bulk writers: the rules of app.invoice_before_write() that no constraint enforces, once per statement — finance/super_admin only (BC403), no invoice date in the future (BC422, same detail), created_by = the caller and created_at = updated_at = now().';
CREATE TRIGGER invoices_rules_bulk AFTER INSERT ON app.invoices REFERENCING NEW TABLE AS rules_new FOR EACH STATEMENT
  WHEN (current_user = 'bcc_definer'::name)
  EXECUTE FUNCTION app.invoice_rules_after_insert();
COMMENT ON TRIGGER invoices_rules_bulk ON app.invoices IS
  'The invoice rules for inserts by definer-rights bulk writers (the invoices import), once per statement (0720).';
