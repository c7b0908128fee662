-- =============================================================================
-- 0001 core: schemas, extensions, default privileges, claim helpers
--
-- Runs as bcc_owner. Everything created from here on is owned by bcc_owner,
-- except SECURITY DEFINER code, which is handed to bcc_definer (BYPASSRLS,
-- NOLOGIN) explicitly, function by function.
-- =============================================================================

-- ---------------------------------------------------------------- schemas ---
CREATE SCHEMA IF NOT EXISTS auth;   -- identities, credentials, tokens, claims
CREATE SCHEMA IF NOT EXISTS app;    -- the business
REVOKE ALL ON SCHEMA auth, app FROM PUBLIC;
GRANT USAGE ON SCHEMA auth, app TO authenticated, anon;
-- bcc_definer must be able to own functions in these schemas and read/write
-- every table (it is the role definer-rights code runs as).
GRANT USAGE, CREATE ON SCHEMA auth, app TO bcc_definer;

-- ------------------------------------------------------------- extensions ---
-- Trusted extensions: a database owner with CREATE may install them.
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- ------------------------------------------------------ default privileges ---
-- Nothing is executable or readable by PUBLIC unless granted explicitly.
ALTER DEFAULT PRIVILEGES FOR ROLE bcc_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE bcc_owner IN SCHEMA app, auth
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bcc_definer;
ALTER DEFAULT PRIVILEGES FOR ROLE bcc_owner IN SCHEMA app, auth
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO bcc_definer;
ALTER DEFAULT PRIVILEGES FOR ROLE bcc_owner IN SCHEMA app, auth
  GRANT EXECUTE ON FUNCTIONS TO bcc_definer;

-- ---------------------------------------------------------------- types ---
CREATE TYPE app.user_role AS ENUM (
  'super_admin', 'director', 'marketing_manager', 'marketing_staff',
  'sales_manager', 'salesperson', 'ops', 'finance'
);
COMMENT ON TYPE app.user_role IS 'The eight console roles of domain.md; profiles.role.';

-- ----------------------------------------------------------- claim helpers ---
-- The API sets request.jwt.claims with set_config(..., true) as the first
-- statement of every transaction; these helpers read it. After the transaction
-- the setting reverts to '' so NULLIF keeps a pooled connection claim-free.

CREATE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb) $$;
COMMENT ON FUNCTION auth.jwt() IS
  'Claims of the current request (jsonb, {} when none). Callable by every API role; reads only the transaction-local setting.';

CREATE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT nullif(auth.jwt() ->> 'sub', '')::uuid $$;
COMMENT ON FUNCTION auth.uid() IS
  'User id (profiles.user_id) of the current request, NULL for anonymous. Use as (select auth.uid()) in policies.';

GRANT EXECUTE ON FUNCTION auth.jwt(), auth.uid() TO authenticated, anon, bcc_definer;

-- ------------------------------------------------------------ error codes ---
-- SQL raises user-facing errors with these SQLSTATEs; the API maps them 1:1 to
-- HTTP (BC4xx -> 4xx). MESSAGE is shown to users; DETAIL may carry JSON
-- ({"errors":[{field,message}]} or {"allowed":[...]}).
--   BC400 bad request   BC401 unauthenticated   BC403 forbidden
--   BC404 not found     BC409 conflict          BC413 too large
--   BC415 bad file type BC422 validation/rule   BC429 throttled
