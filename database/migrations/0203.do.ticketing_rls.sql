-- =============================================================================
-- 0203 ticketing: grants and row-level security (rls.md)
--   tickets: the UPDATE side (0102 has SELECT and INSERT); messages,
--   attachments, quotes and SLA events follow their ticket; internal notes
--   only for the target department (+ super_admin, director); reference data
--   readable by everyone, written by super_admin. Ops reach masked RFQs only
--   through the masking view and the definer functions of 0205.
-- =============================================================================
ALTER TABLE app.holidays            ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.sla_policies        ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.stale_thresholds    ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ticket_transitions  ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ticket_messages     ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ticket_attachments  ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.ticket_quotes       ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.sla_events          ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- --------------------------------------------------------------- reference ---
GRANT SELECT, INSERT, UPDATE, DELETE ON app.holidays, app.sla_policies, app.stale_thresholds, app.ticket_transitions TO authenticated;

CREATE POLICY "everyone reads holidays" ON app.holidays FOR SELECT TO authenticated USING (true);
CREATE POLICY "admins add holidays" ON app.holidays FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change holidays" ON app.holidays FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove holidays" ON app.holidays FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

CREATE POLICY "everyone reads SLA policies" ON app.sla_policies FOR SELECT TO authenticated USING (true);
CREATE POLICY "admins add SLA policies" ON app.sla_policies FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change SLA policies" ON app.sla_policies FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove SLA policies" ON app.sla_policies FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

CREATE POLICY "everyone reads stale thresholds" ON app.stale_thresholds FOR SELECT TO authenticated USING (true);
CREATE POLICY "admins add stale thresholds" ON app.stale_thresholds FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change stale thresholds" ON app.stale_thresholds FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove stale thresholds" ON app.stale_thresholds FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

CREATE POLICY "everyone reads ticket transitions" ON app.ticket_transitions FOR SELECT TO authenticated USING (true);
CREATE POLICY "admins add ticket transitions" ON app.ticket_transitions FOR INSERT TO authenticated WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins change ticket transitions" ON app.ticket_transitions FOR UPDATE TO authenticated USING ((SELECT app.is_admin())) WITH CHECK ((SELECT app.is_admin()));
CREATE POLICY "admins remove ticket transitions" ON app.ticket_transitions FOR DELETE TO authenticated USING ((SELECT app.is_admin()));

-- ----------------------------------------------------------------- tickets ---
-- Users change only status (+ its reason), priority and assignee; everything
-- else (timestamps, SLA columns) is written by triggers.
GRANT UPDATE (ticket_status, inquiry_status, status_reason, priority, assigned_to_user_id) ON app.tickets TO authenticated;
GRANT INSERT (assigned_to_user_id) ON app.tickets TO authenticated;

CREATE POLICY "tickets are worked by role scope" ON app.tickets FOR UPDATE TO authenticated
USING (
  (SELECT app.current_role()) IS DISTINCT FROM 'director'
  AND (created_by = (SELECT auth.uid())
    OR CASE (SELECT app.current_role())
      WHEN 'super_admin' THEN true
      WHEN 'marketing_manager' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
      WHEN 'marketing_staff' THEN related_lead_id IS NOT NULL AND EXISTS (SELECT 1 FROM app.leads l WHERE l.lead_id = tickets.related_lead_id)
      WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p
                                         WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                           AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
      WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.prospects p
                                       WHERE (p.prospect_id = tickets.related_prospect_id OR p.customer_id = tickets.related_customer_id)
                                         AND p.owner_user_id = (SELECT auth.uid()))
      WHEN 'ops' THEN dept_target = (SELECT app.current_dept()) AND NOT need_customer_masking
      WHEN 'finance' THEN dept_target = 'FIN'
      ELSE false
    END))
WITH CHECK ((SELECT app.current_role()) IS NOT NULL AND (SELECT app.current_role()) <> 'director');
COMMENT ON POLICY "tickets are worked by role scope" ON app.tickets IS
  'The write side of "tickets are read by role scope": the same rows minus the director, who never writes. Ops never update a masked RFQ directly (only via ops_rfq_update()).';

-- ---------------------------------------------------------------- messages ---
GRANT SELECT ON app.ticket_messages TO authenticated;
GRANT INSERT (ticket_id, body, is_internal, visible_to_ops) ON app.ticket_messages TO authenticated;

CREATE POLICY "messages follow their ticket; internal notes stay in the department" ON app.ticket_messages FOR SELECT TO authenticated
USING (EXISTS (SELECT 1 FROM app.tickets t
                WHERE t.ticket_id = ticket_messages.ticket_id
                  AND (NOT ticket_messages.is_internal
                       OR t.dept_target = (SELECT app.current_dept())
                       OR (SELECT app.can_read_all()))));
COMMENT ON POLICY "messages follow their ticket; internal notes stay in the department" ON app.ticket_messages IS
  'A message is visible with its ticket; an internal note only to members of the ticket''s dept_target (its managers included), super_admin and director — never to the requester side.';

CREATE POLICY "participants reply on tickets they see" ON app.ticket_messages FOR INSERT TO authenticated
WITH CHECK (
  sender_user_id = (SELECT auth.uid())
  AND (SELECT app.current_role()) IS NOT NULL AND (SELECT app.current_role()) <> 'director'
  AND EXISTS (SELECT 1 FROM app.tickets t
               WHERE t.ticket_id = ticket_messages.ticket_id
                 AND (NOT ticket_messages.is_internal OR t.dept_target = (SELECT app.current_dept()) OR (SELECT app.is_admin()))));

-- ------------------------------------------------------------- attachments ---
GRANT SELECT ON app.ticket_attachments TO authenticated;
GRANT INSERT (ticket_id, object_id, is_internal, visible_to_ops) ON app.ticket_attachments TO authenticated;

CREATE POLICY "attachments follow their ticket; internal files stay in the department" ON app.ticket_attachments FOR SELECT TO authenticated
USING (EXISTS (SELECT 1 FROM app.tickets t
                WHERE t.ticket_id = ticket_attachments.ticket_id
                  AND (NOT ticket_attachments.is_internal
                       OR t.dept_target = (SELECT app.current_dept())
                       OR (SELECT app.can_read_all()))));

CREATE POLICY "participants attach their uploads to tickets they see" ON app.ticket_attachments FOR INSERT TO authenticated
WITH CHECK (
  uploaded_by = (SELECT auth.uid())
  AND (SELECT app.current_role()) IS NOT NULL AND (SELECT app.current_role()) <> 'director'
  AND EXISTS (SELECT 1 FROM app.tickets t
               WHERE t.ticket_id = ticket_attachments.ticket_id
                 AND (NOT ticket_attachments.is_internal OR t.dept_target = (SELECT app.current_dept()) OR (SELECT app.is_admin()))));

-- The stored file of an attachment is readable exactly when the attachment is.
CREATE POLICY "ticket files follow their attachment" ON app.storage_objects FOR SELECT TO authenticated
USING (owner_table = 'tickets'
       AND EXISTS (SELECT 1 FROM app.ticket_attachments a WHERE a.object_id = storage_objects.object_id));
COMMENT ON POLICY "ticket files follow their attachment" ON app.storage_objects IS
  'Objects owned by a ticket are read through ticket_attachments'' own policy (ticket visible, internal files only for the department); the uploader always sees their own upload.';

-- ------------------------------------------------------------------ quotes ---
GRANT SELECT ON app.ticket_quotes TO authenticated;
GRANT INSERT (ticket_id, amount, currency, valid_until, notes) ON app.ticket_quotes TO authenticated;

CREATE POLICY "quotes follow their ticket" ON app.ticket_quotes FOR SELECT TO authenticated
USING (EXISTS (SELECT 1 FROM app.tickets t WHERE t.ticket_id = ticket_quotes.ticket_id));

CREATE POLICY "those who work a ticket record its quotes" ON app.ticket_quotes FOR INSERT TO authenticated
WITH CHECK (
  created_by = (SELECT auth.uid())
  AND (SELECT app.current_role()) IS NOT NULL AND (SELECT app.current_role()) <> 'director'
  AND EXISTS (SELECT 1 FROM app.tickets t WHERE t.ticket_id = ticket_quotes.ticket_id));

-- -------------------------------------------------------------- sla_events ---
-- Read-only for users; written by the definer triggers of 0202.
GRANT SELECT ON app.sla_events TO authenticated;
CREATE POLICY "SLA events follow their ticket" ON app.sla_events FOR SELECT TO authenticated
USING (EXISTS (SELECT 1 FROM app.tickets t WHERE t.ticket_id = sla_events.ticket_id));
