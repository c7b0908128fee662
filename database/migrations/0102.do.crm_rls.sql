-- =============================================================================
-- 0102 crm: grants and row-level security (rls.md)
-- Helpers are wrapped in (SELECT ...) so they run once per statement; every
-- column a policy filters on is indexed (0100).
-- =============================================================================
ALTER TABLE app.customers                    ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.customer_duplicate_candidates ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.prospects                    ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.prospect_stage_history       ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.leads                        ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.sales_activities             ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.marketing_activity_events    ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.marketing_spend              ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.tickets                      ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- ------------------------------------------------------------------ leads ---
-- Created only through crm_create_lead_bundle() (definer): no INSERT grant.
GRANT SELECT ON app.leads TO authenticated;
GRANT UPDATE (company_name, contact_name, email, phone, npwp, source_channel, notes, status, disqualified_reason) ON app.leads TO authenticated;

CREATE POLICY "leads are read by role scope" ON app.leads FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN true
    WHEN 'marketing_staff' THEN created_by = (SELECT auth.uid())
    WHEN 'sales_manager' THEN sales_owner_user_id IS NULL OR sales_owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'salesperson' THEN sales_owner_user_id = (SELECT auth.uid())
    ELSE false
  END);
COMMENT ON POLICY "leads are read by role scope" ON app.leads IS
  'All for admin/director/marketing manager; own created for marketing staff; team-owned and unassigned for sales managers; own for salespeople; none for ops/finance.';

CREATE POLICY "leads are edited by role scope" ON app.leads FOR UPDATE TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'marketing_manager' THEN true
    WHEN 'marketing_staff' THEN created_by = (SELECT auth.uid())
    WHEN 'sales_manager' THEN sales_owner_user_id IS NULL OR sales_owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'salesperson' THEN sales_owner_user_id = (SELECT auth.uid())
    ELSE false
  END)
WITH CHECK (true);

-- -------------------------------------------------------------- prospects ---
GRANT SELECT ON app.prospects TO authenticated;
GRANT UPDATE (stage, lost_reason) ON app.prospects TO authenticated;

CREATE POLICY "prospects are read by role scope" ON app.prospects FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN true
    WHEN 'finance' THEN true
    WHEN 'marketing_staff' THEN EXISTS (SELECT 1 FROM app.leads l WHERE l.prospect_id = prospects.prospect_id AND l.created_by = (SELECT auth.uid()))
    WHEN 'sales_manager' THEN owner_user_id IS NULL OR owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'salesperson' THEN owner_user_id = (SELECT auth.uid())
    ELSE false
  END);

CREATE POLICY "prospects are worked by their owner or team manager" ON app.prospects FOR UPDATE TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'sales_manager' THEN owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
    WHEN 'salesperson' THEN owner_user_id = (SELECT auth.uid())
    ELSE false
  END)
WITH CHECK (true);

GRANT SELECT ON app.prospect_stage_history TO authenticated;
CREATE POLICY "stage history follows its prospect" ON app.prospect_stage_history FOR SELECT TO authenticated
USING (EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = prospect_stage_history.prospect_id));

-- -------------------------------------------------------------- customers ---
GRANT SELECT ON app.customers TO authenticated;
GRANT UPDATE (company_name, address, city, industry, email, phone, npwp) ON app.customers TO authenticated;

CREATE POLICY "customers are read through visible leads and prospects" ON app.customers FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'marketing_manager' THEN EXISTS (SELECT 1 FROM app.leads l WHERE l.customer_id = customers.customer_id)
    WHEN 'marketing_staff' THEN EXISTS (SELECT 1 FROM app.leads l WHERE l.customer_id = customers.customer_id AND l.created_by = (SELECT auth.uid()))
    -- team customers, and the unassigned pool they assign from
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = customers.customer_id
                                        AND (p.owner_user_id IS NULL OR p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
    WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = customers.customer_id AND p.owner_user_id = (SELECT auth.uid()))
    ELSE false
  END);

CREATE POLICY "finance and admins maintain customer records" ON app.customers FOR UPDATE TO authenticated
USING ((SELECT app.current_role()) IN ('super_admin', 'finance'))
WITH CHECK ((SELECT app.current_role()) IN ('super_admin', 'finance'));

GRANT SELECT ON app.customer_duplicate_candidates TO authenticated;
GRANT UPDATE (status) ON app.customer_duplicate_candidates TO authenticated;
CREATE POLICY "duplicate candidates for reviewers" ON app.customer_duplicate_candidates FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = customer_duplicate_candidates.customer_id AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    ELSE false
  END);
CREATE POLICY "reviewers resolve duplicate candidates" ON app.customer_duplicate_candidates FOR UPDATE TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'marketing_manager' THEN true
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = customer_duplicate_candidates.customer_id AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    ELSE false
  END)
WITH CHECK (true);

-- ------------------------------------------------------------- activities ---
GRANT SELECT ON app.sales_activities TO authenticated;
GRANT INSERT (activity_type, prospect_id, owner_user_id, occurred_at, notes, location_lat, location_lng, location_accuracy_m, evidence_object_id)
  ON app.sales_activities TO authenticated;

CREATE POLICY "activities are read by role scope" ON app.sales_activities FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'marketing_manager' THEN true
    -- own/team activities, plus the system-derived history of prospects they own
    WHEN 'sales_manager' THEN owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])
      OR (is_system AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = sales_activities.prospect_id AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[])))
    WHEN 'salesperson' THEN owner_user_id = (SELECT auth.uid())
      OR (is_system AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = sales_activities.prospect_id AND p.owner_user_id = (SELECT auth.uid())))
    ELSE false
  END);

CREATE POLICY "salespeople log activities on prospects they own" ON app.sales_activities FOR INSERT TO authenticated
WITH CHECK (
  owner_user_id = (SELECT auth.uid()) AND NOT is_system
  AND (SELECT app.current_role()) IN ('salesperson', 'sales_manager', 'super_admin')
  AND EXISTS (SELECT 1 FROM app.prospects p WHERE p.prospect_id = sales_activities.prospect_id
               AND (p.owner_user_id = (SELECT auth.uid())
                    OR ((SELECT app.current_role()) = 'sales_manager' AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
                    OR (SELECT app.current_role()) = 'super_admin')));

-- Evidence photos are readable with the activity they prove.
CREATE POLICY "evidence follows its activity" ON app.storage_objects FOR SELECT TO authenticated
USING (owner_table = 'sales_activities'
       AND EXISTS (SELECT 1 FROM app.sales_activities a
                    WHERE a.activity_id = CASE WHEN storage_objects.owner_table = 'sales_activities' THEN storage_objects.owner_id::uuid END));

-- -------------------------------------------------------------- marketing ---
GRANT SELECT, INSERT ON app.marketing_activity_events, app.marketing_spend TO authenticated;

CREATE POLICY "marketing events are read by role scope" ON app.marketing_activity_events FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true WHEN 'director' THEN true WHEN 'marketing_manager' THEN true
    WHEN 'sales_manager' THEN true WHEN 'finance' THEN true
    WHEN 'marketing_staff' THEN created_by = (SELECT auth.uid())
    ELSE false
  END);
CREATE POLICY "marketing logs its own events" ON app.marketing_activity_events FOR INSERT TO authenticated
WITH CHECK (created_by = (SELECT auth.uid()) AND (SELECT app.current_role()) IN ('super_admin', 'marketing_manager', 'marketing_staff'));

CREATE POLICY "marketing spend is read by role scope" ON app.marketing_spend FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true WHEN 'director' THEN true WHEN 'marketing_manager' THEN true
    WHEN 'sales_manager' THEN true WHEN 'finance' THEN true
    WHEN 'marketing_staff' THEN created_by = (SELECT auth.uid())
    ELSE false
  END);
CREATE POLICY "marketing records its own spend" ON app.marketing_spend FOR INSERT TO authenticated
WITH CHECK (created_by = (SELECT auth.uid()) AND (SELECT app.current_role()) IN ('super_admin', 'marketing_manager', 'marketing_staff'));

-- ---------------------------------------------------------------- tickets ---
-- Reading per rls.md; the ticketing migrations add updates, messages, SLA.
GRANT SELECT ON app.tickets TO authenticated;
GRANT INSERT (ticket_type, subject, description, priority, dept_target, created_by, related_lead_id, related_customer_id,
              related_prospect_id, origin, destination, service_type, commodity, weight_kg, volume_cbm, ready_date,
              pickup_address, pickup_date, cargo_description, shipment_reference) ON app.tickets TO authenticated;

CREATE POLICY "tickets are read by role scope" ON app.tickets FOR SELECT TO authenticated
USING (
  created_by = (SELECT auth.uid())
  OR CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
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
  END);
COMMENT ON POLICY "tickets are read by role scope" ON app.tickets IS
  'Own tickets for everyone; marketing: related to visible leads; sales: related to own/team prospects or customers; ops: own department except masked RFQs (those only via v_ops_rfqs_masked); finance: FIN queue.';

CREATE POLICY "everyone but the director opens tickets as themselves" ON app.tickets FOR INSERT TO authenticated
WITH CHECK (created_by = (SELECT auth.uid()) AND (SELECT app.current_role()) IS NOT NULL AND (SELECT app.current_role()) <> 'director');
