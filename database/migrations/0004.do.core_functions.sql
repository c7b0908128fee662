-- =============================================================================
-- 0004 core: functions of the spine
--   claim helpers (app.current_role() ...), ids, audit, idempotency,
--   auth (login, refresh rotation, API tokens), user administration, storage
-- SECURITY DEFINER functions are handed to bcc_definer and pin search_path.
-- =============================================================================

-- ------------------------------------------------------- role/team helpers ---

CREATE FUNCTION app.current_role() RETURNS app.user_role
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p.role FROM app.profiles p WHERE p.user_id = auth.uid() AND p.is_active $$;
ALTER FUNCTION app.current_role() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.current_role() IS
  'Role of the calling user, NULL when anonymous or deactivated. Definer-rights so policies on profiles do not recurse; reveals only the caller''s own role. Use as (select app.current_role()).';

CREATE FUNCTION app.current_dept() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p.dept_code FROM app.profiles p WHERE p.user_id = auth.uid() AND p.is_active $$;
ALTER FUNCTION app.current_dept() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.current_dept() IS
  'Department of the calling user (NULL when anonymous/deactivated). Reveals only the caller''s own department.';

CREATE FUNCTION app.my_team_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(array_agg(x.user_id), '{}'::uuid[]) FROM (
    SELECT me.user_id FROM app.profiles me WHERE me.user_id = auth.uid() AND me.is_active
    UNION ALL
    SELECT t.user_id FROM app.profiles t JOIN app.profiles me ON me.user_id = t.manager_user_id
     WHERE me.user_id = auth.uid() AND me.is_active
  ) x
$$;
ALTER FUNCTION app.my_team_ids() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.my_team_ids() IS
  'The caller plus every profile whose manager_user_id is the caller (team scope of rls.md). Empty for anonymous/deactivated callers. Use as owner = ANY ((select app.my_team_ids())).';

CREATE FUNCTION app.is_admin() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(app.current_role() = 'super_admin', false) $$;
COMMENT ON FUNCTION app.is_admin() IS 'True when the caller is an active super_admin.';

CREATE FUNCTION app.can_read_all() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(app.current_role() IN ('super_admin', 'director'), false) $$;
COMMENT ON FUNCTION app.can_read_all() IS 'True for super_admin and director, who read everything.';

CREATE FUNCTION app.raise_error(p_code text, p_message text, p_detail jsonb DEFAULT NULL)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF p_detail IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message;
  END IF;
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message, DETAIL = p_detail::text;
END
$$;
COMMENT ON FUNCTION app.raise_error(text, text, jsonb) IS
  'Raise a user-facing error with one of the BCxxx SQLSTATEs (see 0001); DETAIL carries JSON for the API.';

GRANT EXECUTE ON FUNCTION app.current_role(), app.current_dept(), app.my_team_ids(),
  app.is_admin(), app.can_read_all(), app.raise_error(text, text, jsonb) TO authenticated;
GRANT EXECUTE ON FUNCTION app.raise_error(text, text, jsonb) TO anon;

-- -------------------------------------------------------------- updated_at ---
CREATE FUNCTION app.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
COMMENT ON FUNCTION app.touch_updated_at() IS 'BEFORE UPDATE trigger: keeps updated_at current.';

-- ------------------------------------------------------------ prefixed ids ---
CREATE FUNCTION app.next_prefixed_id(p_prefix text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_year integer := extract(year FROM (now() AT TIME ZONE 'Asia/Jakarta'))::integer;
  v_seq  text;
  v_n    bigint;
BEGIN
  IF p_prefix IS NULL OR p_prefix !~ '^[A-Z]{2,4}$' THEN
    PERFORM app.raise_error('BC422', 'Invalid id prefix');
  END IF;
  v_seq := format('app.idseq_%s_%s', lower(p_prefix), v_year);
  IF to_regclass(v_seq) IS NULL THEN
    -- First id of this prefix this year: create its sequence once. The lock is
    -- taken only on this path, so ordinary inserts never serialise on it. A
    -- concurrent creator may have committed while we waited (our catalog
    -- cache can still miss it), hence the duplicate handler.
    PERFORM pg_advisory_xact_lock(hashtextextended('bcc.idseq.' || p_prefix || v_year, 0));
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s AS bigint', v_seq);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL;
    END;
    INSERT INTO app.id_sequences (prefix, year, sequence_name)
    VALUES (p_prefix, v_year, v_seq) ON CONFLICT DO NOTHING;
  END IF;
  v_n := nextval(v_seq::regclass);
  RETURN p_prefix || '-' || v_year || '-' || CASE WHEN v_n < 1000000 THEN lpad(v_n::text, 6, '0') ELSE v_n::text END;
END
$$;
ALTER FUNCTION app.next_prefixed_id(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.next_prefixed_id(text) IS
  'Next PREFIX-YYYY-NNNNNN id (Asia/Jakarta year) from a native sequence per (prefix, year); gaps after rollback are fine, nothing serialises. Called from BEFORE INSERT triggers.';

CREATE FUNCTION app.set_prefixed_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_col    text := TG_ARGV[0];
  v_prefix text := TG_ARGV[1];
BEGIN
  IF to_jsonb(NEW) ->> v_col IS NOT NULL THEN
    PERFORM app.raise_error('BC422', format('%s is generated by the system and cannot be supplied', v_col),
      jsonb_build_object('errors', jsonb_build_array(jsonb_build_object('field', v_col, 'message', 'must not be supplied'))));
  END IF;
  NEW := jsonb_populate_record(NEW, jsonb_build_object(v_col, app.next_prefixed_id(v_prefix)));
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION app.set_prefixed_id() IS
  'BEFORE INSERT trigger (args: id column, prefix): refuses a client-supplied id and fills it from next_prefixed_id().';
GRANT EXECUTE ON FUNCTION app.next_prefixed_id(text) TO authenticated;

-- ------------------------------------------------------------------- audit ---
CREATE FUNCTION app.audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_pk  text := coalesce(TG_ARGV[0], 'id');
  v_old jsonb;
  v_new jsonb;
BEGIN
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
ALTER FUNCTION app.audit_row_change() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.audit_row_change() IS
  'AFTER INSERT/UPDATE/DELETE row trigger (arg: primary key column). Records before/after and changed_by = auth.uid() in audit_logs. Definer-rights: audit_logs is not writable by any API role.';

CREATE FUNCTION app.audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$ BEGIN PERFORM app.raise_error('BC403', 'Audit log is append-only'); RETURN NULL; END $$;
COMMENT ON FUNCTION app.audit_logs_append_only() IS 'Refuses UPDATE/DELETE/TRUNCATE on audit_logs for every role, BYPASSRLS included.';
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE OR DELETE ON app.audit_logs
  FOR EACH ROW EXECUTE FUNCTION app.audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON app.audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION app.audit_logs_append_only();

-- ------------------------------------------------------------ idempotency ---
CREATE FUNCTION app.idempotency_begin(p_key text, p_request_sha256 text)
RETURNS TABLE (replay boolean, status integer, body jsonb)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_row app.idempotency_keys;
BEGIN
  IF auth.uid() IS NULL THEN
    PERFORM app.raise_error('BC401', 'Authentication required');
  END IF;
  IF p_key IS NULL OR length(p_key) NOT BETWEEN 1 AND 255 THEN
    PERFORM app.raise_error('BC422', 'Idempotency-Key must be 1 to 255 characters',
      '{"errors":[{"field":"Idempotency-Key","message":"must be 1 to 255 characters"}]}');
  END IF;
  -- In flight = another transaction holds the key's lock right now.
  IF NOT pg_try_advisory_xact_lock(hashtextextended(auth.uid()::text || ':' || p_key, 7001)) THEN
    PERFORM app.raise_error('BC409', 'A request with this Idempotency-Key is still being processed');
  END IF;
  SELECT * INTO v_row FROM app.idempotency_keys k
   WHERE k.caller = auth.uid() AND k.key = p_key AND k.created_at > now() - interval '24 hours';
  IF NOT FOUND THEN
    RETURN QUERY SELECT false, NULL::integer, NULL::jsonb;
    RETURN;
  END IF;
  IF v_row.request_sha256 <> p_request_sha256 THEN
    PERFORM app.raise_error('BC422', 'This Idempotency-Key was already used with a different request',
      '{"errors":[{"field":"Idempotency-Key","message":"already used with a different request body"}]}');
  END IF;
  RETURN QUERY SELECT true, v_row.status, v_row.body;
END
$$;
COMMENT ON FUNCTION app.idempotency_begin(text, text) IS
  'First step of an idempotent POST, inside its transaction: 409 when the key is in flight, replay when stored with the same body hash, 422 when stored with another. Caller-scoped by RLS.';

CREATE FUNCTION app.idempotency_finish(p_key text, p_request_sha256 text, p_method text, p_path text,
                                       p_status integer, p_body jsonb)
RETURNS void LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO app.idempotency_keys AS k (caller, key, request_sha256, method, path, status, body)
  VALUES (auth.uid(), p_key, p_request_sha256, p_method, p_path, p_status, p_body)
  ON CONFLICT (caller, key) DO UPDATE
     SET request_sha256 = excluded.request_sha256, method = excluded.method, path = excluded.path,
         status = excluded.status, body = excluded.body, created_at = now()
   WHERE k.created_at <= now() - interval '24 hours'
$$;
COMMENT ON FUNCTION app.idempotency_finish(text, text, text, text, integer, jsonb) IS
  'Last step of an idempotent POST, in the same transaction as the mutation: stores status and body (a rolled-back request stores nothing).';

GRANT EXECUTE ON FUNCTION app.idempotency_begin(text, text),
  app.idempotency_finish(text, text, text, text, integer, jsonb) TO authenticated;

-- -------------------------------------------------------------------- auth ---
CREATE FUNCTION auth.login_lookup(p_email text)
RETURNS TABLE (user_id uuid, password_hash text, is_active boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.user_id, c.password_hash, p.is_active
    FROM app.profiles p JOIN auth.credentials c ON c.user_id = p.user_id
   WHERE p.email = lower(btrim(p_email))
$$;
ALTER FUNCTION auth.login_lookup(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.login_lookup(text) IS
  'For the login route only (role anon): the hash to verify with argon2id. Nothing else can read credentials.';

CREATE FUNCTION auth.login_throttle(p_email text, p_ip inet)
RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  -- Seconds the caller must wait; 0 = may try. Account: 5 failures per 15 min
  -- (since its last success). IP: 30 failures per minute.
  WITH acc AS (
    SELECT a.attempted_at FROM auth.login_attempts a
     WHERE a.email = lower(btrim(p_email)) AND NOT a.succeeded
       AND a.attempted_at > now() - interval '15 minutes'
       AND a.attempted_at > coalesce((SELECT max(s.attempted_at) FROM auth.login_attempts s
                                       WHERE s.email = lower(btrim(p_email)) AND s.succeeded), '-infinity')
     ORDER BY a.attempted_at DESC LIMIT 5
  ), ipf AS (
    SELECT a.attempted_at FROM auth.login_attempts a
     WHERE p_ip IS NOT NULL AND a.ip = p_ip AND NOT a.succeeded
       AND a.attempted_at > now() - interval '1 minute'
     ORDER BY a.attempted_at DESC LIMIT 30
  )
  SELECT greatest(
    CASE WHEN (SELECT count(*) FROM acc) >= 5
         THEN ceil(extract(epoch FROM (SELECT min(attempted_at) FROM acc) + interval '15 minutes' - now()))::integer ELSE 0 END,
    CASE WHEN (SELECT count(*) FROM ipf) >= 30
         THEN ceil(extract(epoch FROM (SELECT min(attempted_at) FROM ipf) + interval '1 minute' - now()))::integer ELSE 0 END,
    0)
$$;
ALTER FUNCTION auth.login_throttle(text, inet) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.login_throttle(text, inet) IS
  'Seconds to wait before another login attempt for this account/IP (0 = allowed). Thresholds live here, once.';

CREATE FUNCTION auth.record_login_attempt(p_email text, p_ip inet, p_succeeded boolean)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO auth.login_attempts (email, ip, succeeded) VALUES (lower(btrim(p_email)), p_ip, p_succeeded);
  DELETE FROM auth.login_attempts WHERE attempted_at < now() - interval '1 day'
$$;
ALTER FUNCTION auth.record_login_attempt(text, inet, boolean) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.record_login_attempt(text, inet, boolean) IS 'Records a login attempt for throttling; prunes day-old rows.';

CREATE FUNCTION auth.session_user_info(p_user_id uuid)
RETURNS TABLE (user_id uuid, email text, full_name text, role app.user_role, dept_code text,
               manager_user_id uuid, is_active boolean, locale text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.user_id, p.email, p.full_name, p.role, p.dept_code, p.manager_user_id, p.is_active, p.locale
    FROM app.profiles p
   WHERE p.user_id = p_user_id
     AND (auth.uid() IS NULL OR auth.uid() = p_user_id)
$$;
ALTER FUNCTION auth.session_user_info(uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.session_user_info(uuid) IS
  'Profile of a user being signed in (anon, after password/token check) or of the caller itself.';

CREATE FUNCTION auth.issue_refresh_token(p_user_id uuid, p_token_hash text, p_family_id uuid, p_expires_at timestamptz)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO auth.refresh_tokens (user_id, family_id, token_hash, expires_at)
  SELECT p.user_id, p_family_id, p_token_hash, p_expires_at FROM app.profiles p
   WHERE p.user_id = p_user_id AND p.is_active
$$;
ALTER FUNCTION auth.issue_refresh_token(uuid, text, uuid, timestamptz) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.issue_refresh_token(uuid, text, uuid, timestamptz) IS
  'Stores the hash of a new refresh token (login starts a new family). Called by the API after a verified login.';

CREATE FUNCTION auth.rotate_refresh_token(p_token_hash text, p_new_hash text, p_expires_at timestamptz)
RETURNS TABLE (outcome text, user_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_tok auth.refresh_tokens;
BEGIN
  SELECT * INTO v_tok FROM auth.refresh_tokens t WHERE t.token_hash = p_token_hash FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid; RETURN;
  END IF;
  IF v_tok.used_at IS NOT NULL OR v_tok.revoked_at IS NOT NULL THEN
    -- Reuse of a rotated or revoked token: someone else may hold the family.
    UPDATE auth.refresh_tokens SET revoked_at = now(), revoke_reason = 'reuse_detected'
     WHERE family_id = v_tok.family_id AND revoked_at IS NULL;
    RETURN QUERY SELECT 'reused'::text, v_tok.user_id; RETURN;
  END IF;
  IF v_tok.expires_at <= now() OR NOT EXISTS (SELECT 1 FROM app.profiles p WHERE p.user_id = v_tok.user_id AND p.is_active) THEN
    UPDATE auth.refresh_tokens SET revoked_at = now(), revoke_reason = 'expired_or_inactive' WHERE token_id = v_tok.token_id;
    RETURN QUERY SELECT 'expired'::text, v_tok.user_id; RETURN;
  END IF;
  UPDATE auth.refresh_tokens SET used_at = now() WHERE token_id = v_tok.token_id;
  INSERT INTO auth.refresh_tokens (user_id, family_id, token_hash, expires_at)
  VALUES (v_tok.user_id, v_tok.family_id, p_new_hash, p_expires_at);
  RETURN QUERY SELECT 'ok'::text, v_tok.user_id;
END
$$;
ALTER FUNCTION auth.rotate_refresh_token(text, text, timestamptz) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.rotate_refresh_token(text, text, timestamptz) IS
  'Exchanges a refresh token for a new one of the same family. Reuse of a spent token revokes the whole family (outcome reused); the caller commits and answers 401.';

CREATE FUNCTION auth.revoke_refresh_family(p_token_hash text)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE auth.refresh_tokens SET revoked_at = now(), revoke_reason = 'logout'
   WHERE revoked_at IS NULL
     AND family_id = (SELECT t.family_id FROM auth.refresh_tokens t WHERE t.token_hash = p_token_hash)
$$;
ALTER FUNCTION auth.revoke_refresh_family(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.revoke_refresh_family(text) IS 'Logout: revokes every token of the presented token''s family.';

CREATE FUNCTION auth.revoke_user_sessions(p_user_id uuid)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE auth.refresh_tokens SET revoked_at = now(), revoke_reason = 'logout_all'
   WHERE user_id = p_user_id AND revoked_at IS NULL
     AND (auth.uid() = p_user_id OR app.is_admin())
$$;
ALTER FUNCTION auth.revoke_user_sessions(uuid) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.revoke_user_sessions(uuid) IS 'Revokes all refresh tokens of a user: the user itself or a super_admin.';

CREATE FUNCTION auth.resolve_api_token(p_token_hash text)
RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_tok auth.api_tokens;
BEGIN
  SELECT t.* INTO v_tok FROM auth.api_tokens t JOIN app.profiles p ON p.user_id = t.user_id
   WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND t.expires_at > now() AND p.is_active;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF v_tok.last_used_at IS NULL OR v_tok.last_used_at < now() - interval '1 minute' THEN
    UPDATE auth.api_tokens SET last_used_at = now() WHERE token_id = v_tok.token_id;
  END IF;
  RETURN v_tok.user_id;
END
$$;
ALTER FUNCTION auth.resolve_api_token(text) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.resolve_api_token(text) IS
  'Partner API token (hash) -> user id when valid, unexpired, unrevoked and the user active; else NULL. Records last use (at most once a minute).';

CREATE FUNCTION auth.set_password(p_user_id uuid, p_password_hash text)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF auth.uid() IS NULL OR (auth.uid() <> p_user_id AND NOT app.is_admin()) THEN
    PERFORM app.raise_error('BC403', 'You may not change this password');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM app.profiles WHERE user_id = p_user_id) THEN
    PERFORM app.raise_error('BC404', 'User not found');
  END IF;
  INSERT INTO auth.credentials (user_id, password_hash) VALUES (p_user_id, p_password_hash)
  ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, password_changed_at = now();
  -- A new password ends every other session.
  UPDATE auth.refresh_tokens SET revoked_at = now(), revoke_reason = 'password_changed'
   WHERE user_id = p_user_id AND revoked_at IS NULL;
END
$$;
ALTER FUNCTION auth.set_password(uuid, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.set_password(uuid, text) IS
  'Sets a user''s argon2id hash (the user itself after re-verifying the old password in the API, or a super_admin) and revokes their refresh tokens.';

CREATE FUNCTION auth.my_password_hash() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT c.password_hash FROM auth.credentials c WHERE c.user_id = auth.uid() $$;
ALTER FUNCTION auth.my_password_hash() OWNER TO bcc_definer;
COMMENT ON FUNCTION auth.my_password_hash() IS 'The caller''s own hash, to verify the current password before a change.';

GRANT EXECUTE ON FUNCTION auth.login_lookup(text), auth.login_throttle(text, inet),
  auth.record_login_attempt(text, inet, boolean), auth.session_user_info(uuid),
  auth.issue_refresh_token(uuid, text, uuid, timestamptz),
  auth.rotate_refresh_token(text, text, timestamptz), auth.revoke_refresh_family(text),
  auth.resolve_api_token(text) TO anon;
GRANT EXECUTE ON FUNCTION auth.session_user_info(uuid), auth.set_password(uuid, text),
  auth.my_password_hash(), auth.revoke_user_sessions(uuid), auth.revoke_refresh_family(text) TO authenticated;

-- ---------------------------------------------------------- user administration ---
CREATE FUNCTION app.guard_profile_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT app.is_admin() AND auth.uid() IS NOT NULL
     AND (NEW.email, NEW.role, NEW.dept_code, NEW.manager_user_id, NEW.is_active)
         IS DISTINCT FROM (OLD.email, OLD.role, OLD.dept_code, OLD.manager_user_id, OLD.is_active) THEN
    PERFORM app.raise_error('BC403', 'Only an administrator may change email, role, department, manager or status');
  END IF;
  IF NEW.manager_user_id IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.manager_user_id IS DISTINCT FROM OLD.manager_user_id) THEN
    IF NOT EXISTS (SELECT 1 FROM app.profiles m WHERE m.user_id = NEW.manager_user_id
                     AND m.role IN ('sales_manager', 'marketing_manager', 'director', 'super_admin')) THEN
      PERFORM app.raise_error('BC422', 'The manager must be a sales manager, marketing manager or director',
        '{"errors":[{"field":"manager_user_id","message":"must be a manager"}]}');
    END IF;
    IF EXISTS (WITH RECURSIVE chain AS (
                 SELECT m.user_id, m.manager_user_id, 1 AS depth FROM app.profiles m WHERE m.user_id = NEW.manager_user_id
                 UNION ALL
                 SELECT m.user_id, m.manager_user_id, c.depth + 1 FROM app.profiles m JOIN chain c ON m.user_id = c.manager_user_id
                  WHERE c.depth < 50)
               SELECT 1 FROM chain WHERE chain.user_id = NEW.user_id) THEN
      PERFORM app.raise_error('BC422', 'A manager cannot report to their own team member',
        '{"errors":[{"field":"manager_user_id","message":"would create a cycle"}]}');
    END IF;
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION app.guard_profile_change() OWNER TO bcc_definer;
COMMENT ON FUNCTION app.guard_profile_change() IS
  'BEFORE INSERT/UPDATE on profiles: only super_admin changes identity/role/team fields; managers must be manager roles; no reporting cycles.';

CREATE FUNCTION app.admin_create_user(p_email text, p_full_name text, p_role app.user_role, p_dept_code text,
                                      p_manager_user_id uuid, p_password_hash text, p_locale text DEFAULT 'id')
RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_id uuid;
BEGIN
  IF NOT app.is_admin() THEN
    PERFORM app.raise_error('BC403', 'Only an administrator may create users');
  END IF;
  IF EXISTS (SELECT 1 FROM app.profiles WHERE email = lower(btrim(p_email))) THEN
    PERFORM app.raise_error('BC409', 'A user with this email already exists',
      '{"errors":[{"field":"email","message":"already in use"}]}');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM app.departments WHERE dept_code = p_dept_code) THEN
    PERFORM app.raise_error('BC422', 'Unknown department', '{"errors":[{"field":"dept_code","message":"unknown department"}]}');
  END IF;
  IF p_manager_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app.profiles WHERE user_id = p_manager_user_id) THEN
    PERFORM app.raise_error('BC422', 'Unknown manager', '{"errors":[{"field":"manager_user_id","message":"unknown user"}]}');
  END IF;
  INSERT INTO app.profiles (email, full_name, role, dept_code, manager_user_id, locale)
  VALUES (lower(btrim(p_email)), btrim(p_full_name), p_role, p_dept_code, p_manager_user_id, coalesce(p_locale, 'id'))
  RETURNING user_id INTO v_id;
  INSERT INTO auth.credentials (user_id, password_hash) VALUES (v_id, p_password_hash);
  RETURN v_id;
END
$$;
ALTER FUNCTION app.admin_create_user(text, text, app.user_role, text, uuid, text, text) OWNER TO bcc_definer;
COMMENT ON FUNCTION app.admin_create_user(text, text, app.user_role, text, uuid, text, text) IS
  'super_admin only: creates a profile and its credentials in one step (credentials are unreachable for API roles otherwise).';
GRANT EXECUTE ON FUNCTION app.admin_create_user(text, text, app.user_role, text, uuid, text, text) TO authenticated;

-- ------------------------------------------------------------------ storage ---
CREATE FUNCTION app.register_storage_object(p_object_id uuid, p_bucket text, p_object_key text, p_size bigint,
                                            p_content_type text, p_sha256 text, p_original_name text,
                                            p_owner_table text DEFAULT NULL, p_owner_id text DEFAULT NULL)
RETURNS app.storage_objects
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_b   app.storage_buckets;
  v_obj app.storage_objects;
BEGIN
  SELECT * INTO v_b FROM app.storage_buckets WHERE bucket = p_bucket;
  IF NOT FOUND THEN
    PERFORM app.raise_error('BC422', 'Unknown bucket', '{"errors":[{"field":"bucket","message":"unknown bucket"}]}');
  END IF;
  IF p_size > v_b.max_bytes THEN
    PERFORM app.raise_error('BC413', format('File is larger than %s MB', v_b.max_bytes / 1024 / 1024));
  END IF;
  IF NOT (p_content_type = ANY (v_b.allowed_types)) THEN
    PERFORM app.raise_error('BC415', 'This file type is not accepted here');
  END IF;
  INSERT INTO app.storage_objects (object_id, bucket, object_key, size_bytes, content_type, sha256, original_name, owner_table, owner_id)
  VALUES (p_object_id, p_bucket, p_object_key, p_size, p_content_type, p_sha256, left(p_original_name, 255), p_owner_table, p_owner_id)
  RETURNING * INTO v_obj;
  RETURN v_obj;
END
$$;
COMMENT ON FUNCTION app.register_storage_object(uuid, text, text, bigint, text, text, text, text, text) IS
  'Records a stored file after its bytes were written; enforces the bucket''s size and content-type limits (one place). Runs under the caller''s RLS.';
GRANT EXECUTE ON FUNCTION app.register_storage_object(uuid, text, text, bigint, text, text, text, text, text) TO authenticated;
