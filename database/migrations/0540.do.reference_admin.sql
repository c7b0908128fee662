-- =============================================================================
-- 0540 reference data administration (Admin → Data referensi, super_admin)
--
-- The reference tables (departments 0002/0003; holidays, sla_policies,
-- stale_thresholds 0200/0201) already carry their grants and policies: every
-- signed-in user reads them, only super_admin inserts/updates/deletes
-- (0005, 0203). This file adds what maintaining them through the API needs:
--   * the audit trigger departments lacked (holidays, SLA policies and stale
--     thresholds are audited since 0202);
--   * one write function per screen action. They are INVOKER rights on
--     purpose: the RLS policies of 0005/0203 still decide, the function only
--     re-checks the role first (a clear 403 instead of "0 rows") and turns
--     every rule into field errors (BC422 errors[{field, message}]) before
--     anything is written, so the API and the console show the same rules;
--     the table CHECK constraints stay as the last guard.
-- Patches are jsonb so "absent" (unchanged) differs from an explicit null.
-- Changing an SLA target affects tickets created (or re-prioritised) after
-- the change only: due and at-risk times are stored on each ticket when it is
-- created (0202). Holidays likewise count for due times computed afterwards.
-- =============================================================================

-- ------------------------------------------------------------------- audit ---
CREATE TRIGGER departments_audit AFTER INSERT OR UPDATE OR DELETE ON app.departments
  FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('dept_code');

-- ----------------------------------------------------------------- helpers ---
CREATE FUNCTION app.reference_require_admin() RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT app.is_admin() THEN
    PERFORM app.raise_error('BC403', 'Only a super_admin may change reference data');
  END IF;
END
$$;
COMMENT ON FUNCTION app.reference_require_admin() IS
  'Raises BC403 unless the caller is an active super_admin. First statement of every reference-data write function; the RLS policies of the tables enforce the same rule again.';

-- A jsonb patch value as a whole number, NULL when it is not one.
CREATE FUNCTION app.reference_patch_int(p_patch jsonb, p_key text) RETURNS bigint
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN jsonb_typeof(p_patch -> p_key) = 'number'
               AND (p_patch ->> p_key)::numeric = trunc((p_patch ->> p_key)::numeric)
               AND abs((p_patch ->> p_key)::numeric) < 1e15
              THEN (p_patch ->> p_key)::numeric::bigint END
$$;
COMMENT ON FUNCTION app.reference_patch_int(jsonb, text) IS
  'The value of key p_key of a jsonb patch when it is a whole JSON number, else NULL (reference-data write functions report that as a field error).';

-- ---------------------------------------------------------------- holidays ---
CREATE FUNCTION app.reference_holiday_errors(p_holiday_date date, p_name text, p_name_en text) RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM (
    SELECT jsonb_build_object('field', 'holiday_date', 'message', 'must be a day between 2000-01-01 and 2100-12-31') AS e
     WHERE p_holiday_date IS NOT NULL AND p_holiday_date NOT BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'
    UNION ALL
    SELECT jsonb_build_object('field', 'name', 'message', 'is required') WHERE nullif(btrim(p_name), '') IS NULL
    UNION ALL
    SELECT jsonb_build_object('field', 'name', 'message', 'must be at most 200 characters') WHERE length(btrim(p_name)) > 200
    UNION ALL
    SELECT jsonb_build_object('field', 'name_en', 'message', 'must be at most 200 characters') WHERE length(btrim(p_name_en)) > 200
  ) x
$$;
COMMENT ON FUNCTION app.reference_holiday_errors(date, text, text) IS
  'Field errors of a holiday (date range, name required and ≤ 200 characters, English name ≤ 200): the one statement of these rules, used by add and update.';

CREATE FUNCTION app.reference_add_holiday(p_holiday_date date, p_name text, p_name_en text DEFAULT NULL)
RETURNS app.holidays
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_errors jsonb;
  v_row    app.holidays;
BEGIN
  PERFORM app.reference_require_admin();
  v_errors := app.reference_holiday_errors(p_holiday_date, p_name, p_name_en);
  IF p_holiday_date IS NULL THEN
    v_errors := '[{"field":"holiday_date","message":"is required"}]'::jsonb || v_errors;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The holiday has missing or invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  INSERT INTO app.holidays (holiday_date, name, name_en)
  VALUES (p_holiday_date, btrim(p_name), nullif(btrim(p_name_en), ''))
  ON CONFLICT (holiday_date) DO NOTHING
  RETURNING * INTO v_row;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC409', format('%s is already a holiday', to_char(p_holiday_date, 'YYYY-MM-DD')),
      '{"errors":[{"field":"holiday_date","message":"is already a holiday"}]}');
  END IF;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_add_holiday(date, text, text) IS
  'POST /api/reference/holidays (super_admin): adds a whole-day holiday. BC422 with field errors for a missing/out-of-range date or a missing/too long name, BC409 when the day already is a holiday. Business time counts it from then on; due times already stored on tickets are not shifted.';

CREATE FUNCTION app.reference_update_holiday(p_holiday_date date, p_patch jsonb)
RETURNS app.holidays
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row    app.holidays;
  v_errors jsonb;
  v_name   text;
  v_en     text;
BEGIN
  PERFORM app.reference_require_admin();
  SELECT * INTO v_row FROM app.holidays h WHERE h.holiday_date = p_holiday_date FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Holiday not found');
  END IF;
  p_patch := coalesce(p_patch, '{}'::jsonb);
  v_name := CASE WHEN p_patch ? 'name' THEN p_patch ->> 'name' ELSE v_row.name END;
  v_en := CASE WHEN p_patch ? 'name_en' THEN p_patch ->> 'name_en' ELSE v_row.name_en END;
  v_errors := app.reference_holiday_errors(p_holiday_date, v_name, v_en);
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The holiday has missing or invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  UPDATE app.holidays h SET name = btrim(v_name), name_en = nullif(btrim(v_en), '')
   WHERE h.holiday_date = p_holiday_date
  RETURNING * INTO v_row;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_update_holiday(date, jsonb) IS
  'PATCH /api/reference/holidays/{date} (super_admin): renames a holiday (patch keys name, name_en; absent = unchanged, name_en null/"" = none). BC404 unknown day, BC422 field errors. The date itself is the key: to move a holiday, delete it and add the new day.';

CREATE FUNCTION app.reference_delete_holiday(p_holiday_date date)
RETURNS app.holidays
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row app.holidays;
BEGIN
  PERFORM app.reference_require_admin();
  DELETE FROM app.holidays h WHERE h.holiday_date = p_holiday_date RETURNING * INTO v_row;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Holiday not found');
  END IF;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_delete_holiday(date) IS
  'DELETE /api/reference/holidays/{date} (super_admin): the day becomes a working day again (if Mon–Fri) for business time computed afterwards. BC404 unknown day.';

-- ------------------------------------------------------------ SLA policies ---
CREATE FUNCTION app.reference_update_sla_policy(p_ticket_type text, p_priority text, p_patch jsonb)
RETURNS app.sla_policies
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row    app.sla_policies;
  v_errors jsonb := '[]'::jsonb;
  v_fr     bigint;
  v_res    bigint;
BEGIN
  PERFORM app.reference_require_admin();
  IF p_ticket_type IS NULL OR p_priority IS NULL
     OR NOT (p_ticket_type = ANY (enum_range(NULL::app.ticket_type)::text[]))
     OR NOT (p_priority = ANY (enum_range(NULL::app.ticket_priority)::text[])) THEN
    PERFORM app.raise_error('BC404', 'SLA policy not found');
  END IF;
  SELECT * INTO v_row FROM app.sla_policies p
   WHERE p.ticket_type = p_ticket_type::app.ticket_type AND p.priority = p_priority::app.ticket_priority
   FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'SLA policy not found');
  END IF;
  p_patch := coalesce(p_patch, '{}'::jsonb);

  v_fr := v_row.first_response_minutes;
  IF p_patch ? 'first_response_minutes' THEN
    v_fr := app.reference_patch_int(p_patch, 'first_response_minutes');
    IF v_fr IS NULL THEN
      v_errors := v_errors || '{"field":"first_response_minutes","message":"must be a whole number of business minutes"}';
    ELSIF v_fr NOT BETWEEN 1 AND 100000 THEN
      v_errors := v_errors || '{"field":"first_response_minutes","message":"must be between 1 and 100000 business minutes"}';
    END IF;
  END IF;
  v_res := v_row.resolution_minutes;
  IF p_patch ? 'resolution_minutes' THEN
    v_res := app.reference_patch_int(p_patch, 'resolution_minutes');
    IF v_res IS NULL THEN
      v_errors := v_errors || '{"field":"resolution_minutes","message":"must be a whole number of business minutes"}';
    ELSIF v_res NOT BETWEEN 1 AND 1000000 THEN
      v_errors := v_errors || '{"field":"resolution_minutes","message":"must be between 1 and 1000000 business minutes"}';
    END IF;
  END IF;
  -- Resolving includes responding: a resolution target shorter than the
  -- first-response target would put "resolution at risk" before the first
  -- response is even due.
  -- The error goes to the field that was changed (resolution when both were).
  IF jsonb_array_length(v_errors) = 0 AND v_res < v_fr THEN
    v_errors := v_errors || CASE WHEN p_patch ? 'resolution_minutes'
      THEN jsonb_build_object('field', 'resolution_minutes',
             'message', format('must be at least the first-response target (%s business minutes)', v_fr))
      ELSE jsonb_build_object('field', 'first_response_minutes',
             'message', format('must be at most the resolution target (%s business minutes)', v_res)) END;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The SLA targets are invalid', jsonb_build_object('errors', v_errors));
  END IF;

  UPDATE app.sla_policies p SET first_response_minutes = v_fr, resolution_minutes = v_res
   WHERE p.ticket_type = v_row.ticket_type AND p.priority = v_row.priority
  RETURNING * INTO v_row;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_update_sla_policy(text, text, jsonb) IS
  'PATCH /api/reference/sla-policies/{ticket_type}/{priority} (super_admin): first-response and resolution targets in business minutes (Mon–Fri 08:00–17:00 Asia/Jakarta minus holidays). BC404 unknown type/priority, BC422 field errors (whole minutes, 1–100000 / 1–1000000, resolution ≥ first response). Affects tickets created or re-prioritised afterwards only: due and at-risk (80 %) times are stored on each ticket.';

-- -------------------------------------------------------- stale thresholds ---
CREATE FUNCTION app.reference_update_stale_threshold(p_entity text, p_patch jsonb)
RETURNS app.stale_thresholds
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row    app.stale_thresholds;
  v_errors jsonb := '[]'::jsonb;
  v_hours  numeric;
  v_desc   text;
  v_th     interval;
BEGIN
  PERFORM app.reference_require_admin();
  SELECT * INTO v_row FROM app.stale_thresholds th WHERE th.entity = p_entity FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Stale threshold not found');
  END IF;
  p_patch := coalesce(p_patch, '{}'::jsonb);

  v_th := v_row.threshold;
  IF p_patch ? 'threshold_hours' THEN
    IF jsonb_typeof(p_patch -> 'threshold_hours') <> 'number' THEN
      v_errors := v_errors || '{"field":"threshold_hours","message":"must be a number of hours"}';
    ELSE
      v_hours := (p_patch ->> 'threshold_hours')::numeric;
      IF v_hours <= 0 OR v_hours > 8760 THEN
        v_errors := v_errors || '{"field":"threshold_hours","message":"must be more than 0 and at most 8760 hours (365 days)"}';
      ELSIF abs(v_hours * 60 - round(v_hours * 60)) > 0.0001 THEN
        -- Whole minutes; the tolerance absorbs binary fractions (25 min = 0.41666… h).
        v_errors := v_errors || '{"field":"threshold_hours","message":"must be a whole number of minutes"}';
      ELSE
        -- Whole days read as days ('2 days'), the rest as time ('1 day 02:00:00').
        v_th := justify_hours(make_interval(mins => round(v_hours * 60)::integer));
      END IF;
    END IF;
  END IF;
  v_desc := v_row.description;
  IF p_patch ? 'description' THEN
    v_desc := btrim(p_patch ->> 'description');
    IF jsonb_typeof(p_patch -> 'description') <> 'string' OR coalesce(v_desc, '') = '' THEN
      v_errors := v_errors || '{"field":"description","message":"is required"}';
    ELSIF length(v_desc) > 500 THEN
      v_errors := v_errors || '{"field":"description","message":"must be at most 500 characters"}';
    END IF;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The stale threshold is invalid', jsonb_build_object('errors', v_errors));
  END IF;

  UPDATE app.stale_thresholds th SET threshold = v_th, description = v_desc
   WHERE th.entity = v_row.entity
  RETURNING * INTO v_row;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_update_stale_threshold(text, jsonb) IS
  'PATCH /api/reference/stale-thresholds/{entity} (super_admin): how long an open item may stay idle before it is listed as stuck (patch keys threshold_hours — more than 0, at most 8760, whole minutes — and description). BC404 unknown entity, BC422 field errors. Stale lists read the table live, so the change shows at once.';

-- ------------------------------------------------------------- departments ---
CREATE FUNCTION app.reference_update_department(p_dept_code text, p_patch jsonb)
RETURNS app.departments
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row    app.departments;
  v_errors jsonb := '[]'::jsonb;
  v_name   text;
  v_en     text;
  v_sort   bigint;
  k        text;
BEGIN
  PERFORM app.reference_require_admin();
  SELECT * INTO v_row FROM app.departments d WHERE d.dept_code = p_dept_code FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Department not found');
  END IF;
  p_patch := coalesce(p_patch, '{}'::jsonb);

  v_name := v_row.name;
  v_en := v_row.name_en;
  FOREACH k IN ARRAY ARRAY['name', 'name_en'] LOOP
    CONTINUE WHEN NOT p_patch ? k;
    IF jsonb_typeof(p_patch -> k) <> 'string' OR btrim(p_patch ->> k) = '' THEN
      v_errors := v_errors || jsonb_build_object('field', k, 'message', 'is required');
    ELSIF length(btrim(p_patch ->> k)) > 100 THEN
      v_errors := v_errors || jsonb_build_object('field', k, 'message', 'must be at most 100 characters');
    ELSIF k = 'name' THEN
      v_name := btrim(p_patch ->> k);
    ELSE
      v_en := btrim(p_patch ->> k);
    END IF;
  END LOOP;
  v_sort := v_row.sort_order;
  IF p_patch ? 'sort_order' THEN
    v_sort := app.reference_patch_int(p_patch, 'sort_order');
    IF v_sort IS NULL OR v_sort NOT BETWEEN 0 AND 10000 THEN
      v_errors := v_errors || '{"field":"sort_order","message":"must be a whole number between 0 and 10000"}';
    END IF;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The department has missing or invalid fields', jsonb_build_object('errors', v_errors));
  END IF;

  UPDATE app.departments d SET name = v_name, name_en = v_en, sort_order = v_sort
   WHERE d.dept_code = v_row.dept_code
  RETURNING * INTO v_row;
  RETURN v_row;
END
$$;
COMMENT ON FUNCTION app.reference_update_department(text, jsonb) IS
  'PATCH /api/reference/departments/{dept_code} (super_admin): display names (Indonesian, English; 1–100 characters) and list order (0–10000). The code and is_ops are structural (users, ticket queues, RFQ routing and KPI scope depend on them) and are not changed here; departments are never deleted through the API. BC404 unknown code, BC422 field errors.';

-- ------------------------------------------------------------------ grants ---
REVOKE EXECUTE ON FUNCTION
  app.reference_require_admin(),
  app.reference_patch_int(jsonb, text),
  app.reference_holiday_errors(date, text, text),
  app.reference_add_holiday(date, text, text),
  app.reference_update_holiday(date, jsonb),
  app.reference_delete_holiday(date),
  app.reference_update_sla_policy(text, text, jsonb),
  app.reference_update_stale_threshold(text, jsonb),
  app.reference_update_department(text, jsonb)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  app.reference_require_admin(),
  app.reference_patch_int(jsonb, text),
  app.reference_holiday_errors(date, text, text),
  app.reference_add_holiday(date, text, text),
  app.reference_update_holiday(date, jsonb),
  app.reference_delete_holiday(date),
  app.reference_update_sla_policy(text, text, jsonb),
  app.reference_update_stale_threshold(text, jsonb),
  app.reference_update_department(text, jsonb)
TO authenticated;
