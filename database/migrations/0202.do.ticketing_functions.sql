-- =============================================================================
-- 0202 ticketing: functions and triggers
--   business time (business_window, business_minutes, add_business_minutes),
--   lifecycle helpers, per-ticket SLA state (ticket_sla), identity redaction,
--   triggers on tickets (rules on insert, lifecycle on update, SLA events),
--   on messages (first response), attachments and quotes, and the two flows
--   the API calls: ticket_create(payload) and ticket_update(id, patch).
-- Invoker functions run under the caller's RLS; SECURITY DEFINER ones are owned
-- by bcc_definer, pin search_path and re-check the caller.
-- =============================================================================

-- ----------------------------------------------------------- business time ---

CREATE FUNCTION app.business_window(p_day date, OUT open_at timestamptz, OUT close_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN w THEN (p_day + time '08:00') AT TIME ZONE 'Asia/Jakarta' END,
         CASE WHEN w THEN (p_day + time '17:00') AT TIME ZONE 'Asia/Jakarta' END
    FROM (SELECT extract(isodow FROM p_day) < 6
                 AND NOT EXISTS (SELECT 1 FROM app.holidays h WHERE h.holiday_date = p_day) AS w) x
$$;
COMMENT ON FUNCTION app.business_window(date) IS
  'The business calendar, in one place: the working window of a day (08:00–17:00 Asia/Jakarta, Monday–Friday, not a holiday), or NULLs when the day is not a working day. Callable by every signed-in user.';

CREATE FUNCTION app.business_minutes(p_from timestamptz, p_to timestamptz) RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN p_from IS NULL OR p_to IS NULL THEN NULL
              WHEN p_to <= p_from THEN 0::numeric
              ELSE coalesce((
                SELECT round(sum(extract(epoch FROM least(p_to, w.close_at) - greatest(p_from, w.open_at))) / 60, 2)
                  FROM generate_series((p_from AT TIME ZONE 'Asia/Jakarta')::date,
                                       (p_to AT TIME ZONE 'Asia/Jakarta')::date, interval '1 day') AS g(d)
                  CROSS JOIN LATERAL app.business_window(g.d::date) AS w
                 WHERE w.open_at IS NOT NULL
                   AND least(p_to, w.close_at) > greatest(p_from, w.open_at)), 0::numeric)
         END
$$;
COMMENT ON FUNCTION app.business_minutes(timestamptz, timestamptz) IS
  'Business minutes between two moments: the sum, per calendar day, of the overlap with that day''s business window (never minute by minute). 0 when p_to <= p_from. Callable by every signed-in user.';

CREATE FUNCTION app.add_business_minutes(p_from timestamptz, p_minutes numeric) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_day   date := (p_from AT TIME ZONE 'Asia/Jakarta')::date;
  v_left  numeric := p_minutes;
  v_win   record;
  v_start timestamptz;
  v_avail numeric;
BEGIN
  IF p_from IS NULL OR p_minutes IS NULL THEN RETURN NULL; END IF;
  IF p_minutes <= 0 THEN RETURN p_from; END IF;
  -- Day by day; at most ~27 years of calendar for a sane target.
  FOR i IN 1..10000 LOOP
    SELECT * INTO v_win FROM app.business_window(v_day);
    IF v_win.open_at IS NOT NULL THEN
      v_start := greatest(p_from, v_win.open_at);
      IF v_start < v_win.close_at THEN
        v_avail := extract(epoch FROM v_win.close_at - v_start) / 60;
        IF v_left <= v_avail THEN
          RETURN v_start + make_interval(secs => (v_left * 60)::double precision);
        END IF;
        v_left := v_left - v_avail;
      END IF;
    END IF;
    v_day := v_day + 1;
  END LOOP;
  PERFORM app.raise_error('BC422', 'The business-time span is too long');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION app.add_business_minutes(timestamptz, numeric) IS
  'Inverse of business_minutes: the moment n business minutes after p_from (walking day by day over the business calendar). n <= 0 returns p_from. Callable by every signed-in user.';

GRANT EXECUTE ON FUNCTION app.business_window(date), app.business_minutes(timestamptz, timestamptz),
  app.add_business_minutes(timestamptz, numeric) TO authenticated;

-- --------------------------------------------------------- lifecycle helpers ---

CREATE FUNCTION app.ticket_lifecycle(p_type app.ticket_type) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN p_type = 'inquiry_tariff' THEN 'inquiry' ELSE 'ticket' END $$;
COMMENT ON FUNCTION app.ticket_lifecycle(app.ticket_type) IS 'inquiry_tariff follows the inquiry lifecycle (inquiry_status); the other types the ticket lifecycle (ticket_status).';

CREATE FUNCTION app.ticket_allowed_transitions(p_type app.ticket_type, p_from text)
RETURNS TABLE (to_status text, requires_reason boolean, requires_quote boolean)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT tr.to_status, tr.requires_reason, tr.requires_quote
    FROM app.ticket_transitions tr
   WHERE tr.lifecycle = app.ticket_lifecycle(p_type) AND tr.from_status = p_from
   ORDER BY tr.sort_order, tr.to_status
$$;
COMMENT ON FUNCTION app.ticket_allowed_transitions(app.ticket_type, text) IS
  'The statuses a ticket of this type may move to from p_from, with whether the move needs a reason or a quote (from app.ticket_transitions). Callable by every signed-in user.';

CREATE FUNCTION app.ticket_is_terminal(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p_status IN ('CLOSED', 'WON', 'LOST', 'CANCELLED') $$;
COMMENT ON FUNCTION app.ticket_is_terminal(text) IS 'Statuses that end a ticket (closed_at is set on entering them).';

CREATE FUNCTION app.ticket_resolves(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p_status IN ('RESOLVED', 'CLOSED', 'QUOTED', 'CANCELLED', 'WON', 'LOST') $$;
COMMENT ON FUNCTION app.ticket_resolves(text) IS
  'Statuses where the handling department''s part is done: the first time a ticket reaches one of them is its resolution (RESOLVED/CLOSED; for an inquiry QUOTED/CANCELLED).';

GRANT EXECUTE ON FUNCTION app.ticket_lifecycle(app.ticket_type), app.ticket_allowed_transitions(app.ticket_type, text),
  app.ticket_is_terminal(text), app.ticket_resolves(text) TO authenticated;

CREATE FUNCTION app.ticket_check_transition(p_type app.ticket_type, p_from text, p_to text) RETURNS app.ticket_transitions
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_tr      app.ticket_transitions;
  v_allowed text[];
BEGIN
  SELECT * INTO v_tr FROM app.ticket_transitions tr
   WHERE tr.lifecycle = app.ticket_lifecycle(p_type) AND tr.from_status = p_from AND tr.to_status = p_to;
  IF NOT FOUND THEN
    SELECT coalesce(array_agg(a.to_status), '{}') INTO v_allowed FROM app.ticket_allowed_transitions(p_type, p_from) a;
    PERFORM app.raise_error('BC409',
      format('A ticket cannot move from %s to %s. Allowed: %s', p_from, coalesce(p_to, 'none'),
             coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'none')),
      jsonb_build_object('allowed', to_jsonb(v_allowed), 'from', p_from, 'to', p_to));
  END IF;
  RETURN v_tr;
END
$$;
COMMENT ON FUNCTION app.ticket_check_transition(app.ticket_type, text, text) IS
  'The one check of a status move against app.ticket_transitions: returns the transition row, or raises BC409 whose message and DETAIL {"allowed":[...]} name the allowed targets. Callable by every signed-in user.';

GRANT EXECUTE ON FUNCTION app.ticket_check_transition(app.ticket_type, text, text) TO authenticated;

-- ----------------------------------------------------------- SLA per ticket ---
-- Compares the stored due/risk times with now(): no business-time arithmetic
-- per row except the time left, which is only computed when selected.
-- Deliberately without SET search_path (fully qualified names) so the planner
-- can inline it into the views and lists.
CREATE FUNCTION app.ticket_sla(t app.tickets)
RETURNS TABLE (status text, is_open boolean, is_paused boolean,
               first_response_breached boolean, first_response_at_risk boolean,
               resolution_breached boolean, resolution_at_risk boolean,
               sla_state text, next_due_at timestamptz, business_minutes_to_due numeric)
LANGUAGE sql STABLE
AS $$
  SELECT b.status, b.is_open, b.is_paused, b.frb, b.frr, b.rb, b.rr,
         CASE WHEN b.is_paused THEN 'paused'
              WHEN NOT b.is_open THEN CASE WHEN b.frb OR b.rb THEN 'breached' ELSE 'met' END
              WHEN b.frb OR b.rb THEN 'breached'
              WHEN b.frr OR b.rr THEN 'at_risk'
              ELSE 'on_track' END,
         b.next_due,
         CASE WHEN b.next_due IS NULL THEN NULL
              WHEN b.next_due >= pg_catalog.now() THEN app.business_minutes(pg_catalog.now(), b.next_due)
              ELSE -app.business_minutes(b.next_due, pg_catalog.now()) END
    FROM (
      SELECT a.status, a.is_open, a.is_paused,
             coalesce(coalesce(t.first_response_at, CASE WHEN a.is_open THEN a.clock ELSE coalesce(t.resolved_at, t.closed_at, a.clock) END) > t.first_response_due_at, false) AS frb,
             coalesce(coalesce(t.resolved_at, CASE WHEN a.is_open THEN a.clock ELSE coalesce(t.closed_at, a.clock) END) > t.resolution_due_at, false) AS rb,
             coalesce(a.is_open AND NOT a.is_paused AND t.first_response_at IS NULL AND pg_catalog.now() >= t.first_response_risk_at
                AND pg_catalog.now() <= t.first_response_due_at, false) AS frr,
             coalesce(a.is_open AND NOT a.is_paused AND t.resolved_at IS NULL AND pg_catalog.now() >= t.resolution_risk_at
                AND pg_catalog.now() <= t.resolution_due_at, false) AS rr,
             CASE WHEN a.is_open AND NOT a.is_paused THEN
                  CASE WHEN t.first_response_at IS NULL AND t.resolved_at IS NULL THEN least(t.first_response_due_at, t.resolution_due_at)
                       WHEN t.first_response_at IS NULL THEN t.first_response_due_at
                       WHEN t.resolved_at IS NULL THEN t.resolution_due_at END END AS next_due
        FROM (SELECT coalesce(t.ticket_status::text, t.inquiry_status::text) AS status,
                     coalesce(t.ticket_status::text, t.inquiry_status::text) IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER') AS is_open,
                     t.ticket_status IS NOT DISTINCT FROM 'WAITING_CUSTOMER' AS is_paused,
                     -- While waiting on the customer the clock stands still.
                     coalesce(t.waiting_since, pg_catalog.now()) AS clock) a
    ) b
$$;
COMMENT ON FUNCTION app.ticket_sla(app.tickets) IS
  'SLA state of one ticket from its stored due/risk times: breached (a due time passed before the response/resolution, or now while still open; the clock stands still in WAITING_CUSTOMER), at risk (>= 80 % of a target elapsed, still open, not yet breached), sla_state breached|at_risk|on_track|paused|met, the next due time and business minutes left (negative = overdue). Callable by every signed-in user; reads only its argument.';
GRANT EXECUTE ON FUNCTION app.ticket_sla(app.tickets) TO authenticated;

-- ------------------------------------------------------- identity redaction ---
CREATE FUNCTION app.redact_identity(p_text text, p_terms text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_out  text := p_text;
  v_term text;
BEGIN
  IF p_text IS NULL OR p_terms IS NULL THEN RETURN p_text; END IF;
  -- Longest first, so "PT Sinar Jaya Tbk" goes before "sinar jaya".
  FOR v_term IN SELECT y.term FROM (SELECT DISTINCT btrim(x) AS term FROM unnest(p_terms) x WHERE length(btrim(x)) >= 3) y
                 ORDER BY length(y.term) DESC, y.term LOOP
    v_out := regexp_replace(v_out, regexp_replace(v_term, '([.*+?^${}()|\[\]\\-])', '\\\1', 'g'), '[MASKED]', 'gi');
  END LOOP;
  RETURN v_out;
END
$$;
COMMENT ON FUNCTION app.redact_identity(text, text[]) IS
  'Replaces every occurrence (case-insensitive) of the given identity terms in a text by [MASKED]. Pure: the masking view and the ops functions pass the customer''s and lead''s identifiers, so a name typed into an RFQ never reaches ops.';
-- Granted because the masking view calls it under the caller's rights; it is pure
-- (the caller supplies both arguments), so it reveals nothing.
GRANT EXECUTE ON FUNCTION app.redact_identity(text, text[]) TO authenticated;

-- ---------------------------------------------------- ticket rules (insert) ---
CREATE FUNCTION app.ticket_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_errors jsonb := '[]'::jsonb;
  v_rfq    boolean := NEW.ticket_type = 'inquiry_tariff';
  v_link   record;
  v_pol    app.sla_policies;
  v_today  date := (now() AT TIME ZONE 'Asia/Jakarta')::date;
BEGIN
  NEW.subject := nullif(btrim(NEW.subject), '');
  NEW.description := nullif(btrim(NEW.description), '');
  NEW.origin := nullif(btrim(NEW.origin), '');
  NEW.destination := nullif(btrim(NEW.destination), '');
  NEW.commodity := nullif(btrim(NEW.commodity), '');
  NEW.pickup_address := nullif(btrim(NEW.pickup_address), '');
  NEW.cargo_description := nullif(btrim(NEW.cargo_description), '');
  NEW.shipment_reference := nullif(btrim(NEW.shipment_reference), '');

  -- Minimal fields by type (domain.md); every missing one is reported at once.
  IF v_rfq THEN
    IF NEW.origin IS NULL THEN v_errors := v_errors || '{"field":"rfq.origin","message":"is required for an RFQ"}'; END IF;
    IF NEW.destination IS NULL THEN v_errors := v_errors || '{"field":"rfq.destination","message":"is required for an RFQ"}'; END IF;
    IF NEW.service_type IS NULL THEN v_errors := v_errors || '{"field":"rfq.service_type","message":"is required for an RFQ"}'; END IF;
  ELSIF NEW.ticket_type = 'request_pickup' THEN
    IF NEW.pickup_address IS NULL THEN v_errors := v_errors || '{"field":"pickup_address","message":"is required for a pickup request"}'; END IF;
    IF NEW.pickup_date IS NULL THEN v_errors := v_errors || '{"field":"pickup_date","message":"is required for a pickup request"}';
    ELSIF NEW.pickup_date < v_today AND auth.uid() IS NOT NULL THEN
      v_errors := v_errors || '{"field":"pickup_date","message":"must not be in the past"}';
    END IF;
    IF NEW.cargo_description IS NULL THEN v_errors := v_errors || '{"field":"cargo_description","message":"is required for a pickup request"}'; END IF;
  ELSIF NEW.ticket_type = 'complaint' THEN
    IF NEW.description IS NULL THEN v_errors := v_errors || '{"field":"description","message":"is required for a complaint"}'; END IF;
    IF NEW.shipment_reference IS NULL THEN v_errors := v_errors || '{"field":"shipment_reference","message":"is required for a complaint"}'; END IF;
  ELSE
    IF NEW.subject IS NULL THEN v_errors := v_errors || '{"field":"subject","message":"is required"}'; END IF;
    IF NEW.description IS NULL THEN v_errors := v_errors || '{"field":"description","message":"is required"}'; END IF;
  END IF;

  IF NEW.dept_target IS NULL OR NOT EXISTS (SELECT 1 FROM app.departments d WHERE d.dept_code = NEW.dept_target) THEN
    v_errors := v_errors || '{"field":"dept_target","message":"is not a known department"}';
  END IF;

  -- Related records must be visible to the caller (RLS applies here); the
  -- missing links are derived from the given ones (no re-typing).
  IF NEW.related_lead_id IS NOT NULL THEN
    SELECT l.customer_id, l.prospect_id INTO v_link FROM app.leads l WHERE l.lead_id = NEW.related_lead_id;
    IF NOT FOUND THEN
      v_errors := v_errors || '{"field":"related_lead_id","message":"not found"}';
    ELSE
      IF NEW.related_customer_id IS NOT NULL AND NEW.related_customer_id <> v_link.customer_id THEN
        v_errors := v_errors || '{"field":"related_customer_id","message":"is not the customer of the lead"}';
      END IF;
      NEW.related_customer_id := coalesce(NEW.related_customer_id, v_link.customer_id);
      NEW.related_prospect_id := coalesce(NEW.related_prospect_id, v_link.prospect_id);
    END IF;
  END IF;
  IF NEW.related_prospect_id IS NOT NULL THEN
    SELECT p.customer_id INTO v_link FROM app.prospects p WHERE p.prospect_id = NEW.related_prospect_id;
    IF NOT FOUND THEN
      v_errors := v_errors || '{"field":"related_prospect_id","message":"not found"}';
    ELSE
      IF NEW.related_customer_id IS NOT NULL AND NEW.related_customer_id <> v_link.customer_id THEN
        v_errors := v_errors || '{"field":"related_customer_id","message":"is not the customer of the prospect"}';
      END IF;
      NEW.related_customer_id := coalesce(NEW.related_customer_id, v_link.customer_id);
    END IF;
  END IF;
  IF NEW.related_customer_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM app.customers c WHERE c.customer_id = NEW.related_customer_id) THEN
    v_errors := v_errors || '{"field":"related_customer_id","message":"not found"}';
  END IF;

  IF NEW.assigned_to_user_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM app.v_directory d WHERE d.user_id = NEW.assigned_to_user_id AND d.is_active
                       AND d.dept_code = NEW.dept_target) THEN
    v_errors := v_errors || '{"field":"assigned_to_user_id","message":"must be an active member of the target department"}';
  END IF;

  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The ticket has missing or invalid fields', jsonb_build_object('errors', v_errors));
  END IF;

  -- A subject from what was typed anyway (never the company: RFQs are read masked).
  IF NEW.subject IS NULL THEN
    NEW.subject := left(CASE NEW.ticket_type
      WHEN 'inquiry_tariff' THEN format('RFQ %s → %s, %s', NEW.origin, NEW.destination, NEW.service_type)
      WHEN 'request_pickup' THEN format('Pickup %s: %s', to_char(NEW.pickup_date, 'YYYY-MM-DD'), NEW.cargo_description)
      WHEN 'complaint' THEN format('Complaint %s', NEW.shipment_reference)
    END, 200);
  END IF;

  -- Lifecycle bookkeeping starts clean; SLA due times from the policy.
  NEW.status_reason := NULL;
  NEW.waiting_since := NULL;
  NEW.paused_minutes := 0;
  NEW.paused_business_minutes := 0;
  NEW.first_response_business_minutes := NULL;
  NEW.resolution_minutes := NULL;
  NEW.resolution_business_minutes := NULL;
  SELECT * INTO v_pol FROM app.sla_policies p WHERE p.ticket_type = NEW.ticket_type AND p.priority = NEW.priority;
  IF FOUND THEN
    NEW.first_response_due_at := app.add_business_minutes(NEW.created_at, v_pol.first_response_minutes);
    NEW.first_response_risk_at := app.add_business_minutes(NEW.created_at, v_pol.first_response_minutes * 0.8);
    NEW.resolution_due_at := app.add_business_minutes(NEW.created_at, v_pol.resolution_minutes);
    NEW.resolution_risk_at := app.add_business_minutes(NEW.created_at, v_pol.resolution_minutes * 0.8);
  ELSE
    NEW.first_response_due_at := NULL; NEW.first_response_risk_at := NULL;
    NEW.resolution_due_at := NULL; NEW.resolution_risk_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.ticket_before_insert() IS
  'BEFORE INSERT on tickets (after ticket_defaults): minimal fields by type (all errors at once, BC422), known department, related lead/prospect/customer visible to the caller and consistent (missing links derived), assignee in the target department, generated subject, and the SLA due/risk times stored from sla_policies.';
-- Trigger names sort after tickets_defaults and tickets_id, so status and created_at are set first.
CREATE TRIGGER tickets_validate BEFORE INSERT ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.ticket_before_insert();

-- ------------------------------------------------- ticket lifecycle (update) ---
CREATE FUNCTION app.ticket_before_update() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_from    text := coalesce(OLD.ticket_status::text, OLD.inquiry_status::text);
  v_to      text := coalesce(NEW.ticket_status::text, NEW.inquiry_status::text);
  v_tr      app.ticket_transitions;
  v_paused  numeric;
  v_pol     app.sla_policies;
BEGIN
  IF (NEW.ticket_id, NEW.ticket_type, NEW.created_by, NEW.created_at, NEW.need_customer_masking)
     IS DISTINCT FROM (OLD.ticket_id, OLD.ticket_type, OLD.created_by, OLD.created_at, OLD.need_customer_masking) THEN
    PERFORM app.raise_error('BC422', 'The id, type, creator and masking of a ticket never change',
      '{"errors":[{"field":"ticket_type","message":"cannot be changed"}]}');
  END IF;

  IF v_to IS DISTINCT FROM v_from THEN
    v_tr := app.ticket_check_transition(NEW.ticket_type, v_from, v_to);
    -- A reason belongs to the change it was given with: from ticket_update()
    -- (transaction-local bcc.status_reason, consumed here) or set on the row
    -- in the same UPDATE; an unchanged column was not restated.
    NEW.status_reason := nullif(btrim(coalesce(nullif(current_setting('bcc.status_reason', true), ''),
      CASE WHEN NEW.status_reason IS DISTINCT FROM OLD.status_reason THEN NEW.status_reason END)), '');
    PERFORM set_config('bcc.status_reason', '', true);
    IF v_tr.requires_reason AND NEW.status_reason IS NULL THEN
      PERFORM app.raise_error('BC422', format('A reason is required to move a ticket from %s to %s', v_from, v_to),
        '{"errors":[{"field":"reason","message":"is required for this status change"}]}');
    END IF;
    IF v_tr.requires_quote AND NOT EXISTS (SELECT 1 FROM app.ticket_quotes q WHERE q.ticket_id = NEW.ticket_id) THEN
      PERFORM app.raise_error('BC422', 'An inquiry becomes QUOTED only with a quote (amount, currency, valid until)',
        '{"errors":[{"field":"quote","message":"is required to mark the inquiry QUOTED"}]}');
    END IF;

    NEW.last_activity_at := now();
    IF v_to = 'WAITING_CUSTOMER' THEN
      NEW.waiting_since := now();
    END IF;
    IF v_from = 'WAITING_CUSTOMER' AND OLD.waiting_since IS NOT NULL THEN
      -- Time waiting on the customer does not count: shift the due/risk times
      -- that were still ahead when the wait began by the business time waited.
      v_paused := app.business_minutes(OLD.waiting_since, now());
      NEW.paused_business_minutes := OLD.paused_business_minutes + v_paused;
      NEW.paused_minutes := OLD.paused_minutes + round(extract(epoch FROM now() - OLD.waiting_since) / 60, 2);
      IF NEW.resolved_at IS NULL THEN
        IF NEW.resolution_due_at > OLD.waiting_since THEN NEW.resolution_due_at := app.add_business_minutes(NEW.resolution_due_at, v_paused); END IF;
        IF NEW.resolution_risk_at > OLD.waiting_since THEN NEW.resolution_risk_at := app.add_business_minutes(NEW.resolution_risk_at, v_paused); END IF;
      END IF;
      IF NEW.first_response_at IS NULL THEN
        IF NEW.first_response_due_at > OLD.waiting_since THEN NEW.first_response_due_at := app.add_business_minutes(NEW.first_response_due_at, v_paused); END IF;
        IF NEW.first_response_risk_at > OLD.waiting_since THEN NEW.first_response_risk_at := app.add_business_minutes(NEW.first_response_risk_at, v_paused); END IF;
      END IF;
      NEW.waiting_since := NULL;
    END IF;
    IF app.ticket_resolves(v_to) AND OLD.resolved_at IS NULL THEN
      NEW.resolved_at := now();
      NEW.resolution_business_minutes := greatest(0, app.business_minutes(NEW.created_at, now()) - NEW.paused_business_minutes);
      NEW.resolution_minutes := greatest(0, round(extract(epoch FROM now() - NEW.created_at) / 60, 2) - NEW.paused_minutes);
    END IF;
    IF app.ticket_is_terminal(v_to) THEN
      NEW.closed_at := now();
    END IF;
  ELSE
    -- A reason only travels with a status change.
    NEW.status_reason := OLD.status_reason;
  END IF;

  IF NEW.priority IS DISTINCT FROM OLD.priority THEN
    -- New targets from the policy of the new priority (waiting time still excluded).
    SELECT * INTO v_pol FROM app.sla_policies p WHERE p.ticket_type = NEW.ticket_type AND p.priority = NEW.priority;
    IF FOUND THEN
      IF NEW.first_response_at IS NULL THEN
        NEW.first_response_due_at := app.add_business_minutes(NEW.created_at, v_pol.first_response_minutes + NEW.paused_business_minutes);
        NEW.first_response_risk_at := app.add_business_minutes(NEW.created_at, v_pol.first_response_minutes * 0.8 + NEW.paused_business_minutes);
      END IF;
      IF NEW.resolved_at IS NULL THEN
        NEW.resolution_due_at := app.add_business_minutes(NEW.created_at, v_pol.resolution_minutes + NEW.paused_business_minutes);
        NEW.resolution_risk_at := app.add_business_minutes(NEW.created_at, v_pol.resolution_minutes * 0.8 + NEW.paused_business_minutes);
      END IF;
    END IF;
    NEW.last_activity_at := now();
  END IF;

  IF NEW.assigned_to_user_id IS DISTINCT FROM OLD.assigned_to_user_id THEN
    IF NEW.assigned_to_user_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM app.v_directory d WHERE d.user_id = NEW.assigned_to_user_id AND d.is_active
                         AND d.dept_code = NEW.dept_target) THEN
      PERFORM app.raise_error('BC422', 'A ticket is assigned to an active member of its target department',
        '{"errors":[{"field":"assigned_to_user_id","message":"must be an active member of the target department"}]}');
    END IF;
    NEW.last_activity_at := now();
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.ticket_before_update() IS
  'BEFORE UPDATE on tickets: only moves listed in app.ticket_transitions (else BC409 with {"allowed":[...]}), a reason where required (BC422 reason), a recorded quote for QUOTED (BC422 quote); stamps last_activity_at, resolved_at (first resolution, with calendar/business durations minus waiting), closed_at; pauses the SLA in WAITING_CUSTOMER and shifts the due times on leaving it; recomputes targets on a priority change; assignees must belong to the target department.';
CREATE TRIGGER tickets_lifecycle BEFORE UPDATE ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.ticket_before_update();

CREATE FUNCTION app.ticket_after_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_from text := coalesce(OLD.ticket_status::text, OLD.inquiry_status::text);
  v_to   text := coalesce(NEW.ticket_status::text, NEW.inquiry_status::text);
BEGIN
  IF v_to IS DISTINCT FROM v_from THEN
    INSERT INTO app.sla_events (ticket_id, event_type, metadata, actor_user_id)
    VALUES (NEW.ticket_id, 'STATUS_CHANGE',
            jsonb_strip_nulls(jsonb_build_object('from', v_from, 'to', v_to, 'reason', NEW.status_reason)), auth.uid());
  END IF;
  IF OLD.resolved_at IS NULL AND NEW.resolved_at IS NOT NULL THEN
    INSERT INTO app.sla_events (ticket_id, event_type, metadata, actor_user_id)
    VALUES (NEW.ticket_id, 'RESOLVED',
            jsonb_build_object('status', v_to, 'minutes', NEW.resolution_minutes, 'business_minutes', NEW.resolution_business_minutes),
            auth.uid())
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
ALTER FUNCTION app.ticket_after_update() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_after_update() IS
  'AFTER UPDATE on tickets: writes sla_events STATUS_CHANGE {from, to, reason?} on every status change and RESOLVED once (first resolution). Definer-rights: sla_events is not writable by any user; the actor is auth.uid().';
CREATE TRIGGER tickets_sla_events AFTER UPDATE ON app.tickets FOR EACH ROW EXECUTE FUNCTION app.ticket_after_update();

-- ---------------------------------------------------------------- messages ---
CREATE FUNCTION app.ticket_message_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dept text;
BEGIN
  NEW.created_at := now();
  IF auth.uid() IS NOT NULL THEN NEW.sender_user_id := auth.uid(); END IF;
  SELECT t.dept_target INTO v_dept FROM app.tickets t WHERE t.ticket_id = NEW.ticket_id;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  IF NEW.is_internal AND auth.uid() IS NOT NULL
     AND NOT (app.current_dept() IS NOT DISTINCT FROM v_dept OR app.is_admin()) THEN
    PERFORM app.raise_error('BC403', 'Internal notes are written by the handling department only');
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.ticket_message_before_insert() IS
  'BEFORE INSERT on ticket_messages: the sender is the caller, the ticket must be visible (else BC404), internal notes only by members of the target department or super_admin (BC403).';
CREATE TRIGGER ticket_messages_rules BEFORE INSERT ON app.ticket_messages FOR EACH ROW EXECUTE FUNCTION app.ticket_message_before_insert();

CREATE FUNCTION app.ticket_message_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_ticket app.tickets;
BEGIN
  IF NOT NEW.is_internal THEN
    -- The row lock makes concurrent replies queue here; only the first one
    -- finds first_response_at still empty, so exactly one FIRST_RESPONSE.
    UPDATE app.tickets t
       SET first_response_at = NEW.created_at,
           first_response_business_minutes = app.business_minutes(t.created_at, NEW.created_at),
           last_activity_at = greatest(t.last_activity_at, NEW.created_at)
     WHERE t.ticket_id = NEW.ticket_id AND t.first_response_at IS NULL AND t.created_by <> NEW.sender_user_id
    RETURNING t.* INTO v_ticket;
    IF FOUND THEN
      INSERT INTO app.sla_events (ticket_id, event_type, metadata, actor_user_id, occurred_at)
      VALUES (NEW.ticket_id, 'FIRST_RESPONSE',
              jsonb_build_object('message_id', NEW.message_id, 'by', NEW.sender_user_id,
                                 'minutes', round(extract(epoch FROM NEW.created_at - v_ticket.created_at) / 60, 2),
                                 'business_minutes', v_ticket.first_response_business_minutes),
              NEW.sender_user_id, NEW.created_at)
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END IF;
  END IF;
  UPDATE app.tickets t SET last_activity_at = greatest(t.last_activity_at, NEW.created_at) WHERE t.ticket_id = NEW.ticket_id;
  RETURN NULL;
END
$$;
ALTER FUNCTION app.ticket_message_after_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_message_after_insert() IS
  'AFTER INSERT on ticket_messages: the first non-internal message by anyone other than the ticket''s creator sets first_response_at (+ business minutes) and writes the one FIRST_RESPONSE sla_event (row lock + unique index: exactly once under concurrency); every message refreshes last_activity_at. Definer-rights: these columns and sla_events are not writable by users.';
CREATE TRIGGER ticket_messages_after AFTER INSERT ON app.ticket_messages FOR EACH ROW EXECUTE FUNCTION app.ticket_message_after_insert();

-- ------------------------------------------------------------- attachments ---
CREATE FUNCTION app.ticket_attachment_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_dept text;
  v_obj  app.storage_objects;
BEGIN
  NEW.created_at := now();
  IF auth.uid() IS NOT NULL THEN NEW.uploaded_by := auth.uid(); END IF;
  SELECT t.dept_target INTO v_dept FROM app.tickets t WHERE t.ticket_id = NEW.ticket_id;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  IF NEW.is_internal AND auth.uid() IS NOT NULL
     AND NOT (app.current_dept() IS NOT DISTINCT FROM v_dept OR app.is_admin()) THEN
    PERFORM app.raise_error('BC403', 'Internal files are added by the handling department only');
  END IF;
  SELECT * INTO v_obj FROM app.storage_objects o WHERE o.object_id = NEW.object_id;
  IF NOT FOUND OR v_obj.uploaded_by IS DISTINCT FROM NEW.uploaded_by OR v_obj.bucket <> 'ticket-attachments'
     OR (v_obj.owner_table IS NOT NULL AND (v_obj.owner_table <> 'tickets' OR v_obj.owner_id IS DISTINCT FROM NEW.ticket_id)) THEN
    PERFORM app.raise_error('BC422', 'The file must be your own upload to ticket-attachments',
      '{"errors":[{"field":"file","message":"must be your own upload to ticket-attachments"}]}');
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.ticket_attachment_before_insert() IS
  'BEFORE INSERT on ticket_attachments: the uploader is the caller, the ticket must be visible (BC404), the object must be the caller''s own upload to ticket-attachments and not belong to another record (BC422); internal files only by the handling department.';
CREATE TRIGGER ticket_attachments_rules BEFORE INSERT ON app.ticket_attachments FOR EACH ROW EXECUTE FUNCTION app.ticket_attachment_before_insert();

CREATE FUNCTION app.ticket_attachment_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE app.storage_objects o SET owner_table = 'tickets', owner_id = NEW.ticket_id
   WHERE o.object_id = NEW.object_id AND (o.owner_table IS DISTINCT FROM 'tickets' OR o.owner_id IS DISTINCT FROM NEW.ticket_id);
  UPDATE app.tickets t SET last_activity_at = greatest(t.last_activity_at, NEW.created_at) WHERE t.ticket_id = NEW.ticket_id;
  RETURN NULL;
END
$$;
ALTER FUNCTION app.ticket_attachment_after_insert() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_attachment_after_insert() IS
  'AFTER INSERT on ticket_attachments: the stored object now belongs to the ticket (its reads follow the ticket) and the ticket''s last_activity_at moves on. Definer-rights: object ownership and last_activity_at are not user-writable.';
CREATE TRIGGER ticket_attachments_after AFTER INSERT ON app.ticket_attachments FOR EACH ROW EXECUTE FUNCTION app.ticket_attachment_after_insert();

-- ------------------------------------------------------------------ quotes ---
CREATE FUNCTION app.ticket_quote_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t record;
BEGIN
  NEW.created_at := now();
  IF auth.uid() IS NOT NULL THEN NEW.created_by := auth.uid(); END IF;
  SELECT t.ticket_type, t.inquiry_status INTO v_t FROM app.tickets t WHERE t.ticket_id = NEW.ticket_id;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  IF v_t.ticket_type <> 'inquiry_tariff' THEN
    PERFORM app.raise_error('BC422', 'Only tariff inquiries (RFQs) carry quotes',
      '{"errors":[{"field":"quote","message":"only tariff inquiries carry quotes"}]}');
  END IF;
  IF v_t.inquiry_status NOT IN ('OPEN', 'IN_PROGRESS', 'QUOTED') THEN
    PERFORM app.raise_error('BC409', format('A %s inquiry takes no new quote', v_t.inquiry_status), '{"allowed":[]}');
  END IF;
  IF NEW.valid_until < (now() AT TIME ZONE 'Asia/Jakarta')::date AND auth.uid() IS NOT NULL THEN
    PERFORM app.raise_error('BC422', 'A quote must be valid until today or later',
      '{"errors":[{"field":"quote.valid_until","message":"must not be in the past"}]}');
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.ticket_quote_before_insert() IS
  'BEFORE INSERT on ticket_quotes: recorded by the caller on a visible tariff inquiry that is still open or quoted, valid until today or later.';
CREATE TRIGGER ticket_quotes_rules BEFORE INSERT ON app.ticket_quotes FOR EACH ROW EXECUTE FUNCTION app.ticket_quote_before_insert();

-- ------------------------------------------------------------------- audit ---
CREATE TRIGGER ticket_messages_audit AFTER INSERT OR UPDATE OR DELETE ON app.ticket_messages FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('message_id');
CREATE TRIGGER ticket_attachments_audit AFTER INSERT OR UPDATE OR DELETE ON app.ticket_attachments FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('attachment_id');
CREATE TRIGGER ticket_quotes_audit AFTER INSERT OR UPDATE OR DELETE ON app.ticket_quotes FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('quote_id');
CREATE TRIGGER holidays_audit AFTER INSERT OR UPDATE OR DELETE ON app.holidays FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('holiday_date');
CREATE TRIGGER sla_policies_audit AFTER INSERT OR UPDATE OR DELETE ON app.sla_policies FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ticket_type');
CREATE TRIGGER stale_thresholds_audit AFTER INSERT OR UPDATE OR DELETE ON app.stale_thresholds FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('entity');
CREATE TRIGGER ticket_transitions_audit AFTER INSERT OR UPDATE OR DELETE ON app.ticket_transitions FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('transition_key');
CREATE TRIGGER sla_policies_touch BEFORE UPDATE ON app.sla_policies FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER stale_thresholds_touch BEFORE UPDATE ON app.stale_thresholds FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
-- sla_events is itself an append-only log written by triggers from audited
-- changes (tickets, messages); it is not audited a second time.

-- ------------------------------------------------------------------- flows ---
CREATE FUNCTION app.ticket_create(payload jsonb) RETURNS app.tickets
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role   app.user_role := app.current_role();
  v_rfq    jsonb := CASE WHEN jsonb_typeof(payload -> 'rfq') = 'object' THEN payload -> 'rfq' ELSE '{}'::jsonb END;
  v_errors jsonb := '[]'::jsonb;
  v_type   app.ticket_type;
  v_dept   text := nullif(btrim(payload ->> 'dept_target'), '');
  v_t      app.tickets;
BEGIN
  IF v_role IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  IF v_role = 'director' THEN
    PERFORM app.raise_error('BC403', 'The director reads tickets but does not open them');
  END IF;
  IF payload ?| ARRAY['ticket_id', 'status', 'ticket_status', 'inquiry_status'] THEN
    SELECT v_errors || jsonb_agg(jsonb_build_object('field', k, 'message', 'is set by the system and must not be supplied'))
      INTO v_errors FROM unnest(ARRAY['ticket_id', 'status', 'ticket_status', 'inquiry_status']) k WHERE payload ? k;
  END IF;
  IF NOT coalesce(payload ->> 'ticket_type' = ANY (enum_range(NULL::app.ticket_type)::text[]), false) THEN
    v_errors := v_errors || '{"field":"ticket_type","message":"must be inquiry_tariff, request_pickup, complaint or general_request"}';
  END IF;
  IF payload ? 'priority' AND NOT coalesce(payload ->> 'priority' = ANY (enum_range(NULL::app.ticket_priority)::text[]), false) THEN
    v_errors := v_errors || '{"field":"priority","message":"must be low, normal, high or urgent"}';
  END IF;
  IF v_rfq ? 'service_type' AND NOT coalesce(v_rfq ->> 'service_type' = ANY (enum_range(NULL::app.service_type)::text[]), false) THEN
    v_errors := v_errors || '{"field":"rfq.service_type","message":"is not a known service"}';
  END IF;
  IF jsonb_typeof(payload -> 'rfq') = 'object' AND payload ->> 'ticket_type' IS DISTINCT FROM 'inquiry_tariff' THEN
    v_errors := v_errors || '{"field":"rfq","message":"belongs to an inquiry_tariff ticket only"}';
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The ticket has missing or invalid fields', jsonb_build_object('errors', v_errors));
  END IF;
  v_type := (payload ->> 'ticket_type')::app.ticket_type;
  -- An RFQ goes to the department of its service unless one is named.
  IF v_type = 'inquiry_tariff' AND v_dept IS NULL AND v_rfq ? 'service_type' THEN
    v_dept := app.rfq_dept_for_service((v_rfq ->> 'service_type')::app.service_type);
  END IF;

  INSERT INTO app.tickets (ticket_type, subject, description, priority, dept_target, created_by, assigned_to_user_id,
                           related_lead_id, related_customer_id, related_prospect_id,
                           origin, destination, service_type, commodity, weight_kg, volume_cbm, ready_date,
                           pickup_address, pickup_date, cargo_description, shipment_reference)
  VALUES (v_type, payload ->> 'subject', payload ->> 'description',
          coalesce((payload ->> 'priority')::app.ticket_priority, 'normal'), v_dept, auth.uid(),
          (payload ->> 'assigned_to_user_id')::uuid,
          payload ->> 'related_lead_id', payload ->> 'related_customer_id', payload ->> 'related_prospect_id',
          v_rfq ->> 'origin', v_rfq ->> 'destination', (v_rfq ->> 'service_type')::app.service_type, v_rfq ->> 'commodity',
          (v_rfq ->> 'weight_kg')::numeric, (v_rfq ->> 'volume_cbm')::numeric, (v_rfq ->> 'ready_date')::date,
          payload ->> 'pickup_address', (payload ->> 'pickup_date')::date, payload ->> 'cargo_description',
          payload ->> 'shipment_reference')
  RETURNING * INTO v_t;
  RETURN v_t;
END
$$;
COMMENT ON FUNCTION app.ticket_create(jsonb) IS
  'POST /api/tickets: any active role but director opens a ticket to any department, as themselves, under their RLS. Refuses client-set ids/statuses (BC422); the status comes from ticket_defaults, the rules (minimal fields, visible links, SLA due times) from ticket_before_insert. An RFQ without dept_target goes to the department of its service.';
GRANT EXECUTE ON FUNCTION app.ticket_create(jsonb) TO authenticated;
-- ticket_create routes an RFQ by its service with the CRM's rule (0101), under the caller's rights.
GRANT EXECUTE ON FUNCTION app.rfq_dept_for_service(app.service_type) TO authenticated;

CREATE FUNCTION app.ticket_update(p_ticket_id text, p_patch jsonb) RETURNS app.tickets
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role   app.user_role := app.current_role();
  v_t      app.tickets;
  v_status text := nullif(btrim(p_patch ->> 'status'), '');
  v_quote  jsonb := CASE WHEN jsonb_typeof(p_patch -> 'quote') = 'object' THEN p_patch -> 'quote' END;
  v_errors jsonb := '[]'::jsonb;
  v_life   text;
BEGIN
  IF v_role IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  IF v_role = 'director' THEN
    PERFORM app.raise_error('BC403', 'The director reads tickets but does not change them');
  END IF;
  SELECT * INTO v_t FROM app.tickets t WHERE t.ticket_id = p_ticket_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  v_life := app.ticket_lifecycle(v_t.ticket_type);

  IF v_status IS NOT NULL AND NOT (
       (v_life = 'ticket' AND v_status = ANY (enum_range(NULL::app.ticket_status)::text[]))
    OR (v_life = 'inquiry' AND v_status = ANY (enum_range(NULL::app.inquiry_status)::text[]))) THEN
    v_errors := v_errors || jsonb_build_object('field', 'status', 'message',
      CASE v_life WHEN 'ticket' THEN 'must be OPEN, IN_PROGRESS, WAITING_CUSTOMER, RESOLVED or CLOSED'
                  ELSE 'must be OPEN, IN_PROGRESS, QUOTED, WON, LOST or CANCELLED' END);
  END IF;
  IF p_patch ? 'priority' AND NOT coalesce(p_patch ->> 'priority' = ANY (enum_range(NULL::app.ticket_priority)::text[]), false) THEN
    v_errors := v_errors || '{"field":"priority","message":"must be low, normal, high or urgent"}';
  END IF;
  IF v_quote IS NOT NULL THEN
    IF NOT coalesce((v_quote ->> 'amount') ~ '^\d{1,16}(\.\d{1,2})?$' AND (v_quote ->> 'amount')::numeric > 0, false) THEN
      v_errors := v_errors || '{"field":"quote.amount","message":"must be an amount greater than 0"}';
    END IF;
    IF NOT coalesce(v_quote ->> 'currency' IN ('IDR', 'USD', 'SGD', 'EUR', 'CNY', 'JPY', 'MYR', 'AUD'), false) THEN
      v_errors := v_errors || '{"field":"quote.currency","message":"must be IDR, USD, SGD, EUR, CNY, JPY, MYR or AUD"}';
    END IF;
    IF NOT coalesce(v_quote ->> 'valid_until' ~ '^\d{4}-\d{2}-\d{2}$', false) THEN
      v_errors := v_errors || '{"field":"quote.valid_until","message":"must be a date YYYY-MM-DD"}';
    END IF;
  ELSIF p_patch ? 'quote' AND jsonb_typeof(p_patch -> 'quote') <> 'null' THEN
    v_errors := v_errors || '{"field":"quote","message":"must be an object {amount, currency, valid_until}"}';
  END IF;
  IF jsonb_array_length(v_errors) > 0 THEN
    PERFORM app.raise_error('BC422', 'The change has invalid fields', jsonb_build_object('errors', v_errors));
  END IF;

  -- A refused move is refused first (409), whatever else the request carries.
  IF v_status IS NOT NULL AND v_status <> coalesce(v_t.ticket_status::text, v_t.inquiry_status::text) THEN
    PERFORM app.ticket_check_transition(v_t.ticket_type, coalesce(v_t.ticket_status::text, v_t.inquiry_status::text), v_status);
  END IF;
  IF v_quote IS NOT NULL THEN
    INSERT INTO app.ticket_quotes (ticket_id, amount, currency, valid_until, notes)
    VALUES (v_t.ticket_id, (v_quote ->> 'amount')::numeric, v_quote ->> 'currency', (v_quote ->> 'valid_until')::date,
            nullif(btrim(v_quote ->> 'notes'), ''));
  END IF;

  PERFORM set_config('bcc.status_reason', coalesce(p_patch ->> 'reason', ''), true);
  UPDATE app.tickets t SET
    ticket_status = CASE WHEN v_status IS NOT NULL AND v_life = 'ticket' THEN v_status::app.ticket_status ELSE t.ticket_status END,
    inquiry_status = CASE WHEN v_status IS NOT NULL AND v_life = 'inquiry' THEN v_status::app.inquiry_status ELSE t.inquiry_status END,
    priority = CASE WHEN p_patch ? 'priority' THEN (p_patch ->> 'priority')::app.ticket_priority ELSE t.priority END,
    assigned_to_user_id = CASE WHEN p_patch ? 'assigned_to_user_id' THEN (p_patch ->> 'assigned_to_user_id')::uuid ELSE t.assigned_to_user_id END
   WHERE t.ticket_id = v_t.ticket_id
  RETURNING t.* INTO v_t;
  PERFORM set_config('bcc.status_reason', '', true);
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  RETURN v_t;
END
$$;
COMMENT ON FUNCTION app.ticket_update(text, jsonb) IS
  'PATCH /api/tickets/{id} in one transaction under the caller''s RLS: {status?, reason?, priority?, assigned_to_user_id?, quote?: {amount, currency, valid_until, notes?}}. The quote is recorded first, then the row is updated and the lifecycle trigger decides (BC409 with allowed targets, BC422 reason/quote). Director: BC403; invisible ticket: BC404.';
GRANT EXECUTE ON FUNCTION app.ticket_update(text, jsonb) TO authenticated;

-- ------------------------------------------------ pickup contact for ops ---
CREATE FUNCTION app.ticket_pickup_contact(p_ticket_id text)
RETURNS TABLE (company_name text, contact_name text, phone text, address text, city text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t app.tickets;
BEGIN
  IF app.current_role() IS DISTINCT FROM 'ops' THEN RETURN; END IF;
  SELECT * INTO v_t FROM app.tickets t
   WHERE t.ticket_id = p_ticket_id AND NOT t.need_customer_masking AND t.dept_target = app.current_dept();
  IF NOT FOUND OR v_t.related_customer_id IS NULL THEN RETURN; END IF;
  RETURN QUERY
    SELECT c.company_name, l.contact_name, coalesce(l.phone, c.phone), c.address, c.city
      FROM app.customers c
      LEFT JOIN LATERAL (
        SELECT x.contact_name, x.phone FROM app.leads x
         WHERE x.lead_id = v_t.related_lead_id OR (v_t.related_lead_id IS NULL AND x.customer_id = c.customer_id)
         ORDER BY (x.lead_id = v_t.related_lead_id) DESC, x.created_at DESC LIMIT 1) l ON true
     WHERE c.customer_id = v_t.related_customer_id;
END
$$;
ALTER FUNCTION app.ticket_pickup_contact(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_pickup_contact(text) IS
  'For GET /api/tickets/{id} called by ops: the related customer''s name, contact, phone and address (what a pickup needs) — only when the caller is ops, the ticket targets the caller''s department and is NOT masked. Empty otherwise. Definer-rights because ops never read customers or leads directly; returns nothing else (no ids, email or NPWP).';
GRANT EXECUTE ON FUNCTION app.ticket_pickup_contact(text) TO authenticated;

-- ---------------------------------------------------------- SLA recompute ---
CREATE FUNCTION app.ticket_recompute_sla(p_ticket_id text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t        app.tickets;
  v_pol      app.sla_policies;
  e          record;
  v_fr       timestamptz;
  v_res      timestamptz;
  v_closed   timestamptz;
  v_wait     timestamptz;
  v_span     numeric;
  v_span_cal numeric;
  v_paused   numeric := 0;
  v_paused_c numeric := 0;
  v_before_b numeric := 0;
  v_before_c numeric := 0;
  v_fr_due   timestamptz; v_fr_risk timestamptz; v_res_due timestamptz; v_res_risk timestamptz;
BEGIN
  IF auth.uid() IS NOT NULL AND NOT app.is_admin() THEN
    PERFORM app.raise_error('BC403', 'Only an administrator recomputes SLA times');
  END IF;
  SELECT * INTO v_t FROM app.tickets t WHERE t.ticket_id = p_ticket_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'Ticket not found');
  END IF;
  SELECT e1.occurred_at INTO v_fr FROM app.sla_events e1 WHERE e1.ticket_id = p_ticket_id AND e1.event_type = 'FIRST_RESPONSE';
  v_fr := coalesce(v_fr, v_t.first_response_at);
  SELECT e1.occurred_at INTO v_res FROM app.sla_events e1 WHERE e1.ticket_id = p_ticket_id AND e1.event_type = 'RESOLVED';
  v_res := coalesce(v_res, v_t.resolved_at);
  SELECT * INTO v_pol FROM app.sla_policies p WHERE p.ticket_type = v_t.ticket_type AND p.priority = v_t.priority;
  IF FOUND THEN
    v_fr_due := app.add_business_minutes(v_t.created_at, v_pol.first_response_minutes);
    v_fr_risk := app.add_business_minutes(v_t.created_at, v_pol.first_response_minutes * 0.8);
    v_res_due := app.add_business_minutes(v_t.created_at, v_pol.resolution_minutes);
    v_res_risk := app.add_business_minutes(v_t.created_at, v_pol.resolution_minutes * 0.8);
  END IF;
  -- Replay the status history: every completed wait on the customer shifts
  -- the due times that were still ahead, exactly as the lifecycle trigger does.
  FOR e IN SELECT x.metadata ->> 'from' AS f, x.metadata ->> 'to' AS t, x.occurred_at
             FROM app.sla_events x WHERE x.ticket_id = p_ticket_id AND x.event_type = 'STATUS_CHANGE'
            ORDER BY x.occurred_at, x.event_id LOOP
    IF e.t = 'WAITING_CUSTOMER' THEN
      v_wait := e.occurred_at;
    ELSIF e.f = 'WAITING_CUSTOMER' AND v_wait IS NOT NULL THEN
      v_span := app.business_minutes(v_wait, e.occurred_at);
      v_span_cal := round(extract(epoch FROM e.occurred_at - v_wait) / 60, 2);
      v_paused := v_paused + v_span;
      v_paused_c := v_paused_c + v_span_cal;
      IF v_res IS NULL OR v_res > e.occurred_at THEN
        v_before_b := v_before_b + v_span;
        v_before_c := v_before_c + v_span_cal;
        IF v_res_due > v_wait THEN v_res_due := app.add_business_minutes(v_res_due, v_span); END IF;
        IF v_res_risk > v_wait THEN v_res_risk := app.add_business_minutes(v_res_risk, v_span); END IF;
      END IF;
      IF v_fr IS NULL OR v_fr > e.occurred_at THEN
        IF v_fr_due > v_wait THEN v_fr_due := app.add_business_minutes(v_fr_due, v_span); END IF;
        IF v_fr_risk > v_wait THEN v_fr_risk := app.add_business_minutes(v_fr_risk, v_span); END IF;
      END IF;
      v_wait := NULL;
    END IF;
    IF app.ticket_is_terminal(e.t) THEN v_closed := e.occurred_at; END IF;
  END LOOP;

  UPDATE app.tickets t SET
    first_response_at = v_fr,
    first_response_business_minutes = app.business_minutes(t.created_at, v_fr),
    resolved_at = v_res,
    resolution_business_minutes = CASE WHEN v_res IS NOT NULL THEN greatest(0, app.business_minutes(t.created_at, v_res) - v_before_b) END,
    resolution_minutes = CASE WHEN v_res IS NOT NULL THEN greatest(0, round(extract(epoch FROM v_res - t.created_at) / 60, 2) - v_before_c) END,
    closed_at = CASE WHEN app.ticket_is_terminal(coalesce(t.ticket_status::text, t.inquiry_status::text)) THEN coalesce(v_closed, t.closed_at) END,
    waiting_since = CASE WHEN t.ticket_status IS NOT DISTINCT FROM 'WAITING_CUSTOMER' THEN coalesce(v_wait, t.waiting_since) END,
    paused_business_minutes = v_paused,
    paused_minutes = v_paused_c,
    first_response_due_at = v_fr_due, first_response_risk_at = v_fr_risk,
    resolution_due_at = v_res_due, resolution_risk_at = v_res_risk
   WHERE t.ticket_id = p_ticket_id;
END
$$;
ALTER FUNCTION app.ticket_recompute_sla(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ticket_recompute_sla(text) IS
  'Recomputes a ticket''s SLA bookkeeping (due/risk times, waiting pauses, first-response/resolution durations, closed_at) from created_at, the policy and its sla_events history — after a change of holidays or SLA policies, or for data moved in time. super_admin or system code (no claims) only.';
GRANT EXECUTE ON FUNCTION app.ticket_recompute_sla(text) TO authenticated;
