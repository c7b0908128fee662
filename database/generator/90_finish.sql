-- =============================================================================
-- Generator step 9: the id sequences continue after the generated numbers
-- (so the product's next insert of each prefix and year gets a fresh id),
-- identity columns likewise, statistics refreshed.
-- =============================================================================
DO $$
DECLARE
  r record;
  v_seq text;
BEGIN
  FOR r IN
    SELECT x.prefix, x.yr, max(x.n) AS n FROM (
      SELECT 'LD' AS prefix, pg_temp.jyear(created_at) AS yr, split_part(lead_id, '-', 3)::bigint AS n FROM g_lead
      UNION ALL SELECT 'PR', pg_temp.jyear(created_at), split_part(pr_id, '-', 3)::bigint FROM g_lead
      UNION ALL SELECT 'CU', pg_temp.jyear(birth), split_part(customer_id, '-', 3)::bigint FROM g_cust
      UNION ALL SELECT 'TK', pg_temp.jyear(t0), split_part(ticket_id, '-', 3)::bigint FROM g_tk
      UNION ALL SELECT 'IV', pg_temp.jyear(created_at), split_part(invoice_id, '-', 3)::bigint FROM g_inv
      UNION ALL SELECT 'PY', pg_temp.jyear(created_at), split_part(payment_id, '-', 3)::bigint FROM g_pay
    ) x GROUP BY x.prefix, x.yr
  LOOP
    v_seq := format('app.idseq_%s_%s', lower(r.prefix), r.yr);
    IF to_regclass(v_seq) IS NULL THEN
      EXECUTE format('CREATE SEQUENCE %s AS bigint', v_seq);
      EXECUTE format('ALTER SEQUENCE %s OWNER TO bcc_definer', v_seq);
    END IF;
    PERFORM setval(v_seq::regclass, greatest(r.n, pg_temp.id_base(r.prefix, r.yr)), true);
    INSERT INTO app.id_sequences (prefix, year, sequence_name) VALUES (r.prefix, r.yr, v_seq) ON CONFLICT DO NOTHING;
  END LOOP;
END $$;

-- app.ar_invoice_balances (0702) is kept by ALWAYS triggers, which fire during the load too.

SELECT setval(pg_get_serial_sequence('app.prospect_stage_history', 'history_id'), (SELECT max(history_id) FROM app.prospect_stage_history));
SELECT setval(pg_get_serial_sequence('app.ticket_messages', 'message_id'), (SELECT max(message_id) FROM app.ticket_messages));
SELECT setval(pg_get_serial_sequence('app.sla_events', 'event_id'), (SELECT max(event_id) FROM app.sla_events));
SELECT setval(pg_get_serial_sequence('app.ticket_quotes', 'quote_id'), greatest(1, (SELECT max(quote_id) FROM app.ticket_quotes)), (SELECT max(quote_id) FROM app.ticket_quotes) IS NOT NULL);

ANALYZE app.profiles, app.customers, app.prospects, app.prospect_stage_history, app.leads, app.sales_activities,
        app.tickets, app.ticket_messages, app.ticket_quotes, app.sla_events, app.invoices, app.payments,
        app.kpi_targets, app.kpi_entries, app.marketing_spend, app.marketing_activity_events, app.storage_objects;
DO $$ BEGIN IF to_regclass('app.ar_invoice_balances') IS NOT NULL THEN EXECUTE 'ANALYZE app.ar_invoice_balances'; END IF; END $$;
