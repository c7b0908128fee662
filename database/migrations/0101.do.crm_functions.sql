-- =============================================================================
-- 0101 crm: triggers and functions
--   ids, timestamps, audit; ticket status defaults; dedup
--   (find_or_create_customer / _prospect); prospect stage rules + history +
--   derived activities; lead lifecycle; activity rules;
--   crm_create_lead_bundle(); crm_assign_lead().
-- =============================================================================

-- --------------------------------------------------------------- ids etc. ---
CREATE TRIGGER customers_id BEFORE INSERT ON app.customers FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('customer_id', 'CU');
CREATE TRIGGER prospects_id BEFORE INSERT ON app.prospects FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('prospect_id', 'PR');
CREATE TRIGGER leads_id BEFORE INSERT ON app.leads FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('lead_id', 'LD');
CREATE TRIGGER tickets_id BEFORE INSERT ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.set_prefixed_id('ticket_id', 'TK');

CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER prospects_touch BEFORE UPDATE ON app.prospects FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER leads_touch BEFORE UPDATE ON app.leads FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER tickets_touch BEFORE UPDATE ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

CREATE TRIGGER customers_audit AFTER INSERT OR UPDATE OR DELETE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('customer_id');
CREATE TRIGGER prospects_audit AFTER INSERT OR UPDATE OR DELETE ON app.prospects FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('prospect_id');
CREATE TRIGGER prospect_stage_history_audit AFTER INSERT OR UPDATE OR DELETE ON app.prospect_stage_history FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('history_id');
CREATE TRIGGER leads_audit AFTER INSERT OR UPDATE OR DELETE ON app.leads FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('lead_id');
CREATE TRIGGER sales_activities_audit AFTER INSERT OR UPDATE OR DELETE ON app.sales_activities FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('activity_id');
CREATE TRIGGER marketing_events_audit AFTER INSERT OR UPDATE OR DELETE ON app.marketing_activity_events FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('event_id');
CREATE TRIGGER marketing_spend_audit AFTER INSERT OR UPDATE OR DELETE ON app.marketing_spend FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('spend_id');
CREATE TRIGGER tickets_audit AFTER INSERT OR UPDATE OR DELETE ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ticket_id');

-- --------------------------------------------------------- ticket defaults ---
CREATE FUNCTION app.ticket_defaults() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NEW.ticket_status IS NOT NULL OR NEW.inquiry_status IS NOT NULL THEN
    PERFORM app.raise_error('BC422', 'The status of a new ticket is set by the system',
      '{"errors":[{"field":"status","message":"must not be supplied"}]}');
  END IF;
  IF NEW.ticket_type = 'inquiry_tariff' THEN
    NEW.inquiry_status := 'OPEN';
    NEW.need_customer_masking := true;     -- every RFQ is masked for operations
  ELSE
    NEW.ticket_status := 'OPEN';
  END IF;
  NEW.first_response_at := NULL;
  NEW.resolved_at := NULL;
  NEW.closed_at := NULL;
  NEW.created_at := now();
  NEW.last_activity_at := now();
  RETURN NEW;
END $$;
COMMENT ON FUNCTION app.ticket_defaults() IS 'BEFORE INSERT on tickets: status by type (inquiry → inquiry_status OPEN, masked; others → ticket_status OPEN); client-set statuses and lifecycle timestamps are refused/cleared.';
CREATE TRIGGER tickets_defaults BEFORE INSERT ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.ticket_defaults();

-- ------------------------------------------------------------------ dedup ---
CREATE FUNCTION app.find_or_create_customer(
  p_npwp text, p_email text, p_phone text, p_company_name text,
  p_address text DEFAULT NULL, p_city text DEFAULT NULL, p_industry text DEFAULT NULL)
RETURNS TABLE (customer_id text, customer_match text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
SET pg_trgm.similarity_threshold = 0.75
AS $$
DECLARE
  v_npwp  text := app.normalize_npwp(p_npwp);
  v_email text := app.normalize_email(p_email);
  v_phone text := app.normalize_phone(p_phone);
  v_name  text := app.normalize_company_name(p_company_name);
  by_npwp  text; by_email text; by_phone text; by_name text;
  v_id    text;
  v_match text;
  k       text;
BEGIN
  IF (SELECT app.current_role()) IS NULL AND auth.uid() IS NOT NULL THEN
    PERFORM app.raise_error('BC403', 'Your account is not active');
  END IF;
  IF v_name IS NULL THEN
    PERFORM app.raise_error('BC422', 'Company name is required',
      '{"errors":[{"field":"company_name","message":"is required"}]}');
  END IF;
  -- Serialise creators of the same identity: lock every key we could match
  -- or create, in a fixed order (no deadlocks). Unique indexes stay the
  -- final guard.
  FOR k IN SELECT x FROM unnest(ARRAY['npwp:' || v_npwp, 'email:' || v_email, 'phone:' || v_phone, 'name:' || v_name]) x
            WHERE x IS NOT NULL ORDER BY x LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('bcc.customer.' || k, 0));
  END LOOP;

  IF v_npwp IS NOT NULL THEN SELECT c.customer_id INTO by_npwp FROM app.customers c WHERE c.npwp_norm = v_npwp; END IF;
  IF v_email IS NOT NULL THEN SELECT c.customer_id INTO by_email FROM app.customers c WHERE c.email_norm = v_email; END IF;
  IF v_phone IS NOT NULL THEN SELECT c.customer_id INTO by_phone FROM app.customers c WHERE c.phone_norm = v_phone; END IF;
  -- A name match is only the same company when the NPWPs do not contradict.
  SELECT c.customer_id INTO by_name FROM app.customers c
   WHERE c.name_norm = v_name AND (v_npwp IS NULL OR c.npwp_norm IS NULL OR c.npwp_norm = v_npwp)
   ORDER BY c.created_at, c.customer_id LIMIT 1;

  v_id := coalesce(by_npwp, by_email, by_phone, by_name);
  v_match := CASE WHEN by_npwp IS NOT NULL THEN 'npwp' WHEN by_email IS NOT NULL THEN 'email'
                  WHEN by_phone IS NOT NULL THEN 'phone' WHEN by_name IS NOT NULL THEN 'company_name' ELSE 'new' END;

  IF v_id IS NULL THEN
    INSERT INTO app.customers (company_name, npwp, email, phone, address, city, industry, created_by)
    VALUES (btrim(p_company_name), nullif(btrim(p_npwp), ''), nullif(btrim(p_email), ''), nullif(btrim(p_phone), ''),
            nullif(btrim(p_address), ''), nullif(btrim(p_city), ''), nullif(btrim(p_industry), ''), auth.uid())
    RETURNING customers.customer_id INTO v_id;
    -- Near-identical names are worth a human look.
    INSERT INTO app.customer_duplicate_candidates (customer_id, other_customer_id, match_field, similarity)
    SELECT v_id, c.customer_id, 'similar_name', round(similarity(c.name_norm, v_name)::numeric, 3)
      FROM app.customers c
     WHERE c.name_norm % v_name AND c.customer_id <> v_id
     ORDER BY similarity(c.name_norm, v_name) DESC LIMIT 5
    ON CONFLICT DO NOTHING;
  ELSE
    -- Lower-priority identifiers that point at another customer: record the conflict.
    INSERT INTO app.customer_duplicate_candidates (customer_id, other_customer_id, match_field)
    SELECT v_id, o.id, o.f FROM (VALUES (by_email, 'email'), (by_phone, 'phone'), (by_name, 'company_name')) o(id, f)
     WHERE o.id IS NOT NULL AND o.id <> v_id
    ON CONFLICT DO NOTHING;
    -- Fill identifiers the customer lacks when nobody else has them (no re-typing next time).
    UPDATE app.customers c SET
      npwp  = CASE WHEN c.npwp_norm IS NULL AND v_npwp IS NOT NULL AND by_npwp IS NULL THEN btrim(p_npwp) ELSE c.npwp END,
      email = CASE WHEN c.email_norm IS NULL AND v_email IS NOT NULL AND by_email IS NULL THEN btrim(p_email) ELSE c.email END,
      phone = CASE WHEN c.phone_norm IS NULL AND v_phone IS NOT NULL AND by_phone IS NULL THEN btrim(p_phone) ELSE c.phone END
     WHERE c.customer_id = v_id
       AND ((c.npwp_norm IS NULL AND v_npwp IS NOT NULL AND by_npwp IS NULL)
         OR (c.email_norm IS NULL AND v_email IS NOT NULL AND by_email IS NULL)
         OR (c.phone_norm IS NULL AND v_phone IS NOT NULL AND by_phone IS NULL));
  END IF;
  RETURN QUERY SELECT v_id, v_match;
END $$;
ALTER FUNCTION app.find_or_create_customer(text, text, text, text, text, text, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.find_or_create_customer(text, text, text, text, text, text, text) IS
  'Dedup: NPWP → email → phone → normalised company name (a name match never contradicts a given NPWP). Race-safe (advisory locks per identity key + unique indexes). Conflicting matches and near-identical names become duplicate candidates. Definer-rights because it must see every customer; returns only the id and how it matched.';

CREATE FUNCTION app.find_or_create_prospect(p_customer_id text, p_owner_user_id uuid)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_id text;
BEGIN
  INSERT INTO app.prospects (customer_id, owner_user_id, created_by)
  VALUES (p_customer_id, p_owner_user_id, auth.uid())
  ON CONFLICT (customer_id, owner_user_id) DO NOTHING
  RETURNING prospect_id INTO v_id;
  IF v_id IS NULL THEN
    SELECT p.prospect_id INTO v_id FROM app.prospects p
     WHERE p.customer_id = p_customer_id AND p.owner_user_id IS NOT DISTINCT FROM p_owner_user_id;
  END IF;
  RETURN v_id;
END $$;
ALTER FUNCTION app.find_or_create_prospect(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.find_or_create_prospect(text, uuid) IS
  'The one prospect of (customer, owner) — owner NULL = unassigned pool — created if missing; race-safe through the NULLS NOT DISTINCT unique index and ON CONFLICT. Called by the lead bundle and handover.';

-- ------------------------------------------------------ prospect lifecycle ---
CREATE FUNCTION app.prospect_stage_rank(s app.prospect_stage) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT array_position(enum_range(NULL::app.prospect_stage), s) $$;

CREATE FUNCTION app.prospect_allowed_stages(p_from app.prospect_stage, p_role app.user_role)
RETURNS app.prospect_stage[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(array_agg(s ORDER BY app.prospect_stage_rank(s)), '{}')
    FROM unnest(enum_range(NULL::app.prospect_stage)) s
   WHERE s <> p_from AND (
         -- forward (may skip), LOST from any open stage
         (p_from NOT IN ('WON', 'LOST') AND app.prospect_stage_rank(s) > app.prospect_stage_rank(p_from))
      -- managers may move back, and reopen WON/LOST to CONTACTED
      OR (p_role IN ('sales_manager', 'super_admin') AND p_from NOT IN ('WON', 'LOST') AND app.prospect_stage_rank(s) < app.prospect_stage_rank(p_from))
      OR (p_role IN ('sales_manager', 'super_admin') AND p_from IN ('WON', 'LOST') AND s = 'CONTACTED'))
$$;
COMMENT ON FUNCTION app.prospect_allowed_stages(app.prospect_stage, app.user_role) IS
  'The stages a prospect may move to from p_from for a role: forward (skipping allowed), LOST from any open stage; back and reopen (WON/LOST → CONTACTED) for managers only. One place for the rule.';
GRANT EXECUTE ON FUNCTION app.prospect_stage_rank(app.prospect_stage), app.prospect_allowed_stages(app.prospect_stage, app.user_role) TO authenticated;

CREATE FUNCTION app.prospect_before_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_allowed app.prospect_stage[];
BEGIN
  IF NEW.stage IS DISTINCT FROM OLD.stage THEN
    -- System code (no caller, e.g. migrations) is not bound by the UI rule.
    IF auth.uid() IS NOT NULL THEN
      v_allowed := app.prospect_allowed_stages(OLD.stage, app.current_role());
      IF NOT (NEW.stage = ANY (v_allowed)) THEN
        PERFORM app.raise_error('BC409',
          format('A prospect cannot move from %s to %s. Allowed: %s', OLD.stage, NEW.stage,
                 coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'none')),
          jsonb_build_object('allowed', to_jsonb(v_allowed)));
      END IF;
    END IF;
    NEW.stage_changed_at := now();
    NEW.last_activity_at := now();
    IF NEW.stage <> 'LOST' THEN NEW.lost_reason := NULL; END IF;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION app.prospect_before_update() IS 'BEFORE UPDATE on prospects: enforces allowed stage moves (BC409 listing the allowed ones) and stamps stage_changed_at.';
CREATE TRIGGER prospects_stage_rules BEFORE UPDATE ON app.prospects FOR EACH ROW EXECUTE FUNCTION app.prospect_before_update();

CREATE FUNCTION app.prospect_after_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE v_actor uuid := coalesce(auth.uid(), NEW.owner_user_id, NEW.created_by);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO app.prospect_stage_history (prospect_id, from_stage, to_stage, changed_by, changed_at)
    VALUES (NEW.prospect_id, NULL, NEW.stage, auth.uid(), NEW.created_at);
    RETURN NULL;
  END IF;
  IF NEW.stage IS DISTINCT FROM OLD.stage THEN
    INSERT INTO app.prospect_stage_history (prospect_id, from_stage, to_stage, changed_by)
    VALUES (NEW.prospect_id, OLD.stage, NEW.stage, auth.uid());
    IF v_actor IS NOT NULL THEN
      INSERT INTO app.sales_activities (activity_type, prospect_id, customer_id, owner_user_id, notes, is_system, metadata)
      VALUES ('stage_change', NEW.prospect_id, NEW.customer_id, coalesce(NEW.owner_user_id, v_actor),
              format('%s → %s', OLD.stage, NEW.stage), true,
              jsonb_build_object('from', OLD.stage, 'to', NEW.stage, 'by', auth.uid()));
    END IF;
    -- A won prospect converts its handed-over leads.
    IF NEW.stage = 'WON' THEN
      UPDATE app.leads SET status = 'CONVERTED', converted_at = now()
       WHERE prospect_id = NEW.prospect_id AND status = 'HANDED_OVER';
    END IF;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.prospect_after_change() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.prospect_after_change() IS
  'AFTER INSERT/UPDATE on prospects: writes prospect_stage_history and the derived stage_change activity (is_system), and converts handed-over leads when WON. Definer-rights: history and system activities are not writable by users.';
CREATE TRIGGER prospects_after_change AFTER INSERT OR UPDATE ON app.prospects FOR EACH ROW EXECUTE FUNCTION app.prospect_after_change();

-- ---------------------------------------------------------- lead lifecycle ---
CREATE FUNCTION app.lead_before_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role app.user_role := app.current_role();
  v_allowed text[];
BEGIN
  -- Identity of the lead (links, ownership, handover) changes only through crm_assign_lead().
  IF current_user <> 'bcc_definer' AND auth.uid() IS NOT NULL THEN
    IF (NEW.customer_id, NEW.prospect_id, NEW.sales_owner_user_id, NEW.handed_over_at, NEW.created_by, NEW.created_at, NEW.customer_match, NEW.converted_at)
       IS DISTINCT FROM (OLD.customer_id, OLD.prospect_id, OLD.sales_owner_user_id, OLD.handed_over_at, OLD.created_by, OLD.created_at, OLD.customer_match, OLD.converted_at) THEN
      PERFORM app.raise_error('BC422', 'Links, owner and handover of a lead change only through assignment',
        '{"errors":[{"field":"sales_owner_user_id","message":"use the assign action"}]}');
    END IF;
    IF v_role = 'salesperson'
       AND (NEW.company_name, NEW.npwp, NEW.source_channel, NEW.status, NEW.disqualified_reason)
           IS DISTINCT FROM (OLD.company_name, OLD.npwp, OLD.source_channel, OLD.status, OLD.disqualified_reason) THEN
      PERFORM app.raise_error('BC403', 'A salesperson may change only contact name, email, phone and notes of a lead');
    END IF;
  END IF;
  -- Identifiers keep their format on edit too (each raises BC422 naming the field).
  IF NEW.npwp IS DISTINCT FROM OLD.npwp THEN PERFORM app.normalize_npwp(NEW.npwp); END IF;
  IF NEW.email IS DISTINCT FROM OLD.email THEN PERFORM app.normalize_email(NEW.email); END IF;
  IF NEW.phone IS DISTINCT FROM OLD.phone THEN PERFORM app.normalize_phone(NEW.phone); END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND current_user <> 'bcc_definer' THEN
    v_allowed := CASE OLD.status
      WHEN 'NEW' THEN ARRAY['QUALIFIED', 'DISQUALIFIED']
      WHEN 'QUALIFIED' THEN ARRAY['DISQUALIFIED']
      WHEN 'HANDED_OVER' THEN ARRAY['DISQUALIFIED']
      ELSE ARRAY[]::text[] END;
    IF NOT (NEW.status::text = ANY (v_allowed)) THEN
      PERFORM app.raise_error('BC409',
        format('A lead cannot move from %s to %s here. Allowed: %s%s', OLD.status, NEW.status,
               coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'none'),
               CASE WHEN OLD.status IN ('NEW', 'QUALIFIED', 'HANDED_OVER') THEN ' (HANDED_OVER through assignment)' ELSE '' END),
        jsonb_build_object('allowed', to_jsonb(v_allowed)));
    END IF;
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NEW.status = 'QUALIFIED' THEN NEW.qualified_at := now(); END IF;
    IF NEW.status = 'DISQUALIFIED' THEN
      IF nullif(btrim(NEW.disqualified_reason), '') IS NULL THEN
        PERFORM app.raise_error('BC422', 'A reason is required to disqualify a lead',
          '{"errors":[{"field":"disqualified_reason","message":"is required"}]}');
      END IF;
      NEW.disqualified_at := now();
    END IF;
  END IF;
  NEW.last_activity_at := now();
  RETURN NEW;
END $$;
COMMENT ON FUNCTION app.lead_before_update() IS
  'BEFORE UPDATE on leads: NEW → QUALIFIED, open → DISQUALIFIED (with reason) by PATCH; HANDED_OVER only via crm_assign_lead(), CONVERTED only when the prospect is WON; links/owner never by PATCH; salespeople edit contact fields only.';
CREATE TRIGGER leads_lifecycle BEFORE UPDATE ON app.leads FOR EACH ROW EXECUTE FUNCTION app.lead_before_update();

-- --------------------------------------------------------------- activities ---
CREATE FUNCTION app.sales_activity_before_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_customer text;
  v_obj app.storage_objects;
BEGIN
  SELECT p.customer_id INTO v_customer FROM app.prospects p WHERE p.prospect_id = NEW.prospect_id;
  IF v_customer IS NULL THEN
    PERFORM app.raise_error('BC422', 'Unknown prospect', '{"errors":[{"field":"prospect_id","message":"not found"}]}');
  END IF;
  NEW.customer_id := v_customer;           -- derived, never typed
  IF NOT NEW.is_system THEN
    IF NEW.activity_type = 'visit' AND (NEW.evidence_object_id IS NULL OR NEW.location_lat IS NULL OR NEW.location_lng IS NULL) THEN
      PERFORM app.raise_error('BC422', 'A visit needs a photo and the GPS location',
        jsonb_build_object('errors', (SELECT jsonb_agg(e) FROM (
          SELECT jsonb_build_object('field', 'evidence_object_id', 'message', 'a photo is required') e WHERE NEW.evidence_object_id IS NULL
          UNION ALL SELECT jsonb_build_object('field', 'location', 'message', 'GPS location is required') WHERE NEW.location_lat IS NULL OR NEW.location_lng IS NULL) x)));
    END IF;
    IF NEW.evidence_object_id IS NOT NULL THEN
      SELECT * INTO v_obj FROM app.storage_objects o WHERE o.object_id = NEW.evidence_object_id;
      IF NOT FOUND OR v_obj.uploaded_by IS DISTINCT FROM auth.uid() OR v_obj.bucket <> 'prospect-evidence' OR v_obj.content_type NOT LIKE 'image/%'
         OR v_obj.owner_id IS NOT NULL THEN   -- one photo proves one visit
        PERFORM app.raise_error('BC422', 'The evidence must be a photo you uploaded to prospect-evidence',
          '{"errors":[{"field":"evidence_object_id","message":"must be your uploaded photo"}]}');
      END IF;
    END IF;
    IF NEW.occurred_at > now() + interval '5 minutes' THEN
      PERFORM app.raise_error('BC422', 'An activity cannot be in the future', '{"errors":[{"field":"occurred_at","message":"is in the future"}]}');
    END IF;
  END IF;
  NEW.created_at := now();
  RETURN NEW;
END $$;
ALTER FUNCTION app.sales_activity_before_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.sales_activity_before_insert() IS
  'BEFORE INSERT on sales_activities: customer derived from the prospect; a visit needs the caller''s own photo (prospect-evidence) and GPS.';
CREATE TRIGGER sales_activities_rules BEFORE INSERT ON app.sales_activities FOR EACH ROW EXECUTE FUNCTION app.sales_activity_before_insert();

CREATE FUNCTION app.sales_activity_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE app.prospects SET last_activity_at = greatest(last_activity_at, NEW.occurred_at) WHERE prospect_id = NEW.prospect_id;
  IF NEW.evidence_object_id IS NOT NULL THEN
    UPDATE app.storage_objects SET owner_table = 'sales_activities', owner_id = NEW.activity_id::text
     WHERE object_id = NEW.evidence_object_id;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.sales_activity_after_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.sales_activity_after_insert() IS 'AFTER INSERT on sales_activities: keeps prospects.last_activity_at current (anti-stuck) and attaches the evidence photo to the activity.';
CREATE TRIGGER sales_activities_after AFTER INSERT ON app.sales_activities FOR EACH ROW EXECUTE FUNCTION app.sales_activity_after_insert();

-- RFQ created from a lead/prospect → derived activity on that prospect.
CREATE FUNCTION app.ticket_after_insert_crm() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NEW.ticket_type = 'inquiry_tariff' AND NEW.related_prospect_id IS NOT NULL THEN
    INSERT INTO app.sales_activities (activity_type, prospect_id, customer_id, owner_user_id, notes, is_system, related_lead_id, related_ticket_id, metadata)
    SELECT 'rfq_created', p.prospect_id, p.customer_id, coalesce(p.owner_user_id, NEW.created_by), NEW.subject, true,
           NEW.related_lead_id, NEW.ticket_id, jsonb_build_object('service_type', NEW.service_type)
      FROM app.prospects p WHERE p.prospect_id = NEW.related_prospect_id;
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION app.ticket_after_insert_crm() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_after_insert_crm() IS 'AFTER INSERT on tickets: an RFQ related to a prospect adds the derived rfq_created activity to that prospect.';
CREATE TRIGGER tickets_crm_activity AFTER INSERT ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.ticket_after_insert_crm();

-- ---------------------------------------------------------- lead bundle ---
CREATE FUNCTION app.rfq_dept_for_service(p_service app.service_type) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE p_service WHEN 'land' THEN 'DOM' WHEN 'express' THEN 'DTD' ELSE 'EXI' END $$;
COMMENT ON FUNCTION app.rfq_dept_for_service(app.service_type) IS 'Default department for an RFQ: air/sea_fcl/sea_lcl → EXI, land → DOM, express → DTD.';

CREATE FUNCTION app.crm_create_lead_bundle(payload jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role   app.user_role := app.current_role();
  v_errors jsonb := '[]'::jsonb;
  v_rfq    jsonb := payload -> 'rfq';
  v_cust   record;
  v_prospect text;
  v_lead   text;
  v_ticket text;
  v_service app.service_type;
  v_dept   text;
  f        text;
BEGIN
  IF v_role IS NULL OR v_role NOT IN ('super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager') THEN
    PERFORM app.raise_error('BC403', 'Your role may not create leads');
  END IF;
  -- Validate everything first and refuse the whole request with every field error.
  FOREACH f IN ARRAY ARRAY['company_name', 'contact_name', 'source_channel'] LOOP
    IF nullif(btrim(payload ->> f), '') IS NULL THEN
      v_errors := v_errors || jsonb_build_object('field', f, 'message', 'is required');
    END IF;
  END LOOP;
  IF payload ? 'source_channel' AND NOT (payload ->> 'source_channel' = ANY (enum_range(NULL::app.source_channel)::text[])) THEN
    v_errors := v_errors || jsonb_build_object('field', 'source_channel', 'message', 'is not a known channel');
  END IF;
  BEGIN PERFORM app.normalize_npwp(payload ->> 'npwp');
  EXCEPTION WHEN SQLSTATE 'BC422' THEN v_errors := v_errors || '{"field":"npwp","message":"must have 15 or 16 digits"}'::jsonb; END;
  BEGIN PERFORM app.normalize_email(payload ->> 'email');
  EXCEPTION WHEN SQLSTATE 'BC422' THEN v_errors := v_errors || '{"field":"email","message":"is not a valid email address"}'::jsonb; END;
  BEGIN PERFORM app.normalize_phone(payload ->> 'phone');
  EXCEPTION WHEN SQLSTATE 'BC422' THEN v_errors := v_errors || '{"field":"phone","message":"is not a valid phone number"}'::jsonb; END;
  IF v_rfq IS NOT NULL AND jsonb_typeof(v_rfq) <> 'null' THEN
    FOREACH f IN ARRAY ARRAY['origin', 'destination', 'service_type'] LOOP
      IF nullif(btrim(v_rfq ->> f), '') IS NULL THEN
        v_errors := v_errors || jsonb_build_object('field', 'rfq.' || f, 'message', 'is required for an RFQ');
      END IF;
    END LOOP;
    IF v_rfq ? 'service_type' AND NOT (v_rfq ->> 'service_type' = ANY (enum_range(NULL::app.service_type)::text[])) THEN
      v_errors := v_errors || jsonb_build_object('field', 'rfq.service_type', 'message', 'is not a known service');
    END IF;
    IF v_rfq ? 'weight_kg' AND jsonb_typeof(v_rfq -> 'weight_kg') <> 'null' AND NOT coalesce((v_rfq ->> 'weight_kg') ~ '^\d{1,10}(\.\d{1,2})?$' AND (v_rfq ->> 'weight_kg')::numeric > 0, false) THEN
      v_errors := v_errors || '{"field":"rfq.weight_kg","message":"must be a positive number"}'::jsonb;
    END IF;
    IF v_rfq ? 'volume_cbm' AND jsonb_typeof(v_rfq -> 'volume_cbm') <> 'null' AND NOT coalesce((v_rfq ->> 'volume_cbm') ~ '^\d{1,9}(\.\d{1,3})?$' AND (v_rfq ->> 'volume_cbm')::numeric > 0, false) THEN
      v_errors := v_errors || '{"field":"rfq.volume_cbm","message":"must be a positive number"}'::jsonb;
    END IF;
    IF v_rfq ? 'ready_date' AND jsonb_typeof(v_rfq -> 'ready_date') <> 'null' AND (v_rfq ->> 'ready_date') !~ '^\d{4}-\d{2}-\d{2}$' THEN
      v_errors := v_errors || '{"field":"rfq.ready_date","message":"must be a date (YYYY-MM-DD)"}'::jsonb;
    ELSIF v_rfq ? 'ready_date' AND jsonb_typeof(v_rfq -> 'ready_date') <> 'null' THEN
      BEGIN PERFORM (v_rfq ->> 'ready_date')::date;
      EXCEPTION WHEN others THEN v_errors := v_errors || '{"field":"rfq.ready_date","message":"must be a date (YYYY-MM-DD)"}'::jsonb; END;
    END IF;
    IF v_rfq ? 'priority' AND jsonb_typeof(v_rfq -> 'priority') <> 'null' AND NOT (v_rfq ->> 'priority' = ANY (enum_range(NULL::app.ticket_priority)::text[])) THEN
      v_errors := v_errors || '{"field":"rfq.priority","message":"must be low, normal, high or urgent"}'::jsonb;
    END IF;
    IF v_rfq ? 'dept_target' AND NOT EXISTS (SELECT 1 FROM app.departments d WHERE d.dept_code = v_rfq ->> 'dept_target' AND d.is_ops) THEN
      v_errors := v_errors || jsonb_build_object('field', 'rfq.dept_target', 'message', 'must be an operations department');
    END IF;
  ELSE
    v_rfq := NULL;
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The lead has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;

  SELECT * INTO v_cust FROM app.find_or_create_customer(payload ->> 'npwp', payload ->> 'email', payload ->> 'phone', payload ->> 'company_name');
  v_prospect := app.find_or_create_prospect(v_cust.customer_id, NULL);

  INSERT INTO app.leads (company_name, contact_name, email, phone, npwp, source_channel, notes, created_by,
                         customer_id, prospect_id, customer_match, import_id)
  VALUES (btrim(payload ->> 'company_name'), btrim(payload ->> 'contact_name'), nullif(btrim(payload ->> 'email'), ''),
          nullif(btrim(payload ->> 'phone'), ''), nullif(btrim(payload ->> 'npwp'), ''),
          (payload ->> 'source_channel')::app.source_channel, nullif(btrim(payload ->> 'notes'), ''), auth.uid(),
          v_cust.customer_id, v_prospect, v_cust.customer_match, payload ->> 'import_id')
  RETURNING lead_id INTO v_lead;

  IF v_rfq IS NOT NULL THEN
    v_service := (v_rfq ->> 'service_type')::app.service_type;
    v_dept := coalesce(v_rfq ->> 'dept_target', app.rfq_dept_for_service(v_service));
    INSERT INTO app.tickets (ticket_type, subject, description, priority, dept_target, created_by,
                             related_lead_id, related_customer_id, related_prospect_id, need_customer_masking,
                             origin, destination, service_type, commodity, weight_kg, volume_cbm, ready_date)
    VALUES ('inquiry_tariff',
            -- From route and service only, never the company (ops read it masked).
            left(format('RFQ %s → %s, %s', btrim(v_rfq ->> 'origin'), btrim(v_rfq ->> 'destination'), v_service), 200),
            nullif(btrim(v_rfq ->> 'notes'), ''), coalesce((v_rfq ->> 'priority')::app.ticket_priority, 'normal'), v_dept, auth.uid(),
            v_lead, v_cust.customer_id, v_prospect, true,
            btrim(v_rfq ->> 'origin'), btrim(v_rfq ->> 'destination'), v_service, nullif(btrim(v_rfq ->> 'commodity'), ''),
            (v_rfq ->> 'weight_kg')::numeric, (v_rfq ->> 'volume_cbm')::numeric, (v_rfq ->> 'ready_date')::date)
    RETURNING ticket_id INTO v_ticket;
  END IF;

  RETURN jsonb_build_object('lead_id', v_lead, 'customer_id', v_cust.customer_id, 'prospect_id', v_prospect,
                            'ticket_id', v_ticket, 'customer_match', v_cust.customer_match);
END $$;
ALTER FUNCTION app.crm_create_lead_bundle(jsonb) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.crm_create_lead_bundle(jsonb) IS
  'POST /api/leads in one transaction: validate (all field errors at once, incl. an incomplete RFQ) → find_or_create_customer → unassigned prospect → lead (always linked) → optional masked inquiry_tariff ticket. Callers: super_admin, marketing_manager, marketing_staff, sales_manager. Returns ids and how the customer matched, never another owner''s customer details.';
GRANT EXECUTE ON FUNCTION app.crm_create_lead_bundle(jsonb) TO authenticated;

-- ---------------------------------------------------------------- handover ---
CREATE FUNCTION app.crm_assign_lead(p_lead_id text, p_owner uuid)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role    app.user_role := app.current_role();
  v_lead    app.leads;
  v_target  app.profiles;
  v_old     text;
  v_new     text;
BEGIN
  IF v_role IS NULL OR v_role NOT IN ('super_admin', 'marketing_manager', 'sales_manager') THEN
    PERFORM app.raise_error('BC403', 'Your role may not assign leads');
  END IF;
  -- One assignment of a lead at a time: concurrent assigns end with one consistent owner.
  SELECT * INTO v_lead FROM app.leads WHERE lead_id = p_lead_id FOR UPDATE;
  IF NOT FOUND OR (v_role = 'sales_manager' AND v_lead.sales_owner_user_id IS NOT NULL
                   AND NOT (v_lead.sales_owner_user_id = ANY (app.my_team_ids()))) THEN
    PERFORM app.raise_error('BC404', 'Lead not found');
  END IF;
  SELECT * INTO v_target FROM app.profiles WHERE user_id = p_owner;
  IF NOT FOUND OR NOT v_target.is_active OR v_target.role NOT IN ('salesperson', 'sales_manager') THEN
    PERFORM app.raise_error('BC422', 'The new owner must be an active salesperson or sales manager',
      '{"errors":[{"field":"sales_owner_user_id","message":"must be an active salesperson or sales manager"}]}');
  END IF;
  IF v_role = 'sales_manager' AND NOT (p_owner = ANY (app.my_team_ids())) THEN
    PERFORM app.raise_error('BC422', 'A sales manager assigns only within their team',
      '{"errors":[{"field":"sales_owner_user_id","message":"must be in your team"}]}');
  END IF;
  IF v_lead.status NOT IN ('NEW', 'QUALIFIED', 'HANDED_OVER') THEN
    PERFORM app.raise_error('BC409', format('A %s lead cannot be assigned. Allowed from: NEW, QUALIFIED, HANDED_OVER', v_lead.status),
      '{"allowed":["NEW","QUALIFIED","HANDED_OVER"]}');
  END IF;
  IF v_lead.sales_owner_user_id = p_owner THEN
    RETURN jsonb_build_object('lead_id', v_lead.lead_id, 'sales_owner_user_id', p_owner, 'prospect_id', v_lead.prospect_id, 'status', v_lead.status);
  END IF;

  v_old := v_lead.prospect_id;
  SELECT prospect_id INTO v_new FROM app.prospects WHERE customer_id = v_lead.customer_id AND owner_user_id = p_owner FOR UPDATE;
  IF v_new IS NULL THEN
    IF NOT EXISTS (SELECT 1 FROM app.leads WHERE prospect_id = v_old AND lead_id <> v_lead.lead_id) THEN
      -- Nobody else uses the current prospect: transfer it, history and all.
      UPDATE app.prospects SET owner_user_id = p_owner WHERE prospect_id = v_old;
      v_new := v_old;
    ELSE
      v_new := app.find_or_create_prospect(v_lead.customer_id, p_owner);
    END IF;
  END IF;

  UPDATE app.leads SET sales_owner_user_id = p_owner, prospect_id = v_new, status = 'HANDED_OVER', handed_over_at = now()
   WHERE lead_id = v_lead.lead_id;
  -- RFQs of this lead follow it to the owner's prospect.
  UPDATE app.tickets SET related_prospect_id = v_new WHERE related_lead_id = v_lead.lead_id AND related_prospect_id = v_old;

  -- A prospect left with no lead, owner or (own) activity is merged into the new one, history moved.
  IF v_old <> v_new
     AND NOT EXISTS (SELECT 1 FROM app.leads WHERE prospect_id = v_old)
     AND EXISTS (SELECT 1 FROM app.prospects WHERE prospect_id = v_old AND owner_user_id IS NULL)
     AND NOT EXISTS (SELECT 1 FROM app.sales_activities WHERE prospect_id = v_old AND NOT is_system) THEN
    UPDATE app.prospect_stage_history SET prospect_id = v_new WHERE prospect_id = v_old;
    UPDATE app.sales_activities SET prospect_id = v_new WHERE prospect_id = v_old;
    UPDATE app.tickets SET related_prospect_id = v_new WHERE related_prospect_id = v_old;
    DELETE FROM app.prospects WHERE prospect_id = v_old;
  END IF;

  INSERT INTO app.sales_activities (activity_type, prospect_id, customer_id, owner_user_id, notes, is_system, related_lead_id, metadata)
  VALUES ('handover', v_new, v_lead.customer_id, p_owner, format('Lead %s handed over', v_lead.lead_id), true, v_lead.lead_id,
          jsonb_build_object('from_owner', v_lead.sales_owner_user_id, 'to_owner', p_owner, 'by', auth.uid()));

  RETURN jsonb_build_object('lead_id', v_lead.lead_id, 'sales_owner_user_id', p_owner, 'prospect_id', v_new, 'status', 'HANDED_OVER');
END $$;
ALTER FUNCTION app.crm_assign_lead(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.crm_assign_lead(text, uuid) IS
  'Handover (POST /api/leads/{id}/assign): marketing_manager, super_admin, or a sales_manager within their team. Target: active salesperson/sales_manager. Re-links the lead to the owner''s prospect for its customer, else transfers the current prospect when no other lead uses it, else creates one; an orphaned unassigned prospect is merged away with its history. Row lock on the lead: concurrent assigns serialise.';
GRANT EXECUTE ON FUNCTION app.crm_assign_lead(text, uuid) TO authenticated;
