-- =============================================================================
-- Cluster bootstrap: the database roles of the Business Command Center.
--
-- Run once per cluster by a superuser (the embedded default does it for you;
-- in production a DBA runs it, see docs/operations.md). Idempotent.
--
--   bcc_owner      NOLOGIN. Owns every schema, table, view and invoker function.
--                  Migrations run as this role (SET ROLE by the migrator login).
--   bcc_definer    NOLOGIN BYPASSRLS. Owns the few SECURITY DEFINER functions
--                  (dedup, history/audit triggers, claim helpers, masking view).
--                  Only bcc_owner may act as it; no application login can.
--   authenticated  NOLOGIN. The role every signed-in request runs as.
--   anon           NOLOGIN. Login/refresh/health run as it: no table access,
--                  only a handful of auth functions.
--   bcc_api        LOGIN NOINHERIT. The API's connection role: owns nothing,
--                  not superuser, no BYPASSRLS; can only SET ROLE to
--                  authenticated / anon, per transaction.
-- =============================================================================
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bcc_owner') THEN
    CREATE ROLE bcc_owner NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bcc_definer') THEN
    CREATE ROLE bcc_definer NOLOGIN BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bcc_api') THEN
    CREATE ROLE bcc_api LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

ALTER ROLE bcc_api NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
ALTER ROLE bcc_definer NOLOGIN BYPASSRLS;
ALTER ROLE bcc_owner NOLOGIN NOBYPASSRLS;

-- The API may become authenticated or anon for one transaction, nothing else.
GRANT authenticated TO bcc_api WITH INHERIT FALSE, SET TRUE;
GRANT anon TO bcc_api WITH INHERIT FALSE, SET TRUE;
-- The owner hands SECURITY DEFINER functions to bcc_definer and keeps managing
-- them (role attributes such as BYPASSRLS are never inherited).
GRANT bcc_definer TO bcc_owner WITH INHERIT TRUE, SET TRUE;
-- Functions owned by bcc_definer call the owner-owned claim helpers.
