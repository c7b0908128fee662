-- =============================================================================
-- Large-data generator, step 0: parameters, helpers, business calendar.
--
-- Runs as a superuser in ONE transaction with session_replication_role =
-- replica (no triggers, no FK checks): every row is computed here exactly as
-- the product's functions and triggers would have produced it (ids from the
-- per-(prefix, year) sequences, links, history, derived activities, SLA due
-- times and events, …). Audit rows are not generated.
--
-- Parameters (set_config before running, see generate.mjs):
--   gen.scale  1.0 = ~50 sales, 200k customers, 1M leads, 1M tickets,
--              4M messages, 500k invoices, 800k payments
--   gen.seed   integer; the same seed (and gen.end) gives the same data
--   gen.end    timestamptz: the generated history ends here (default now,
--              truncated to the hour); it covers the 730 days before it
--   gen.pwhash optional argon2id hash given to every generated user
-- Randomness is a hash of (seed, stream, row number), never random(): the
-- result does not depend on plan or evaluation order.
-- =============================================================================
SET LOCAL timezone TO 'Asia/Jakarta';
SET LOCAL session_replication_role = replica;
SET LOCAL search_path = pg_catalog, public;

DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'The generator must run as a superuser (it writes with triggers off)';
  END IF;
  IF EXISTS (SELECT 1 FROM app.profiles WHERE email LIKE 'gen.%@gen.local') THEN
    RAISE EXCEPTION 'This database already holds a generated dataset (users gen.*@gen.local); generate into a fresh migrated database';
  END IF;
  IF current_setting('gen.scale')::numeric <= 0 OR current_setting('gen.scale')::numeric > 2 THEN
    RAISE EXCEPTION 'gen.scale must be in (0, 2]';
  END IF;
END $$;

CREATE TEMP TABLE g_par ON COMMIT DROP AS
SELECT current_setting('gen.scale')::numeric AS scale,
       current_setting('gen.seed')::bigint AS seed,
       date_trunc('second', current_setting('gen.end')::timestamptz) AS t_end,
       ((current_setting('gen.end')::timestamptz AT TIME ZONE 'Asia/Jakarta')::date - 730) AS d_start,
       (current_setting('gen.end')::timestamptz AT TIME ZONE 'Asia/Jakarta')::date AS d_end,
       nullif(current_setting('gen.pwhash', true), '') AS pwhash;

-- Volumes.
CREATE TEMP TABLE g_n ON COMMIT DROP AS
SELECT greatest(20, round(200000 * scale))::int AS customers,
       greatest(40, round(1000000 * scale))::int AS leads,
       greatest(40, round(1000000 * scale))::int AS tickets,
       greatest(100, round(4000000 * scale))::int AS messages,
       greatest(20, round(500000 * scale))::int AS invoices,
       greatest(30, round(800000 * scale))::int AS payments,
       greatest(2, round(5 * scale))::int AS sales_managers,
       greatest(4, round(45 * scale))::int AS salespeople,
       greatest(2, round(9 * scale))::int AS mkt_staff,
       greatest(1, round(4 * scale))::int AS finance,
       greatest(1, round(3 * scale))::int AS ops_per_dept
  FROM g_par;

-- Uniform [0, 1) from (seed, stream, i): deterministic and plan-independent.
DO $$
BEGIN
  EXECUTE format($f$CREATE FUNCTION pg_temp.u(stream int, i bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT ((hashint8extended(i, %s::bigint * 7919 + stream::bigint * 1000003) >> 11) & 9007199254740991)::float8 / 9007199254740992.0'$f$,
    (SELECT seed FROM g_par));
END $$;
-- Integer in [0, n).
CREATE FUNCTION pg_temp.ui(stream int, i bigint, n int) RETURNS int LANGUAGE sql IMMUTABLE
AS $$ SELECT floor(pg_temp.u(stream, i) * n)::int $$;
-- A deterministic uuid, shaped like the random (version 4) ones the product makes.
CREATE FUNCTION pg_temp.uid(kind text, i bigint) RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || substr('89ab', 1 + get_byte(decode(substr(h, 17, 2), 'hex'), 0) % 4, 1)
              || substr(h, 18, 15))::uuid
        FROM (SELECT md5('bcc-gen:' || (SELECT seed FROM pg_temp.g_par) || ':' || kind || ':' || i) AS h) x $$;
-- PREFIX-YYYY-NNNNNN exactly as app.next_prefixed_id() formats it.
CREATE FUNCTION pg_temp.fmt_id(prefix text, yr int, n bigint) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT prefix || '-' || yr || '-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END $$;
-- The Jakarta year of a moment (the year next_prefixed_id() uses).
CREATE FUNCTION pg_temp.jyear(ts timestamptz) RETURNS int LANGUAGE sql IMMUTABLE
AS $$ SELECT extract(year FROM (ts AT TIME ZONE 'Asia/Jakarta'))::int $$;
-- Last number already drawn from the sequence of (prefix, year); 0 when none.
CREATE FUNCTION pg_temp.id_base(prefix text, yr int) RETURNS bigint LANGUAGE plpgsql
AS $$
DECLARE v bigint;
BEGIN
  IF to_regclass(format('app.idseq_%s_%s', lower(prefix), yr)) IS NULL THEN RETURN 0; END IF;
  EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM app.idseq_%s_%s', lower(prefix), yr) INTO v;
  RETURN v;
END $$;
-- A moment on Jakarta day d at second s after midnight.
CREATE FUNCTION pg_temp.jat(d date, s int) RETURNS timestamptz LANGUAGE sql IMMUTABLE
AS $$ SELECT (d::timestamp + make_interval(secs => s)) AT TIME ZONE 'Asia/Jakarta' $$;

-- ------------------------------------------------------- business calendar ---
-- One row per Jakarta day (window ± margin): is it a business day (app.business_window,
-- the one place that knows the calendar) and how many business seconds lie
-- before it. Position arithmetic on it reproduces app.business_minutes() and
-- app.add_business_minutes() exactly, set-based.
CREATE TEMP TABLE g_cal ON COMMIT DROP AS
WITH d AS (
  SELECT g::date AS d FROM g_par, generate_series(d_start - 10, d_end + 400, interval '1 day') g
)
SELECT d.d, w.open_at IS NOT NULL AS bd, w.open_at,
       coalesce(sum(CASE WHEN w.open_at IS NOT NULL THEN 32400 ELSE 0 END)
                  OVER (ORDER BY d.d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint AS cum_s
  FROM d CROSS JOIN LATERAL app.business_window(d.d) w;
ALTER TABLE g_cal ADD PRIMARY KEY (d);
CREATE INDEX ON g_cal (cum_s) WHERE bd;
ANALYZE g_cal;

-- Business seconds from the calendar origin to ts.
CREATE FUNCTION pg_temp.pos_s(ts timestamptz) RETURNS numeric LANGUAGE sql STABLE
AS $$ SELECT c.cum_s + CASE WHEN c.bd THEN least(greatest(extract(epoch FROM ts - c.open_at), 0), 32400) ELSE 0 END
        FROM pg_temp.g_cal c WHERE c.d = (ts AT TIME ZONE 'Asia/Jakarta')::date $$;
-- The moment at business-seconds position p (p > 0): the business day holding it.
CREATE FUNCTION pg_temp.at_pos(p numeric) RETURNS timestamptz LANGUAGE sql STABLE
AS $$ SELECT c.open_at + make_interval(secs => (p - c.cum_s)::float8)
        FROM pg_temp.g_cal c WHERE c.bd AND c.cum_s < ceil(p)::bigint ORDER BY c.cum_s DESC LIMIT 1 $$;
-- = app.business_minutes(a, b)
CREATE FUNCTION pg_temp.bm(a timestamptz, b timestamptz) RETURNS numeric LANGUAGE sql STABLE
AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN b <= a THEN 0::numeric
                  ELSE round((pg_temp.pos_s(b) - pg_temp.pos_s(a)) / 60, 2) END $$;
-- = app.add_business_minutes(ts, n)
CREATE FUNCTION pg_temp.add_bm(ts timestamptz, n numeric) RETURNS timestamptz LANGUAGE sql STABLE
AS $$ SELECT CASE WHEN ts IS NULL OR n IS NULL THEN NULL WHEN n <= 0 THEN ts
                  ELSE pg_temp.at_pos(pg_temp.pos_s(ts) + n * 60) END $$;
