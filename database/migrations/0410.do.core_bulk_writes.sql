-- =============================================================================
-- 0410 core: bulk writes stay set-based (quality.md P3)
--
-- An import inserts a whole batch in one statement; what made it slow were the
-- per-row triggers around it:
--   * audit: one INSERT into audit_logs per row. audit_row_change() now also
--     works as a STATEMENT trigger over the statement's transition tables, so a
--     100k-row INSERT writes its 100k audit rows in one INSERT … SELECT. It is
--     still the one audit function of domain.md, with the same rows (before,
--     after, changed_by = auth.uid(), unchanged UPDATEs skipped); the tables that
--     are written in bulk (the import targets) switch to statement triggers.
--   * invoice rules: the "unknown customer" and "already recorded" lookups ran
--     under the caller's row-level security, i.e. each evaluated the whole
--     invoices/customers SELECT policy per inserted row. They are integrity
--     checks that must see every row anyway (the unique index and the foreign
--     key are global), so the rule function gets definer rights like
--     payment_before_insert(); the role check still reads the caller's claims.
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
    -- Transition tables are named audit_old / audit_new by the triggers below.
    IF TG_OP = 'INSERT' THEN
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %L, n.a ->> %L, 'INSERT', NULL, n.a, auth.uid() FROM (SELECT to_jsonb(t) AS a FROM audit_new t) n
      $q$, TG_TABLE_NAME, v_pk);
    ELSIF TG_OP = 'DELETE' THEN
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %L, o.b ->> %L, 'DELETE', o.b, NULL, auth.uid() FROM (SELECT to_jsonb(t) AS b FROM audit_old t) o
      $q$, TG_TABLE_NAME, v_pk);
    ELSE
      EXECUTE format($q$
        INSERT INTO app.audit_logs (table_name, record_id, action, before_data, after_data, changed_by)
        SELECT %1$L, n.a ->> %2$L, 'UPDATE', o.b, n.a, auth.uid()
          FROM (SELECT to_jsonb(t) AS b FROM audit_old t) o
          JOIN (SELECT to_jsonb(t) AS a FROM audit_new t) n ON n.a -> %2$L = o.b -> %2$L
         WHERE n.a IS DISTINCT FROM o.b
      $q$, TG_TABLE_NAME, v_pk);
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
  'AFTER INSERT/UPDATE/DELETE trigger (arg: primary key column), row- or statement-level. Records before/after and changed_by = auth.uid() in audit_logs, skipping UPDATEs that change nothing. As a statement trigger it reads the transition tables audit_old/audit_new and writes all audit rows of the statement in one INSERT (bulk imports). Definer-rights: audit_logs is not writable by any API role.';

-- The import targets audit per statement: one trigger per event, since a
-- transition table may only be declared for the events that produce it.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('customers', 'customer_id'), ('leads', 'lead_id'), ('invoices', 'invoice_id'),
                                 ('payments', 'payment_id'), ('kpi_entries', 'entry_id'), ('marketing_spend', 'spend_id')) v(tbl, pk)
  LOOP
    EXECUTE format('DROP TRIGGER %I ON app.%I', t.tbl || '_audit', t.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON app.%I REFERENCING NEW TABLE AS audit_new FOR EACH STATEMENT EXECUTE FUNCTION app.audit_row_change(%L)',
                   t.tbl || '_audit_insert', t.tbl, t.pk);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON app.%I REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new FOR EACH STATEMENT EXECUTE FUNCTION app.audit_row_change(%L)',
                   t.tbl || '_audit_update', t.tbl, t.pk);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON app.%I REFERENCING OLD TABLE AS audit_old FOR EACH STATEMENT EXECUTE FUNCTION app.audit_row_change(%L)',
                   t.tbl || '_audit_delete', t.tbl, t.pk);
  END LOOP;
END $$;

ALTER FUNCTION app.invoice_before_write() SECURITY DEFINER;
ALTER FUNCTION app.invoice_before_write() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.invoice_before_write() IS
  'BEFORE INSERT/UPDATE on invoices: finance/super_admin only (BC403); every field error at once (BC422: due before invoice date, future invoice date, unknown customer, non-IDR); a known invoice_number is BC409 naming the field. created_by/created_at are set, never typed. Definer-rights so its integrity lookups see every customer and invoice by index instead of evaluating the caller''s SELECT policies per row.';
