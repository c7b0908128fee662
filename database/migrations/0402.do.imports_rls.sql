-- =============================================================================
-- 0402 imports: grants, row-level security, and the job queue's grants
--   imports / import_rows (rls.md): own imports for everyone; finance also
--   every import of the finance modules; super_admin and director all.
--   API roles only read: every write goes through the definer functions of
--   0401, which check the caller's rights first.
--   graphile_worker (installed by the migrator with graphile-worker's own
--   migrations, owned by bcc_owner): the API login role runs the worker and
--   so needs the queue tables; bcc_definer only enqueues (add_job) from
--   app.import_request_processing(). Request transactions (role
--   authenticated) cannot touch the queue at all.
-- =============================================================================
ALTER TABLE app.imports     ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE app.import_rows ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

GRANT SELECT ON app.imports, app.import_rows TO authenticated;

CREATE POLICY "imports are read by their importer, finance and management" ON app.imports FOR SELECT TO authenticated
USING (
  created_by = (SELECT auth.uid())
  OR (SELECT app.can_read_all())
  OR ((SELECT app.current_role()) = 'finance' AND module IN ('invoices', 'payments', 'customers')));
COMMENT ON POLICY "imports are read by their importer, finance and management" ON app.imports IS
  'Everyone reads their own imports; finance also every import of invoices, payments and customers; super_admin and director all. No write policy: imports change only through the definer functions of 0401.';

CREATE POLICY "import rows follow their import" ON app.import_rows FOR SELECT TO authenticated
USING (
  created_by = (SELECT auth.uid())
  OR (SELECT app.can_read_all())
  OR ((SELECT app.current_role()) = 'finance' AND module IN ('invoices', 'payments', 'customers')));
COMMENT ON POLICY "import rows follow their import" ON app.import_rows IS
  'The same rule as imports, on the copies of created_by and module every row carries (no join per row).';

-- The uploaded file is readable with its import.
CREATE POLICY "import files follow their import" ON app.storage_objects FOR SELECT TO authenticated
USING (owner_table = 'imports'
       AND EXISTS (SELECT 1 FROM app.imports i
                    WHERE i.import_id = CASE WHEN storage_objects.owner_table = 'imports' THEN storage_objects.owner_id END));

-- -------------------------------------------------------------- job queue ---
GRANT USAGE ON SCHEMA graphile_worker TO bcc_api, bcc_definer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO bcc_api;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA graphile_worker TO bcc_api, bcc_definer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO bcc_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON graphile_worker._private_jobs, graphile_worker._private_job_queues,
  graphile_worker._private_tasks TO bcc_definer;
GRANT EXECUTE ON FUNCTION
  graphile_worker.add_job(text, json, text, timestamptz, integer, text, integer, text[], text),
  graphile_worker.add_jobs(graphile_worker.job_spec[], boolean) TO bcc_definer;

-- graphile-worker enables RLS on its tables without policies (only the owner
-- and BYPASSRLS roles see rows); the worker connects as bcc_api.
CREATE POLICY "the worker login runs jobs" ON graphile_worker._private_jobs TO bcc_api USING (true) WITH CHECK (true);
CREATE POLICY "the worker login runs jobs" ON graphile_worker._private_job_queues TO bcc_api USING (true) WITH CHECK (true);
CREATE POLICY "the worker login runs jobs" ON graphile_worker._private_tasks TO bcc_api USING (true) WITH CHECK (true);
CREATE POLICY "the worker login runs jobs" ON graphile_worker._private_known_crontabs TO bcc_api USING (true) WITH CHECK (true);
