-- =============================================================================
-- 0722 perf (P3): the statement-level audit names its author once per
-- statement
--
-- As a statement trigger (0410) app.audit_row_change() wrote every audit row
-- of a bulk insert with changed_by = auth.uid() evaluated per row: auth.uid()
-- is a SQL function with its own search_path (never inlined), ≈ 10 µs a call
-- — a tenth of an imported invoice's whole write. It is now read once per
-- statement and passed to the INSERT as a parameter: the same value (the
-- claims do not change within a statement), the same rows. The row-level
-- branch is unchanged.
-- =============================================================================
CREATE OR REPLACE FUNCTION app.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_pk  text := coalesce(TG_ARGV[0], 'id');
  v_old jsonb;
  v_new jsonb;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    -- Transition tables are named audit_old / audit_new by the triggers of 0410.
    IF TG_OP = 'INSERT' THEN
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %L, n.a ->> %L, 'INSERT', NULL, n.a, $1 FROM (SELECT to_jsonb(t) AS a FROM audit_new t) n
      $q$, TG_TABLE_NAME, v_pk) USING auth.uid();
    ELSIF TG_OP = 'DELETE' THEN
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %L, o.b ->> %L, 'DELETE', o.b, NULL, $1 FROM (SELECT to_jsonb(t) AS b FROM audit_old t) o
      $q$, TG_TABLE_NAME, v_pk) USING auth.uid();
    ELSE
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %1$L, n.a ->> %2$L, 'UPDATE', o.b, n.a, $1
          FROM (SELECT to_jsonb(t) AS b FROM audit_old t) o
          JOIN (SELECT to_jsonb(t) AS a FROM audit_new t) n ON n.a -> %2$L = o.b -> %2$L
         WHERE n.a IS DISTINCT FROM o.b
      $q$, TG_TABLE_NAME, v_pk) USING auth.uid();
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN v_old := to_jsonb(OLD); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN v_new := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' AND v_old = v_new THEN
    RETURN NULL;
  END IF;
  INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
  VALUES (TG_TABLE_NAME, coalesce(v_new ->> v_pk, v_old ->> v_pk), TG_OP, v_old, v_new, auth.uid());
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION app.audit_row_change() IS
  'AFTER INSERT/UPDATE/DELETE trigger (arg: primary key column), row- or statement-level. Records before/after and changed_by = auth.uid() in audit_logs, skipping UPDATEs that change nothing. As a statement trigger it reads the transition tables audit_old/audit_new and writes all audit rows of the statement in one INSERT (bulk imports), with auth.uid() read once per statement (0722). Definer-rights: audit_logs is not writable by any API role.';
