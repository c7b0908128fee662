-- =============================================================================
-- 0002 core: tables of the spine
--   reference: departments, storage_buckets
--   identity:  profiles, auth.credentials, auth.refresh_tokens,
--              auth.api_tokens, auth.login_attempts
--   plumbing:  id_sequences, audit_logs, idempotency_keys, storage_objects
-- =============================================================================

-- ------------------------------------------------------------ departments ---
CREATE TABLE app.departments (
  dept_code   text PRIMARY KEY CHECK (dept_code ~ '^[A-Z]{2,5}$'),
  name        text NOT NULL,
  name_en     text NOT NULL,
  is_ops      boolean NOT NULL DEFAULT false,
  sort_order  integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE app.departments IS 'Reference data: departments; is_ops marks operations departments (ticket queues).';

-- --------------------------------------------------------------- profiles ---
CREATE TABLE app.profiles (
  user_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email            text NOT NULL CHECK (email = lower(btrim(email)) AND email ~ '^[^@\s]+@[^@\s]+$'),
  full_name        text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
  role             app.user_role NOT NULL,
  dept_code        text NOT NULL REFERENCES app.departments(dept_code),
  manager_user_id  uuid REFERENCES app.profiles(user_id),
  is_active        boolean NOT NULL DEFAULT true,
  locale           text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT profiles_manager_not_self CHECK (manager_user_id IS DISTINCT FROM user_id)
);
CREATE UNIQUE INDEX profiles_email_key ON app.profiles (email);
CREATE INDEX profiles_manager_idx ON app.profiles (manager_user_id) WHERE manager_user_id IS NOT NULL;
CREATE INDEX profiles_dept_idx ON app.profiles (dept_code);
COMMENT ON TABLE app.profiles IS 'One row per user. Team = profiles whose manager_user_id is the manager.';

-- ------------------------------------------------------------ credentials ---
CREATE TABLE auth.credentials (
  user_id              uuid PRIMARY KEY REFERENCES app.profiles(user_id) ON DELETE CASCADE,
  password_hash        text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  password_changed_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE auth.credentials IS 'argon2id password hashes. No API role can read it; only auth.* definer functions.';

CREATE TABLE auth.refresh_tokens (
  token_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES app.profiles(user_id) ON DELETE CASCADE,
  family_id    uuid NOT NULL,
  token_hash   text NOT NULL UNIQUE,           -- sha256 hex of the opaque token
  issued_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,                    -- rotated (exchanged) at
  revoked_at   timestamptz,
  revoke_reason text
);
CREATE INDEX refresh_tokens_family_idx ON auth.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON auth.refresh_tokens (user_id);
COMMENT ON TABLE auth.refresh_tokens IS 'Rotating refresh tokens; a family is one login. Reusing a used token revokes the family.';

CREATE TABLE auth.api_tokens (
  token_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  token_prefix  text NOT NULL,                 -- first characters, for recognition in lists
  token_hash    text NOT NULL UNIQUE,          -- sha256 hex; the token itself is shown once
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX api_tokens_user_idx ON auth.api_tokens (user_id);
COMMENT ON TABLE auth.api_tokens IS 'Partner API tokens (bcc_pat_...), hashed at rest, expiring, revocable.';

CREATE TABLE auth.login_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL,
  ip            inet,
  succeeded     boolean NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON auth.login_attempts (email, attempted_at DESC);
CREATE INDEX login_attempts_ip_idx ON auth.login_attempts (ip, attempted_at DESC);
COMMENT ON TABLE auth.login_attempts IS 'Login attempts for throttling (shared by every API replica).';

-- ----------------------------------------------------------- id_sequences ---
CREATE TABLE app.id_sequences (
  prefix         text NOT NULL CHECK (prefix ~ '^[A-Z]{2,4}$'),
  year           integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  sequence_name  text NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (prefix, year)
);
COMMENT ON TABLE app.id_sequences IS 'Registry of the native sequence behind each (prefix, year) of next_prefixed_id().';

-- ------------------------------------------------------------- audit_logs ---
-- Append-only. Primary key includes changed_at so the table can become
-- natively range-partitioned by time without a schema change.
CREATE TABLE app.audit_logs (
  id           bigint GENERATED ALWAYS AS IDENTITY,
  table_name   text NOT NULL,
  record_id    text,
  action       text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
  before_data  jsonb,
  after_data   jsonb,
  changed_by   uuid,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, changed_at)
);
CREATE INDEX audit_logs_record_idx ON app.audit_logs (table_name, record_id, changed_at DESC);
CREATE INDEX audit_logs_changed_by_idx ON app.audit_logs (changed_by, changed_at DESC);
CREATE INDEX audit_logs_changed_at_idx ON app.audit_logs (changed_at DESC);
COMMENT ON TABLE app.audit_logs IS 'Who changed what and when; written only by app.audit_row_change(); no role may update or delete.';

-- ------------------------------------------------------- idempotency_keys ---
CREATE TABLE app.idempotency_keys (
  caller          uuid NOT NULL DEFAULT auth.uid(),
  key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_sha256  text NOT NULL,
  method          text NOT NULL,
  path            text NOT NULL,
  status          integer NOT NULL,
  body            jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created_idx ON app.idempotency_keys (created_at);
COMMENT ON TABLE app.idempotency_keys IS 'Stored responses of POSTs sent with Idempotency-Key, written in the mutation''s own transaction; valid 24 h.';

-- -------------------------------------------------------------- storage ---
CREATE TABLE app.storage_buckets (
  bucket         text PRIMARY KEY,
  max_bytes      bigint NOT NULL CHECK (max_bytes > 0),
  allowed_types  text[] NOT NULL,
  description    text NOT NULL
);
COMMENT ON TABLE app.storage_buckets IS 'Reference data: the buckets, their size limit and allowed content types (sniffed from content).';

CREATE TABLE app.storage_objects (
  object_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bucket         text NOT NULL REFERENCES app.storage_buckets(bucket),
  object_key     text NOT NULL UNIQUE CHECK (object_key ~ '^[a-z0-9-]+/[0-9]{4}/[0-9]{2}/[0-9a-f-]{36}$'),
  size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
  content_type   text NOT NULL,
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  original_name  text CHECK (length(original_name) <= 255),
  uploaded_by    uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  owner_table    text,
  owner_id       text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX storage_objects_uploaded_by_idx ON app.storage_objects (uploaded_by);
CREATE INDEX storage_objects_owner_idx ON app.storage_objects (owner_table, owner_id);
COMMENT ON TABLE app.storage_objects IS 'Metadata of stored files; bytes live on disk or S3 under object_key. Reads follow the owning record.';
