-- =============================================================================
-- 0200 ticketing: tables
--   reference: holidays (business calendar), sla_policies (type × priority),
--              stale_thresholds (ticket/lead/prospect/import), ticket_transitions
--              (the allowed lifecycle moves, as data)
--   tickets:   lifecycle/SLA columns added to app.tickets (created in 0100)
--   children:  ticket_messages, ticket_attachments, ticket_quotes, sla_events
-- The business calendar is Mon–Fri 08:00–17:00 Asia/Jakarta minus holidays;
-- app.business_window() (0202) is the one place that knows it.
-- =============================================================================

-- ---------------------------------------------------------------- holidays ---
CREATE TABLE app.holidays (
  holiday_date  date PRIMARY KEY,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  created_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE app.holidays IS
  'Reference data: whole-day public holidays (Asia/Jakarta dates). Business time (SLA) skips them. Maintained by super_admin.';

-- ------------------------------------------------------------- sla_policies ---
CREATE TABLE app.sla_policies (
  ticket_type             app.ticket_type NOT NULL,
  priority                app.ticket_priority NOT NULL,
  first_response_minutes  integer NOT NULL CHECK (first_response_minutes BETWEEN 1 AND 100000),
  resolution_minutes      integer NOT NULL CHECK (resolution_minutes BETWEEN 1 AND 1000000),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_type, priority),
  CHECK (resolution_minutes >= first_response_minutes)
);
COMMENT ON TABLE app.sla_policies IS
  'Reference data: SLA targets per ticket type × priority, in business minutes (Mon–Fri 08:00–17:00 Asia/Jakarta minus holidays). Due times are computed from it when a ticket is created.';

-- --------------------------------------------------------- stale_thresholds ---
CREATE TABLE app.stale_thresholds (
  entity       text PRIMARY KEY CHECK (entity ~ '^[a-z_]{1,40}$'),
  threshold    interval NOT NULL CHECK (threshold > interval '0'),
  description  text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE app.stale_thresholds IS
  'Reference data: how long an open item (ticket, lead, prospect, import) may stay without activity before it is listed as stale ("stuck items").';

-- ------------------------------------------------------- ticket_transitions ---
CREATE TABLE app.ticket_transitions (
  lifecycle        text NOT NULL CHECK (lifecycle IN ('ticket', 'inquiry')),
  from_status      text NOT NULL,
  to_status        text NOT NULL,
  requires_reason  boolean NOT NULL DEFAULT false,
  requires_quote   boolean NOT NULL DEFAULT false,
  sort_order       integer NOT NULL DEFAULT 0,
  transition_key   text GENERATED ALWAYS AS (lifecycle || ':' || from_status || '>' || to_status) STORED,
  PRIMARY KEY (lifecycle, from_status, to_status),
  CHECK (from_status <> to_status),
  CHECK (
    (lifecycle = 'ticket'
       AND from_status IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED')
       AND to_status IN ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'))
    OR (lifecycle = 'inquiry'
       AND from_status IN ('OPEN', 'IN_PROGRESS', 'QUOTED', 'WON', 'LOST', 'CANCELLED')
       AND to_status IN ('OPEN', 'IN_PROGRESS', 'QUOTED', 'WON', 'LOST', 'CANCELLED'))),
  CHECK (NOT requires_quote OR (lifecycle = 'inquiry' AND to_status = 'QUOTED'))
);
COMMENT ON TABLE app.ticket_transitions IS
  'Reference data: every allowed status move. lifecycle ticket = ticket_status (request_pickup, complaint, general_request), inquiry = inquiry_status (inquiry_tariff). Anything not listed is refused by the tickets trigger (BC409 naming the allowed targets).';

-- ------------------------------------------------------- tickets (extended) ---
ALTER TABLE app.tickets
  ADD COLUMN status_reason                    text CHECK (length(status_reason) <= 1000),
  ADD COLUMN waiting_since                    timestamptz,
  ADD COLUMN paused_minutes                   numeric(14, 2) NOT NULL DEFAULT 0 CHECK (paused_minutes >= 0),
  ADD COLUMN paused_business_minutes          numeric(14, 2) NOT NULL DEFAULT 0 CHECK (paused_business_minutes >= 0),
  ADD COLUMN first_response_due_at            timestamptz,
  ADD COLUMN first_response_risk_at           timestamptz,
  ADD COLUMN resolution_due_at                timestamptz,
  ADD COLUMN resolution_risk_at               timestamptz,
  ADD COLUMN first_response_business_minutes numeric(14, 2),
  ADD COLUMN resolution_minutes               numeric(14, 2),
  ADD COLUMN resolution_business_minutes      numeric(14, 2);
COMMENT ON COLUMN app.tickets.status_reason IS 'Reason given with the latest status change (required to close an unresolved ticket).';
COMMENT ON COLUMN app.tickets.waiting_since IS 'Set while the ticket is WAITING_CUSTOMER: the SLA clock is paused from here.';
COMMENT ON COLUMN app.tickets.paused_business_minutes IS 'Business minutes spent in WAITING_CUSTOMER so far (not counted against the SLA).';
COMMENT ON COLUMN app.tickets.first_response_due_at IS 'Stored at creation (created_at + first-response target in business time); shifted when the ticket leaves WAITING_CUSTOMER.';
COMMENT ON COLUMN app.tickets.first_response_risk_at IS 'When 80 % of the first-response target has elapsed (at-risk from here while unanswered).';
COMMENT ON COLUMN app.tickets.resolution_due_at IS 'Stored at creation (created_at + resolution target in business time); shifted when the ticket leaves WAITING_CUSTOMER.';
COMMENT ON COLUMN app.tickets.resolution_risk_at IS 'When 80 % of the resolution target has elapsed (at-risk from here while unresolved).';
COMMENT ON COLUMN app.tickets.first_response_business_minutes IS 'first_response_at − created_at in business minutes, set with first_response_at.';
COMMENT ON COLUMN app.tickets.resolution_minutes IS 'First resolution − created_at in calendar minutes, minus time in WAITING_CUSTOMER.';
COMMENT ON COLUMN app.tickets.resolution_business_minutes IS 'First resolution − created_at in business minutes, minus time in WAITING_CUSTOMER.';

CREATE INDEX tickets_assignee_idx ON app.tickets (assigned_to_user_id, created_at DESC) WHERE assigned_to_user_id IS NOT NULL;
CREATE INDEX tickets_open_activity_idx ON app.tickets (last_activity_at) WHERE closed_at IS NULL;
CREATE INDEX tickets_open_due_idx ON app.tickets (resolution_due_at) WHERE resolved_at IS NULL;
CREATE INDEX tickets_created_day_idx ON app.tickets (((created_at AT TIME ZONE 'Asia/Jakarta')::date));
CREATE INDEX tickets_type_idx ON app.tickets (ticket_type, created_at DESC);

-- --------------------------------------------------------- ticket_messages ---
-- Append-only conversation; the primary key includes created_at so the table
-- can become natively range-partitioned by time without a schema change.
CREATE TABLE app.ticket_messages (
  message_id      bigint GENERATED ALWAYS AS IDENTITY,
  ticket_id       text NOT NULL REFERENCES app.tickets(ticket_id),
  sender_user_id  uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  body            text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
  is_internal     boolean NOT NULL DEFAULT false,
  visible_to_ops  boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, created_at)
);
CREATE INDEX ticket_messages_ticket_idx ON app.ticket_messages (ticket_id, created_at, message_id);
CREATE INDEX ticket_messages_sender_idx ON app.ticket_messages (sender_user_id, created_at DESC);
COMMENT ON TABLE app.ticket_messages IS
  'The thread of a ticket. is_internal = note for the handling department (dept_target) only; visible_to_ops = the requester lets ops read it on a masked RFQ. The first non-internal message by anyone but the creator is the first response (trigger).';

-- ------------------------------------------------------ ticket_attachments ---
CREATE TABLE app.ticket_attachments (
  attachment_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id       text NOT NULL REFERENCES app.tickets(ticket_id),
  object_id       uuid NOT NULL UNIQUE REFERENCES app.storage_objects(object_id),
  uploaded_by     uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  is_internal     boolean NOT NULL DEFAULT false,
  visible_to_ops  boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_attachments_ticket_idx ON app.ticket_attachments (ticket_id, created_at, attachment_id);
COMMENT ON TABLE app.ticket_attachments IS
  'Files of a ticket (bucket ticket-attachments, metadata in storage_objects). Reads follow the ticket; internal and ops-visibility flags as for messages.';

-- ----------------------------------------------------------- ticket_quotes ---
CREATE TABLE app.ticket_quotes (
  quote_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id    text NOT NULL REFERENCES app.tickets(ticket_id),
  amount       numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency     text NOT NULL DEFAULT 'IDR' CHECK (currency IN ('IDR', 'USD', 'SGD', 'EUR', 'CNY', 'JPY', 'MYR', 'AUD')),
  valid_until  date NOT NULL,
  notes        text CHECK (length(notes) <= 2000),
  created_by   uuid NOT NULL DEFAULT auth.uid() REFERENCES app.profiles(user_id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_quotes_ticket_idx ON app.ticket_quotes (ticket_id, created_at DESC);
COMMENT ON TABLE app.ticket_quotes IS
  'Quotes answering an RFQ (inquiry_tariff). An inquiry enters QUOTED only when it has one (amount, currency, valid_until).';

-- -------------------------------------------------------------- sla_events ---
-- Written only by triggers (no grant lets a user insert). Primary key includes
-- occurred_at for native time partitioning later.
CREATE TABLE app.sla_events (
  event_id       bigint GENERATED ALWAYS AS IDENTITY,
  ticket_id      text NOT NULL REFERENCES app.tickets(ticket_id),
  event_type     text NOT NULL CHECK (event_type IN ('FIRST_RESPONSE', 'STATUS_CHANGE', 'RESOLVED')),
  metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_user_id  uuid,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, occurred_at)
);
CREATE INDEX sla_events_ticket_idx ON app.sla_events (ticket_id, occurred_at, event_id);
CREATE INDEX sla_events_type_idx ON app.sla_events (event_type, occurred_at);
-- Exactly one FIRST_RESPONSE and one RESOLVED per ticket, whatever the concurrency.
CREATE UNIQUE INDEX sla_events_one_first_response ON app.sla_events (ticket_id) WHERE event_type = 'FIRST_RESPONSE';
CREATE UNIQUE INDEX sla_events_one_resolved ON app.sla_events (ticket_id) WHERE event_type = 'RESOLVED';
COMMENT ON TABLE app.sla_events IS
  'SLA timeline of a ticket, written by triggers only: FIRST_RESPONSE (once), STATUS_CHANGE {from,to}, RESOLVED (once: first RESOLVED/CLOSED, or an inquiry''s first QUOTED/CANCELLED).';
