-- =============================================================================
-- 0005 core: triggers, grants and row-level security of the spine
-- RLS is enabled AND forced on every table (the owner is bound too). One policy
-- per command, named in plain English. Helpers are wrapped in (select ...) so
-- they run once per statement.
-- =============================================================================

-- ---------------------------------------------------------------- triggers ---
CREATE TRIGGER profiles_touch BEFORE UPDATE ON app.profiles
  FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER profiles_guard BEFORE INSERT OR UPDATE ON app.profiles
  FOR EACH ROW EXECUTE FUNCTION app.guard_profile_change();
CREATE TRIGGER profiles_audit AFTER INSERT OR UPDATE OR DELETE ON app.profiles
  FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('user_id');

-- ------------------------------------------------------------ enable + force ---
ALTER TABLE app.departments       ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.profiles          ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.id_sequences      ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.audit_logs        ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.idempotency_keys  ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.storage_buckets   ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.storage_objects   ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE auth.credentials      ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE auth.refresh_tokens   ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE auth.api_tokens       ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE auth.login_attempts   ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- auth.credentials, auth.refresh_tokens, auth.login_attempts, app.id_sequences:
-- no grants and no policies for API roles at all; only definer functions.

-- --------------------------------------------------------------- reference ---
GRANT SELECT ON app.departments, app.storage_buckets TO authenticated;
GRANT INSERT, UPDATE, DELETE ON app.departments, app.storage_buckets TO authenticated;

CREATE POLICY "every active user reads departments" ON app.departments
  FOR SELECT TO authenticated USING ((SELECT app.current_role()) IS NOT NULL);
CREATE POLICY "admins add departments" ON app.departments
  FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change departments" ON app.departments
  FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove departments" ON app.departments
  FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

CREATE POLICY "every active user reads buckets" ON app.storage_buckets
  FOR SELECT TO authenticated USING ((SELECT app.current_role()) IS NOT NULL);
CREATE POLICY "admins add buckets" ON app.storage_buckets
  FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change buckets" ON app.storage_buckets
  FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove buckets" ON app.storage_buckets
  FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

-- ---------------------------------------------------------------- profiles ---
-- Everyone else is seen through app.v_directory (limited columns).
GRANT SELECT, INSERT, UPDATE ON app.profiles TO authenticated;

CREATE POLICY "users read their own profile, admins read all" ON app.profiles
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()));
CREATE POLICY "admins create profiles" ON app.profiles
  FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "users update their own profile, admins any" ON app.profiles
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()))
  WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()));

-- -------------------------------------------------------------- audit_logs ---
GRANT SELECT ON app.audit_logs TO authenticated;
CREATE POLICY "admins and directors read the audit log" ON app.audit_logs
  FOR SELECT TO authenticated USING ((SELECT app.can_read_all()));
-- No INSERT/UPDATE/DELETE policy or grant: only audit_row_change() (definer) writes.

-- -------------------------------------------------------- idempotency_keys ---
GRANT SELECT, INSERT, UPDATE ON app.idempotency_keys TO authenticated;
CREATE POLICY "callers read their own idempotency keys" ON app.idempotency_keys
  FOR SELECT TO authenticated USING (caller = (SELECT auth.uid()));
CREATE POLICY "callers store their own idempotency keys" ON app.idempotency_keys
  FOR INSERT TO authenticated WITH CHECK (caller = (SELECT auth.uid()));
CREATE POLICY "callers replace their own expired keys" ON app.idempotency_keys
  FOR UPDATE TO authenticated USING (caller = (SELECT auth.uid())) WITH CHECK (caller = (SELECT auth.uid()));

-- ---------------------------------------------------------- storage_objects ---
-- Module migrations add "follows the owning record" SELECT policies.
GRANT SELECT, INSERT ON app.storage_objects TO authenticated;
GRANT UPDATE (owner_table, owner_id) ON app.storage_objects TO authenticated;
CREATE POLICY "uploaders and admins read objects" ON app.storage_objects
  FOR SELECT TO authenticated
  USING (uploaded_by = (SELECT auth.uid()) OR (SELECT app.can_read_all()));
CREATE POLICY "users other than the director upload as themselves" ON app.storage_objects
  FOR INSERT TO authenticated
  WITH CHECK (uploaded_by = (SELECT auth.uid()) AND (SELECT app.current_role()) <> 'director');
CREATE POLICY "uploaders attach their objects to a record" ON app.storage_objects
  FOR UPDATE TO authenticated
  USING (uploaded_by = (SELECT auth.uid())) WITH CHECK (uploaded_by = (SELECT auth.uid()));

-- ---------------------------------------------------------------- api_tokens ---
GRANT SELECT (token_id, user_id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at)
  ON auth.api_tokens TO authenticated;
GRANT INSERT (user_id, name, token_prefix, token_hash, expires_at) ON auth.api_tokens TO authenticated;
GRANT UPDATE (revoked_at) ON auth.api_tokens TO authenticated;
CREATE POLICY "users read their own tokens, admins all" ON auth.api_tokens
  FOR SELECT TO authenticated USING (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()));
CREATE POLICY "users create tokens for themselves" ON auth.api_tokens
  FOR INSERT TO authenticated WITH CHECK (user_id = (SELECT auth.uid()) AND (SELECT app.current_role()) IS NOT NULL);
CREATE POLICY "users revoke their own tokens, admins any" ON auth.api_tokens
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()))
  WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT app.is_admin()));
