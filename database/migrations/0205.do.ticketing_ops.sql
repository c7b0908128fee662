-- =============================================================================
-- 0205 ticketing: how operations work a masked RFQ
--   Ops never read the raw ticket, its customer or lead (RLS hides a masked RFQ
--   from them). These SECURITY DEFINER functions re-check that the caller is
--   ops of the RFQ's department (or super_admin), and return only what ops may
--   know: messages/files written by the handling department or marked
--   visible_to_ops by the requester, with identity terms redacted, and quotes.
--   Writes (a reply, a file, a status change, a quote) go through the same
--   tables and triggers as every other ticket.
-- =============================================================================

CREATE FUNCTION app.ops_rfq_guard(p_ticket_id text) RETURNS app.tickets
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role app.user_role := app.current_role();
  v_t    app.tickets;
BEGIN
  SELECT * INTO v_t FROM app.tickets t
   WHERE t.ticket_id = p_ticket_id AND t.ticket_type = 'inquiry_tariff' AND t.need_customer_masking
     AND (v_role = 'super_admin' OR (v_role = 'ops' AND t.dept_target = app.current_dept()));
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'RFQ not found');
  END IF;
  RETURN v_t;
END
$$;
ALTER FUNCTION app.ops_rfq_guard(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_guard(text) IS
  'Internal to the ops_rfq_* functions (not granted to any API role: it returns the raw row): the masked RFQ when the caller is ops of its dept_target or super_admin, else BC404 (never reveals existence).';

CREATE FUNCTION app.ops_rfq_identity_terms(p_customer_id text, p_lead_id text) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_terms text[];
BEGIN
  -- Only the ops functions use it, after their own guard; refuse anyone else outright.
  IF app.current_role() IS DISTINCT FROM 'ops' AND app.current_role() IS DISTINCT FROM 'super_admin' THEN
    PERFORM app.raise_error('BC403', 'Not available');
  END IF;
  SELECT coalesce(array_agg(x.v), '{}') INTO v_terms FROM (
    SELECT unnest(ARRAY[c.company_name, c.name_norm, c.email, c.email_norm, c.phone, c.phone_norm, c.npwp, c.npwp_norm, c.address]) AS v
      FROM app.customers c WHERE c.customer_id = p_customer_id
    UNION ALL
    SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp])
      FROM app.leads l WHERE l.customer_id = p_customer_id OR l.lead_id = p_lead_id) x
   WHERE x.v IS NOT NULL;
  RETURN v_terms;
END
$$;
ALTER FUNCTION app.ops_rfq_identity_terms(text, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_identity_terms(text, text) IS
  'Internal to the ops_rfq_* functions (never granted to an API role: it returns identity; it also refuses any caller that is not ops or super_admin): the identifiers to redact from RFQ text shown to ops.';

CREATE FUNCTION app.ops_rfq_messages(p_ticket_id text)
RETURNS TABLE (message_id bigint, ticket_id text, sender_user_id uuid, sender_name text, sender_dept text,
               from_handling_department boolean, body text, is_internal boolean, visible_to_ops boolean, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t     app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_terms text[] := app.ops_rfq_identity_terms(v_t.related_customer_id, v_t.related_lead_id);
BEGIN
  RETURN QUERY
    SELECT m.message_id, m.ticket_id, m.sender_user_id, p.full_name, p.dept_code, p.dept_code = v_t.dept_target,
           app.redact_identity(m.body, v_terms), m.is_internal, m.visible_to_ops, m.created_at
      FROM app.ticket_messages m
      JOIN app.profiles p ON p.user_id = m.sender_user_id
     WHERE m.ticket_id = v_t.ticket_id
       AND (p.dept_code = v_t.dept_target OR m.visible_to_ops)
     ORDER BY m.created_at, m.message_id;
END
$$;
ALTER FUNCTION app.ops_rfq_messages(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_messages(text) IS
  'GET /api/ops/rfqs/{id}: the thread ops may read on a masked RFQ of their department (super_admin: any) — messages written by the handling department (its internal notes included) and those the requester marked visible_to_ops, with the customer''s identifiers redacted. BC404 for anyone else.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_messages(text) TO authenticated;

CREATE FUNCTION app.ops_rfq_attachments(p_ticket_id text)
RETURNS TABLE (attachment_id uuid, ticket_id text, uploaded_by uuid, uploader_name text, file_name text,
               content_type text, size_bytes bigint, is_internal boolean, visible_to_ops boolean, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t     app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_terms text[] := app.ops_rfq_identity_terms(v_t.related_customer_id, v_t.related_lead_id);
BEGIN
  RETURN QUERY
    SELECT a.attachment_id, a.ticket_id, a.uploaded_by, p.full_name, app.redact_identity(o.original_name, v_terms),
           o.content_type, o.size_bytes, a.is_internal, a.visible_to_ops, a.created_at
      FROM app.ticket_attachments a
      JOIN app.storage_objects o ON o.object_id = a.object_id
      JOIN app.profiles p ON p.user_id = a.uploaded_by
     WHERE a.ticket_id = v_t.ticket_id
       AND (p.dept_code = v_t.dept_target OR a.visible_to_ops)
     ORDER BY a.created_at, a.attachment_id;
END
$$;
ALTER FUNCTION app.ops_rfq_attachments(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_attachments(text) IS
  'The files ops may see on a masked RFQ of their department: uploaded by the handling department or marked visible_to_ops by the requester (file names redacted). BC404 for anyone else.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_attachments(text) TO authenticated;

CREATE FUNCTION app.ops_rfq_attachment_object(p_ticket_id text, p_attachment_id uuid)
RETURNS TABLE (object_id uuid, object_key text, content_type text, size_bytes bigint, file_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t     app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_terms text[] := app.ops_rfq_identity_terms(v_t.related_customer_id, v_t.related_lead_id);
BEGIN
  RETURN QUERY
    SELECT o.object_id, o.object_key, o.content_type, o.size_bytes, app.redact_identity(o.original_name, v_terms)
      FROM app.ticket_attachments a
      JOIN app.storage_objects o ON o.object_id = a.object_id
      JOIN app.profiles p ON p.user_id = a.uploaded_by
     WHERE a.ticket_id = v_t.ticket_id AND a.attachment_id = p_attachment_id
       AND (p.dept_code = v_t.dept_target OR a.visible_to_ops);
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC404', 'File not found');
  END IF;
END
$$;
ALTER FUNCTION app.ops_rfq_attachment_object(text, uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_attachment_object(text, uuid) IS
  'Download of a file on a masked RFQ by ops of its department: the storage key and type of one file they may see (as ops_rfq_attachments), else BC404.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_attachment_object(text, uuid) TO authenticated;

CREATE FUNCTION app.ops_rfq_quotes(p_ticket_id text)
RETURNS TABLE (quote_id bigint, ticket_id text, amount numeric, currency text, valid_until date, notes text,
               created_by uuid, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t     app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_terms text[] := app.ops_rfq_identity_terms(v_t.related_customer_id, v_t.related_lead_id);
BEGIN
  RETURN QUERY
    SELECT q.quote_id, q.ticket_id, q.amount, q.currency, q.valid_until, app.redact_identity(q.notes, v_terms), q.created_by, q.created_at
      FROM app.ticket_quotes q WHERE q.ticket_id = v_t.ticket_id ORDER BY q.created_at DESC, q.quote_id DESC;
END
$$;
ALTER FUNCTION app.ops_rfq_quotes(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_quotes(text) IS 'The quotes of a masked RFQ, for ops of its department (BC404 for anyone else).';
GRANT EXECUTE ON FUNCTION app.ops_rfq_quotes(text) TO authenticated;

CREATE FUNCTION app.ops_rfq_post_message(p_ticket_id text, p_body text, p_is_internal boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t  app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_id bigint;
BEGIN
  IF p_body IS NULL OR length(btrim(p_body)) = 0 OR length(p_body) > 10000 THEN
    PERFORM app.raise_error('BC422', 'A message needs a text of 1 to 10000 characters',
      '{"errors":[{"field":"body","message":"must be 1 to 10000 characters"}]}');
  END IF;
  -- Written through the ops route, so the handling side always sees it.
  INSERT INTO app.ticket_messages (ticket_id, sender_user_id, body, is_internal, visible_to_ops)
  VALUES (v_t.ticket_id, auth.uid(), p_body, coalesce(p_is_internal, false), true)
  RETURNING message_id INTO v_id;
  RETURN v_id;
END
$$;
ALTER FUNCTION app.ops_rfq_post_message(text, text, boolean) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_post_message(text, text, boolean) IS
  'POST /api/ops/rfqs/{id}/messages: ops of the RFQ''s department (or super_admin) reply (or add an internal note) without reading the raw ticket. Same table and triggers as any message, so the first reply is the FIRST_RESPONSE. Returns the message id; BC404 for anyone else.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_post_message(text, text, boolean) TO authenticated;

CREATE FUNCTION app.ops_rfq_update(p_ticket_id text, p_patch jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t   app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_bad text[];
BEGIN
  SELECT array_agg(k) INTO v_bad FROM jsonb_object_keys(coalesce(p_patch, '{}'::jsonb)) k
   WHERE k NOT IN ('status', 'reason', 'quote', 'assigned_to_user_id', 'priority');
  IF v_bad IS NOT NULL THEN
    PERFORM app.raise_error('BC422', 'Ops change only status, reason, quote, priority and assignee of an RFQ',
      jsonb_build_object('errors', (SELECT jsonb_agg(jsonb_build_object('field', b, 'message', 'is not an allowed field')) FROM unnest(v_bad) b)));
  END IF;
  PERFORM app.ticket_update(v_t.ticket_id, coalesce(p_patch, '{}'::jsonb));
END
$$;
ALTER FUNCTION app.ops_rfq_update(text, jsonb) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_update(text, jsonb) IS
  'PATCH /api/ops/rfqs/{id}: ops of the RFQ''s department (or super_admin) move its status, record a quote (required for QUOTED), set priority or assignee — through ticket_update(), so the lifecycle trigger decides (BC409 with allowed targets, BC422 quote/reason). BC404 for anyone else.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_update(text, jsonb) TO authenticated;

CREATE FUNCTION app.ops_rfq_attach(p_ticket_id text, p_object_id uuid, p_is_internal boolean DEFAULT false)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_t  app.tickets := app.ops_rfq_guard(p_ticket_id);
  v_id uuid;
BEGIN
  -- The attachment trigger checks that the object is the caller's own upload to ticket-attachments.
  INSERT INTO app.ticket_attachments (ticket_id, object_id, uploaded_by, is_internal, visible_to_ops)
  VALUES (v_t.ticket_id, p_object_id, auth.uid(), coalesce(p_is_internal, false), true)
  RETURNING attachment_id INTO v_id;
  RETURN v_id;
END
$$;
ALTER FUNCTION app.ops_rfq_attach(text, uuid, boolean) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.ops_rfq_attach(text, uuid, boolean) IS
  'POST /api/ops/rfqs/{id}/attachments: ops of the RFQ''s department (or super_admin) attach their own upload (e.g. a rate sheet). BC404 for anyone else.';
GRANT EXECUTE ON FUNCTION app.ops_rfq_attach(text, uuid, boolean) TO authenticated;

-- ---------------------------------------------------------------- backfill ---
-- Tickets that existed before ticketing (RFQs of the lead bundle) get their
-- SLA due times. Runs as the definer role (RLS is forced for the owner).
SET LOCAL ROLE bcc_definer;
SELECT app.ticket_recompute_sla(t.ticket_id) FROM app.tickets t;
SET LOCAL ROLE bcc_owner;
