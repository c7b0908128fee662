-- =============================================================================
-- Per-database bootstrap, run by a superuser (or the database owner) before
-- migrations. Idempotent. Lets bcc_owner create schemas/trusted extensions,
-- lets the API connect, and gives migrations a bookkeeping schema.
-- =============================================================================
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO bcc_owner', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO bcc_api', current_database());
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Asia/Jakarta');
END
$$;
-- Dates and "today" are Asia/Jakarta everywhere (domain.md).
SET timezone TO 'Asia/Jakarta';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS bcc_migrations AUTHORIZATION bcc_owner;
REVOKE ALL ON SCHEMA bcc_migrations FROM PUBLIC;
