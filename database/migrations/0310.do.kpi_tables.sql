-- =============================================================================
-- 0310 kpi: tables
--   kpi_metric_definitions (reference data, seeded in 0311), kpi_targets
--   (unique key + no overlapping periods per metric and assignee), kpi_entries
--   (actuals of MANUAL/IMPORTED metrics only). AUTO actuals are never stored:
--   they are computed from the data by the functions of 0312.
-- =============================================================================
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

-- ------------------------------------------------------------- definitions ---
CREATE TABLE app.kpi_metric_definitions (
  metric_key        text PRIMARY KEY CHECK (metric_key ~ '^[A-Z][A-Z0-9_]{2,63}$'),
  name              text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  name_en           text NOT NULL CHECK (length(btrim(name_en)) BETWEEN 1 AND 200),
  -- MKT, SAL, FIN are departments; OPS stands for every operations department (departments.is_ops).
  department        text NOT NULL CHECK (department IN ('MKT', 'SAL', 'OPS', 'FIN')),
  unit              text NOT NULL CHECK (unit IN ('count', 'idr', 'percent', 'hours', 'days')),
  source            text NOT NULL CHECK (source IN ('AUTO', 'MANUAL', 'IMPORTED')),
  direction         text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
  aggregation       text NOT NULL CHECK (aggregation IN ('sum', 'avg', 'median', 'last', 'ratio')),
  description       text NOT NULL,
  description_en    text NOT NULL,
  supports_channel  boolean NOT NULL DEFAULT false,
  sort_order        integer NOT NULL DEFAULT 0,
  is_active         boolean NOT NULL DEFAULT true
);
CREATE INDEX kpi_metric_definitions_dept_idx ON app.kpi_metric_definitions (department, sort_order);
COMMENT ON TABLE app.kpi_metric_definitions IS
  'Reference data: every KPI of metrics.md (stable metric_key), its department family, unit, source (AUTO computed from data, MANUAL/IMPORTED from kpi_entries), direction and aggregation.';

-- ----------------------------------------------------------------- targets ---
CREATE TABLE app.kpi_targets (
  target_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_key        text NOT NULL REFERENCES app.kpi_metric_definitions(metric_key),
  assignee_user_id  uuid NOT NULL REFERENCES app.profiles(user_id),
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  target_value      numeric(18, 2) NOT NULL CHECK (target_value >= 0),
  notes             text CHECK (length(notes) <= 1000),
  created_by        uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT kpi_targets_period_valid CHECK (period_end >= period_start AND period_end - period_start <= 365),
  CONSTRAINT kpi_targets_key UNIQUE (metric_key, assignee_user_id, period_start, period_end),
  CONSTRAINT kpi_targets_no_overlap EXCLUDE USING gist (
    metric_key WITH =, assignee_user_id WITH =, daterange(period_start, period_end, '[]') WITH &&)
);
CREATE INDEX kpi_targets_assignee_idx ON app.kpi_targets (assignee_user_id, period_start DESC);
CREATE INDEX kpi_targets_list_idx ON app.kpi_targets (period_start DESC, target_id DESC);
COMMENT ON TABLE app.kpi_targets IS
  'Target of one metric for one person over [period_start, period_end] (both inclusive, at most a year). One per key and no overlapping periods for the same metric and assignee (exclusion constraint). Set by managers for their team and department''s metrics, super_admin for all.';

-- ----------------------------------------------------------------- entries ---
CREATE TABLE app.kpi_entries (
  entry_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_key          text NOT NULL REFERENCES app.kpi_metric_definitions(metric_key),
  entry_date          date NOT NULL,
  assignee_user_id    uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  value               numeric(18, 2) NOT NULL CHECK (value >= 0),
  source              text NOT NULL DEFAULT 'MANUAL' CHECK (source IN ('MANUAL', 'IMPORTED')),
  notes               text CHECK (length(notes) <= 2000),
  evidence_object_id  uuid REFERENCES app.storage_objects(object_id),
  import_id           text,
  created_by          uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpi_entries_assignee_idx ON app.kpi_entries (assignee_user_id, metric_key, entry_date);
CREATE INDEX kpi_entries_list_idx ON app.kpi_entries (entry_date DESC, entry_id DESC);
CREATE INDEX kpi_entries_created_by_idx ON app.kpi_entries (created_by);
CREATE INDEX kpi_entries_import_idx ON app.kpi_entries (import_id) WHERE import_id IS NOT NULL;
COMMENT ON TABLE app.kpi_entries IS
  'Actuals of MANUAL and IMPORTED metrics (an AUTO metric refuses entries: its actual is derived from the data). source IMPORTED when written by an import (import_id).';
