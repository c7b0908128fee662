-- =============================================================================
-- 0602 reliability: an update that changes nothing writes nothing (R2, R6)
--   An empty or identical PATCH (e.g. PATCH /api/me {}) still ran its UPDATE:
--   the touch trigger moved updated_at, so audit_row_change() (which already
--   skips identical rows) saw a difference and logged a change that was not
--   one, and the record looked recently edited. updated_at now moves only
--   when another column changed; for kpi_targets, whose rules trigger stamps
--   updated_at itself, a touch trigger that fires after it (triggers fire in
--   name order) puts the old value back when nothing else changed.
-- =============================================================================
CREATE OR REPLACE FUNCTION app.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF to_jsonb(NEW) - 'updated_at' IS DISTINCT FROM to_jsonb(OLD) - 'updated_at' THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION app.touch_updated_at() IS
  'BEFORE UPDATE trigger: keeps updated_at current when the row really changed, and unchanged (also if an earlier trigger stamped it) when nothing else did — so a no-op update leaves no audit row.';

CREATE TRIGGER kpi_targets_zz_touch BEFORE UPDATE ON app.kpi_targets FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
COMMENT ON TRIGGER kpi_targets_zz_touch ON app.kpi_targets IS
  'Fires after kpi_targets_rules (name order): a no-op update keeps its updated_at, so it is not audited as a change.';
