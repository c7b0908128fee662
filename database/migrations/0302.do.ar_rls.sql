-- =============================================================================
-- 0302 ar: grants and row-level security (rls.md "invoices, payments, AR views")
--   finance R/W all; salesperson R own customers (a prospect they own);
--   sales_manager R team customers; director R all; super_admin all;
--   marketing and ops nothing. Helpers wrapped in (SELECT …): once per statement.
--   The prospect lookups use prospects_customer_owner_key (customer_id, owner_user_id).
-- =============================================================================
ALTER TABLE app.invoices ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.payments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- ---------------------------------------------------------------- invoices ---
GRANT SELECT ON app.invoices TO authenticated;
GRANT INSERT (invoice_number, customer_id, invoice_date, due_date, amount, currency, notes, import_id) ON app.invoices TO authenticated;
GRANT UPDATE (notes) ON app.invoices TO authenticated;

CREATE POLICY "invoices are read by role scope" ON app.invoices FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.prospects p
                                       WHERE p.customer_id = invoices.customer_id
                                         AND p.owner_user_id = ANY ((SELECT app.my_team_ids())::uuid[]))
    WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.prospects p
                                     WHERE p.customer_id = invoices.customer_id
                                       AND p.owner_user_id = (SELECT auth.uid()))
    ELSE false
  END);
COMMENT ON POLICY "invoices are read by role scope" ON app.invoices IS
  'All for super_admin, director and finance; a salesperson reads invoices of customers they own a prospect of; a sales manager those of the team; marketing and ops none.';

CREATE POLICY "finance records invoices" ON app.invoices FOR INSERT TO authenticated
WITH CHECK ((SELECT app.current_role()) IN ('super_admin', 'finance') AND created_by = (SELECT auth.uid()));
COMMENT ON POLICY "finance records invoices" ON app.invoices IS 'Only finance and super_admin create invoices, as themselves.';

CREATE POLICY "finance annotates invoices" ON app.invoices FOR UPDATE TO authenticated
USING ((SELECT app.current_role()) IN ('super_admin', 'finance'))
WITH CHECK ((SELECT app.current_role()) IN ('super_admin', 'finance'));
COMMENT ON POLICY "finance annotates invoices" ON app.invoices IS 'Finance and super_admin may change the notes of an invoice (the only updatable column).';

-- ---------------------------------------------------------------- payments ---
GRANT SELECT ON app.payments TO authenticated;
GRANT INSERT (invoice_id, payment_date, amount, method, reference, notes, import_id) ON app.payments TO authenticated;

CREATE POLICY "payments follow their invoice" ON app.payments FOR SELECT TO authenticated
USING (
  CASE (SELECT app.current_role())
    WHEN 'super_admin' THEN true
    WHEN 'director' THEN true
    WHEN 'finance' THEN true
    WHEN 'sales_manager' THEN EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_id = payments.invoice_id)
    WHEN 'salesperson' THEN EXISTS (SELECT 1 FROM app.invoices i WHERE i.invoice_id = payments.invoice_id)
    ELSE false
  END);
COMMENT ON POLICY "payments follow their invoice" ON app.payments IS
  'A payment is visible exactly when its invoice is (the invoice policy applies inside the EXISTS).';

CREATE POLICY "finance records payments" ON app.payments FOR INSERT TO authenticated
WITH CHECK ((SELECT app.current_role()) IN ('super_admin', 'finance') AND created_by = (SELECT auth.uid()));
COMMENT ON POLICY "finance records payments" ON app.payments IS 'Only finance and super_admin record payments, as themselves; no one updates or deletes one.';
