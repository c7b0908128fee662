-- =============================================================================
-- 0201 ticketing: reference data
--   the lifecycles as data, SLA targets per type × priority, stale thresholds
--   (shared with the dashboard: ticket, lead, prospect, import), and the
--   Indonesian national holidays of 2026–2027 (moveable feasts follow the
--   government's joint decree; super_admin keeps the table current).
-- =============================================================================

-- ticket_status: OPEN → IN_PROGRESS → WAITING_CUSTOMER → IN_PROGRESS → RESOLVED → CLOSED;
-- RESOLVED → IN_PROGRESS (reopen); OPEN|IN_PROGRESS → CLOSED only with a reason.
-- inquiry_status: OPEN → IN_PROGRESS → QUOTED → WON | LOST; OPEN|IN_PROGRESS → CANCELLED;
-- QUOTED needs a quote.
INSERT INTO app.ticket_transitions (lifecycle, from_status, to_status, requires_reason, requires_quote, sort_order) VALUES
  ('ticket',  'OPEN',             'IN_PROGRESS',      false, false, 10),
  ('ticket',  'OPEN',             'CLOSED',           true,  false, 90),
  ('ticket',  'IN_PROGRESS',      'WAITING_CUSTOMER', false, false, 20),
  ('ticket',  'IN_PROGRESS',      'RESOLVED',         false, false, 30),
  ('ticket',  'IN_PROGRESS',      'CLOSED',           true,  false, 90),
  ('ticket',  'WAITING_CUSTOMER', 'IN_PROGRESS',      false, false, 10),
  ('ticket',  'RESOLVED',         'CLOSED',           false, false, 40),
  ('ticket',  'RESOLVED',         'IN_PROGRESS',      false, false, 50),
  ('inquiry', 'OPEN',             'IN_PROGRESS',      false, false, 10),
  ('inquiry', 'OPEN',             'CANCELLED',        false, false, 90),
  ('inquiry', 'IN_PROGRESS',      'QUOTED',           false, true,  20),
  ('inquiry', 'IN_PROGRESS',      'CANCELLED',        false, false, 90),
  ('inquiry', 'QUOTED',           'WON',              false, false, 30),
  ('inquiry', 'QUOTED',           'LOST',             false, false, 40);

-- Targets in business minutes (one business day = 540 minutes).
INSERT INTO app.sla_policies (ticket_type, priority, first_response_minutes, resolution_minutes) VALUES
  ('inquiry_tariff',  'urgent',  30,  240),
  ('inquiry_tariff',  'high',    60,  540),
  ('inquiry_tariff',  'normal', 120, 1080),
  ('inquiry_tariff',  'low',    240, 1620),
  ('request_pickup',  'urgent',  30,  240),
  ('request_pickup',  'high',    60,  540),
  ('request_pickup',  'normal', 120, 1080),
  ('request_pickup',  'low',    240, 1620),
  ('complaint',       'urgent',  30,  540),
  ('complaint',       'high',    60, 1080),
  ('complaint',       'normal', 120, 1620),
  ('complaint',       'low',    240, 2700),
  ('general_request', 'urgent',  60,  540),
  ('general_request', 'high',   120, 1080),
  ('general_request', 'normal', 240, 2160),
  ('general_request', 'low',    480, 2700);

INSERT INTO app.stale_thresholds (entity, threshold, description) VALUES
  ('ticket',   interval '2 days',  'Open ticket (any status before CLOSED / WON / LOST / CANCELLED) with no message, file or change for this long'),
  ('lead',     interval '7 days',  'Lead still NEW or QUALIFIED with no change for this long'),
  ('prospect', interval '14 days', 'Open prospect (not WON / LOST) with no activity or stage change for this long'),
  ('import',   interval '1 hour',  'Import not COMPLETED / FAILED and not progressing for this long');

INSERT INTO app.holidays (holiday_date, name, name_en) VALUES
  ('2026-01-01', 'Tahun Baru 2026 Masehi',               'New Year''s Day'),
  ('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW',        'Isra Mi''raj'),
  ('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili',       'Chinese New Year'),
  ('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', 'Day of Silence (Nyepi)'),
  ('2026-03-20', 'Idul Fitri 1447 Hijriah',              'Eid al-Fitr'),
  ('2026-03-21', 'Idul Fitri 1447 Hijriah',              'Eid al-Fitr'),
  ('2026-04-03', 'Wafat Yesus Kristus',                  'Good Friday'),
  ('2026-05-01', 'Hari Buruh Internasional',             'Labour Day'),
  ('2026-05-14', 'Kenaikan Yesus Kristus',               'Ascension Day'),
  ('2026-05-27', 'Idul Adha 1447 Hijriah',               'Eid al-Adha'),
  ('2026-05-31', 'Hari Raya Waisak 2570 BE',             'Vesak Day'),
  ('2026-06-01', 'Hari Lahir Pancasila',                 'Pancasila Day'),
  ('2026-06-16', 'Tahun Baru Islam 1448 Hijriah',        'Islamic New Year'),
  ('2026-08-17', 'Hari Kemerdekaan Republik Indonesia',  'Independence Day'),
  ('2026-08-25', 'Maulid Nabi Muhammad SAW',             'Prophet''s Birthday'),
  ('2026-12-25', 'Hari Raya Natal',                      'Christmas Day'),
  ('2027-01-01', 'Tahun Baru 2027 Masehi',               'New Year''s Day'),
  ('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW',        'Isra Mi''raj'),
  ('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili',       'Chinese New Year'),
  ('2027-03-09', 'Hari Suci Nyepi Tahun Baru Saka 1949', 'Day of Silence (Nyepi)'),
  ('2027-03-10', 'Idul Fitri 1448 Hijriah',              'Eid al-Fitr'),
  ('2027-03-11', 'Idul Fitri 1448 Hijriah',              'Eid al-Fitr'),
  ('2027-03-26', 'Wafat Yesus Kristus',                  'Good Friday'),
  ('2027-05-01', 'Hari Buruh Internasional',             'Labour Day'),
  ('2027-05-06', 'Kenaikan Yesus Kristus',               'Ascension Day'),
  ('2027-05-17', 'Idul Adha 1448 Hijriah',               'Eid al-Adha'),
  ('2027-05-20', 'Hari Raya Waisak 2571 BE',             'Vesak Day'),
  ('2027-06-01', 'Hari Lahir Pancasila',                 'Pancasila Day'),
  ('2027-06-06', 'Tahun Baru Islam 1449 Hijriah',        'Islamic New Year'),
  ('2027-08-15', 'Maulid Nabi Muhammad SAW',             'Prophet''s Birthday'),
  ('2027-08-17', 'Hari Kemerdekaan Republik Indonesia',  'Independence Day'),
  ('2027-12-25', 'Hari Raya Natal',                      'Christmas Day');
