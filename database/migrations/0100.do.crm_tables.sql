-- =============================================================================
-- 0100 crm: types and tables
--   customers (+ generated normalised match columns), customer_duplicate_candidates,
--   prospects, prospect_stage_history, leads, sales_activities,
--   marketing_activity_events, marketing_spend, and the tickets table the lead
--   bundle writes RFQs into (the ticketing migrations extend it).
-- =============================================================================
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- ------------------------------------------------------------------ types ---
CREATE TYPE app.source_channel AS ENUM ('website', 'referral', 'event', 'social_media', 'email_campaign', 'cold_call', 'whatsapp', 'other');
CREATE TYPE app.lead_status AS ENUM ('NEW', 'QUALIFIED', 'HANDED_OVER', 'CONVERTED', 'DISQUALIFIED');
CREATE TYPE app.prospect_stage AS ENUM ('NEW', 'CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST');
CREATE TYPE app.activity_type AS ENUM ('visit', 'call', 'meeting', 'email', 'whatsapp', 'stage_change', 'rfq_created', 'handover');
CREATE TYPE app.marketing_event_type AS ENUM ('campaign', 'event', 'content', 'ads', 'other');
CREATE TYPE app.ticket_type AS ENUM ('inquiry_tariff', 'request_pickup', 'complaint', 'general_request');
CREATE TYPE app.ticket_priority AS ENUM ('low', 'normal', 'high', 'urgent');
CREATE TYPE app.ticket_status AS ENUM ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED');
CREATE TYPE app.inquiry_status AS ENUM ('OPEN', 'IN_PROGRESS', 'QUOTED', 'WON', 'LOST', 'CANCELLED');
CREATE TYPE app.service_type AS ENUM ('air', 'sea_fcl', 'sea_lcl', 'land', 'express');

-- ------------------------------------------------------ normalisation ---
-- IMMUTABLE so they can feed generated columns; invalid identifiers raise
-- BC422 naming the field, which refuses the row with a clear message.

CREATE FUNCTION app.normalize_npwp(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE d text := regexp_replace(coalesce(p, ''), '\D', '', 'g');
BEGIN
  IF d = '' THEN RETURN NULL; END IF;
  IF length(d) = 15 THEN RETURN '0' || d; END IF;   -- legacy 99.999.999.9-999.999
  IF length(d) = 16 THEN RETURN d; END IF;
  RAISE EXCEPTION USING ERRCODE = 'BC422', MESSAGE = 'NPWP must have 15 or 16 digits',
    DETAIL = '{"errors":[{"field":"npwp","message":"must have 15 or 16 digits"}]}';
END $$;
COMMENT ON FUNCTION app.normalize_npwp(text) IS 'NPWP → canonical 16 digits (15-digit legacy form gets a leading 0); NULL when empty; BC422 otherwise.';

CREATE FUNCTION app.normalize_email(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE e text := lower(btrim(coalesce(p, '')));
BEGIN
  IF e = '' THEN RETURN NULL; END IF;
  IF e !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(e) > 254 THEN
    RAISE EXCEPTION USING ERRCODE = 'BC422', MESSAGE = 'Email address is not valid',
      DETAIL = '{"errors":[{"field":"email","message":"is not a valid email address"}]}';
  END IF;
  RETURN e;
END $$;
COMMENT ON FUNCTION app.normalize_email(text) IS 'Email trimmed and lower-cased; NULL when empty; BC422 when malformed.';

CREATE FUNCTION app.normalize_phone(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  raw text := btrim(coalesce(p, ''));
  d   text := regexp_replace(raw, '\D', '', 'g');
  e   text;
BEGIN
  IF d = '' THEN RETURN NULL; END IF;
  IF raw LIKE '+%' THEN e := '+' || d;
  ELSIF d LIKE '62%' THEN e := '+' || d;
  ELSIF d LIKE '0%' THEN e := '+62' || substr(d, 2);
  ELSIF d LIKE '8%' THEN e := '+62' || d;           -- Indonesian mobile written without 0
  ELSE e := '+' || d;
  END IF;
  IF e !~ '^\+[1-9][0-9]{7,14}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'BC422', MESSAGE = 'Phone number is not valid',
      DETAIL = '{"errors":[{"field":"phone","message":"is not a valid phone number"}]}';
  END IF;
  RETURN e;
END $$;
COMMENT ON FUNCTION app.normalize_phone(text) IS 'Phone → E.164 with Indonesian rules (08… → +628…, 628… → +628…); NULL when empty; BC422 when invalid.';

CREATE FUNCTION app.normalize_company_name(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  s text;
  prev text;
  forms constant text := '(pt|cv|tbk|ud|persero|perum|koperasi|yayasan)';
BEGIN
  IF p IS NULL THEN RETURN NULL; END IF;
  -- Unicode fold: compatibility decomposition, drop combining marks.
  s := regexp_replace(normalize(p, NFKD), '[\u0300-\u036f]', '', 'g');
  s := lower(s);
  s := regexp_replace(s, '[^[:alnum:]]+', ' ', 'g');
  s := btrim(regexp_replace(s, '\s+', ' ', 'g'));
  LOOP
    prev := s;
    s := regexp_replace(s, '^' || forms || '(\s+|$)', '');
    s := regexp_replace(s, '(^|\s+)' || forms || '$', '');
    s := btrim(s);
    EXIT WHEN s = prev;
  END LOOP;
  RETURN nullif(s, '');
END $$;
COMMENT ON FUNCTION app.normalize_company_name(text) IS 'Company name for matching: Unicode-folded, lower-case, punctuation stripped, legal forms (PT, CV, Tbk, UD, Persero, Perum, Koperasi, Yayasan) removed at either end, spaces collapsed.';

GRANT EXECUTE ON FUNCTION app.normalize_npwp(text), app.normalize_email(text), app.normalize_phone(text),
  app.normalize_company_name(text) TO authenticated, bcc_definer;

-- -------------------------------------------------------------- customers ---
CREATE TABLE app.customers (
  customer_id   text PRIMARY KEY,
  company_name  text NOT NULL CHECK (length(btrim(company_name)) BETWEEN 1 AND 200),
  npwp          text CHECK (length(npwp) <= 40),
  email         text CHECK (length(email) <= 254),
  phone         text CHECK (length(phone) <= 40),
  address       text CHECK (length(address) <= 500),
  city          text CHECK (length(city) <= 100),
  industry      text CHECK (length(industry) <= 100),
  npwp_norm     text GENERATED ALWAYS AS (app.normalize_npwp(npwp)) STORED,
  email_norm    text GENERATED ALWAYS AS (app.normalize_email(email)) STORED,
  phone_norm    text GENERATED ALWAYS AS (app.normalize_phone(phone)) STORED,
  name_norm     text GENERATED ALWAYS AS (app.normalize_company_name(company_name)) STORED,
  created_by    uuid REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_npwp_norm_key ON app.customers (npwp_norm) WHERE npwp_norm IS NOT NULL;
CREATE UNIQUE INDEX customers_email_norm_key ON app.customers (email_norm) WHERE email_norm IS NOT NULL;
CREATE UNIQUE INDEX customers_phone_norm_key ON app.customers (phone_norm) WHERE phone_norm IS NOT NULL;
CREATE INDEX customers_name_norm_idx ON app.customers (name_norm);
CREATE INDEX customers_name_trgm_idx ON app.customers USING gin (name_norm gin_trgm_ops);
CREATE INDEX customers_created_idx ON app.customers (created_at DESC, customer_id DESC);
CREATE INDEX customers_company_sort_idx ON app.customers (company_name, customer_id);
COMMENT ON TABLE app.customers IS 'Companies we serve. Identity (dedup) by NPWP → email → phone → normalised name, in find_or_create_customer().';

CREATE TABLE app.customer_duplicate_candidates (
  candidate_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id          text NOT NULL REFERENCES app.customers(customer_id) ON DELETE CASCADE,
  other_customer_id    text NOT NULL REFERENCES app.customers(customer_id) ON DELETE CASCADE,
  match_field          text NOT NULL CHECK (match_field IN ('npwp', 'email', 'phone', 'company_name', 'similar_name')),
  similarity           numeric(4, 3),
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'dismissed')),
  detected_at          timestamptz NOT NULL DEFAULT now(),
  resolved_by          uuid REFERENCES app.profiles(user_id),
  resolved_at          timestamptz,
  CHECK (customer_id <> other_customer_id),
  UNIQUE (customer_id, other_customer_id, match_field)
);
CREATE INDEX customer_dup_other_idx ON app.customer_duplicate_candidates (other_customer_id);
COMMENT ON TABLE app.customer_duplicate_candidates IS 'Possible duplicates found by dedup (identifiers pointing at different customers, near-identical names) for review/merge.';

-- -------------------------------------------------------------- prospects ---
CREATE TABLE app.prospects (
  prospect_id       text PRIMARY KEY,
  customer_id       text NOT NULL REFERENCES app.customers(customer_id),
  owner_user_id     uuid REFERENCES app.profiles(user_id),
  stage             app.prospect_stage NOT NULL DEFAULT 'NEW',
  stage_changed_at  timestamptz NOT NULL DEFAULT now(),
  lost_reason       text CHECK (length(lost_reason) <= 500),
  created_by        uuid REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  last_activity_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX prospects_customer_owner_key ON app.prospects (customer_id, owner_user_id) NULLS NOT DISTINCT;
CREATE INDEX prospects_owner_idx ON app.prospects (owner_user_id, stage);
CREATE INDEX prospects_stage_idx ON app.prospects (stage, stage_changed_at);
CREATE INDEX prospects_recent_idx ON app.prospects (stage_changed_at DESC, prospect_id DESC);
COMMENT ON TABLE app.prospects IS 'One commercial relationship (customer × owner); owner NULL = unassigned marketing pool.';

CREATE TABLE app.prospect_stage_history (
  history_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  prospect_id  text NOT NULL REFERENCES app.prospects(prospect_id) ON DELETE CASCADE,
  from_stage   app.prospect_stage,
  to_stage     app.prospect_stage NOT NULL,
  changed_by   uuid REFERENCES app.profiles(user_id),
  changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prospect_stage_history_prospect_idx ON app.prospect_stage_history (prospect_id, changed_at);
CREATE INDEX prospect_stage_history_to_idx ON app.prospect_stage_history (to_stage, changed_at);
COMMENT ON TABLE app.prospect_stage_history IS 'Every stage a prospect entered (from NULL at creation), written only by trigger.';

-- ------------------------------------------------------------------ leads ---
CREATE TABLE app.leads (
  lead_id               text PRIMARY KEY,
  company_name          text NOT NULL CHECK (length(btrim(company_name)) BETWEEN 1 AND 200),
  contact_name          text NOT NULL CHECK (length(btrim(contact_name)) BETWEEN 1 AND 200),
  email                 text CHECK (length(email) <= 254),
  phone                 text CHECK (length(phone) <= 40),
  npwp                  text CHECK (length(npwp) <= 40),
  source_channel        app.source_channel NOT NULL,
  notes                 text CHECK (length(notes) <= 4000),
  status                app.lead_status NOT NULL DEFAULT 'NEW',
  created_by            uuid NOT NULL REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  sales_owner_user_id   uuid REFERENCES app.profiles(user_id),
  customer_id           text NOT NULL REFERENCES app.customers(customer_id),
  prospect_id           text NOT NULL REFERENCES app.prospects(prospect_id),
  customer_match        text NOT NULL DEFAULT 'new' CHECK (customer_match IN ('npwp', 'email', 'phone', 'company_name', 'new')),
  handed_over_at        timestamptz,
  qualified_at          timestamptz,
  converted_at          timestamptz,
  disqualified_at       timestamptz,
  disqualified_reason   text CHECK (length(disqualified_reason) <= 500),
  import_id             text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  last_activity_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'DISQUALIFIED' OR disqualified_reason IS NOT NULL),
  CHECK (status NOT IN ('HANDED_OVER', 'CONVERTED') OR sales_owner_user_id IS NOT NULL)
);
CREATE INDEX leads_created_idx ON app.leads (created_at DESC, lead_id DESC);
CREATE INDEX leads_created_by_idx ON app.leads (created_by, created_at DESC);
CREATE INDEX leads_owner_idx ON app.leads (sales_owner_user_id, created_at DESC);
CREATE INDEX leads_unassigned_idx ON app.leads (created_at DESC) WHERE sales_owner_user_id IS NULL;
CREATE INDEX leads_customer_idx ON app.leads (customer_id);
CREATE INDEX leads_prospect_idx ON app.leads (prospect_id);
CREATE INDEX leads_status_idx ON app.leads (status, created_at DESC);
CREATE INDEX leads_channel_idx ON app.leads (source_channel, created_at DESC);
CREATE INDEX leads_search_trgm_idx ON app.leads USING gin ((company_name || ' ' || contact_name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(npwp, '')) gin_trgm_ops);
COMMENT ON TABLE app.leads IS 'Leads captured by marketing; always linked to a customer and a prospect (NOT NULL: orphan leads are impossible).';

-- ------------------------------------------------------------- activities ---
CREATE TABLE app.sales_activities (
  activity_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_type       app.activity_type NOT NULL,
  prospect_id         text NOT NULL REFERENCES app.prospects(prospect_id),
  customer_id         text NOT NULL REFERENCES app.customers(customer_id),
  owner_user_id       uuid NOT NULL REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  occurred_at         timestamptz NOT NULL DEFAULT now(),
  notes               text CHECK (length(notes) <= 4000),
  location_lat        numeric(9, 6) CHECK (location_lat BETWEEN -90 AND 90),
  location_lng        numeric(9, 6) CHECK (location_lng BETWEEN -180 AND 180),
  location_accuracy_m numeric(8, 1) CHECK (location_accuracy_m >= 0),
  evidence_object_id  uuid REFERENCES app.storage_objects(object_id),
  is_system           boolean NOT NULL DEFAULT false,
  related_lead_id     text REFERENCES app.leads(lead_id),
  related_ticket_id   text,
  metadata            jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (is_system = (activity_type IN ('stage_change', 'rfq_created', 'handover'))),
  CHECK (activity_type <> 'visit' OR (evidence_object_id IS NOT NULL AND location_lat IS NOT NULL AND location_lng IS NOT NULL))
);
CREATE INDEX sales_activities_owner_idx ON app.sales_activities (owner_user_id, occurred_at DESC);
CREATE INDEX sales_activities_prospect_idx ON app.sales_activities (prospect_id, occurred_at DESC);
CREATE INDEX sales_activities_customer_idx ON app.sales_activities (customer_id, occurred_at DESC);
CREATE INDEX sales_activities_recent_idx ON app.sales_activities (occurred_at DESC, activity_id DESC);
CREATE INDEX sales_activities_lead_idx ON app.sales_activities (related_lead_id) WHERE related_lead_id IS NOT NULL;
COMMENT ON TABLE app.sales_activities IS 'What sales did (visit/call/meeting/email/whatsapp) plus system-derived entries (stage_change, rfq_created, handover; is_system, never counted as own activity).';

CREATE TABLE app.marketing_activity_events (
  event_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type       app.marketing_event_type NOT NULL,
  channel          app.source_channel NOT NULL,
  occurred_at      date NOT NULL,
  title            text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  leads_generated  integer NOT NULL DEFAULT 0 CHECK (leads_generated >= 0),
  notes            text CHECK (length(notes) <= 4000),
  created_by       uuid NOT NULL REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketing_events_created_by_idx ON app.marketing_activity_events (created_by, occurred_at DESC);
CREATE INDEX marketing_events_date_idx ON app.marketing_activity_events (occurred_at DESC);

CREATE TABLE app.marketing_spend (
  spend_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel      app.source_channel NOT NULL,
  spend_date   date NOT NULL,
  amount       numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency     text NOT NULL DEFAULT 'IDR' CHECK (currency = 'IDR'),
  notes        text CHECK (length(notes) <= 1000),
  import_id    text,
  created_by   uuid NOT NULL REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketing_spend_created_by_idx ON app.marketing_spend (created_by, spend_date DESC);
CREATE INDEX marketing_spend_date_idx ON app.marketing_spend (spend_date DESC, channel);

-- ---------------------------------------------------------------- tickets ---
-- Created here because the lead bundle writes RFQ tickets in its own
-- transaction; the ticketing migrations add lifecycle, SLA, messages, quotes.
CREATE TABLE app.tickets (
  ticket_id              text PRIMARY KEY,
  ticket_type            app.ticket_type NOT NULL,
  subject                text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
  description            text CHECK (length(description) <= 10000),
  priority               app.ticket_priority NOT NULL DEFAULT 'normal',
  dept_target            text NOT NULL REFERENCES app.departments(dept_code),
  created_by             uuid NOT NULL REFERENCES app.profiles(user_id) DEFAULT auth.uid(),
  assigned_to_user_id    uuid REFERENCES app.profiles(user_id),
  related_lead_id        text REFERENCES app.leads(lead_id),
  related_customer_id    text REFERENCES app.customers(customer_id),
  related_prospect_id    text REFERENCES app.prospects(prospect_id),
  need_customer_masking  boolean NOT NULL DEFAULT false,
  ticket_status          app.ticket_status,
  inquiry_status         app.inquiry_status,
  origin                 text CHECK (length(origin) <= 200),
  destination            text CHECK (length(destination) <= 200),
  service_type           app.service_type,
  commodity              text CHECK (length(commodity) <= 200),
  weight_kg              numeric(12, 2) CHECK (weight_kg > 0),
  volume_cbm             numeric(12, 3) CHECK (volume_cbm > 0),
  ready_date             date,
  pickup_address         text CHECK (length(pickup_address) <= 500),
  pickup_date            date,
  cargo_description      text CHECK (length(cargo_description) <= 1000),
  shipment_reference     text CHECK (length(shipment_reference) <= 100),
  first_response_at      timestamptz,
  resolved_at            timestamptz,
  closed_at              timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  last_activity_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((ticket_type = 'inquiry_tariff') = (inquiry_status IS NOT NULL)),
  CHECK ((ticket_type = 'inquiry_tariff') = (ticket_status IS NULL)),
  CHECK (ticket_type <> 'inquiry_tariff' OR (need_customer_masking AND origin IS NOT NULL AND destination IS NOT NULL AND service_type IS NOT NULL))
);
CREATE INDEX tickets_created_by_idx ON app.tickets (created_by, created_at DESC);
CREATE INDEX tickets_dept_idx ON app.tickets (dept_target, created_at DESC);
CREATE INDEX tickets_lead_idx ON app.tickets (related_lead_id) WHERE related_lead_id IS NOT NULL;
CREATE INDEX tickets_customer_idx ON app.tickets (related_customer_id) WHERE related_customer_id IS NOT NULL;
CREATE INDEX tickets_prospect_idx ON app.tickets (related_prospect_id) WHERE related_prospect_id IS NOT NULL;
CREATE INDEX tickets_created_idx ON app.tickets (created_at DESC, ticket_id DESC);
COMMENT ON TABLE app.tickets IS 'Tickets of four fixed types; inquiry_tariff (RFQ) uses inquiry_status, the others ticket_status (set by trigger).';

ALTER TABLE app.sales_activities ADD CONSTRAINT sales_activities_ticket_fk FOREIGN KEY (related_ticket_id) REFERENCES app.tickets(ticket_id);
