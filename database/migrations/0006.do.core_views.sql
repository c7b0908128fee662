-- =============================================================================
-- 0006 core: views of the spine
-- =============================================================================

-- The directory: who exists, in which role/department/team. Deliberately
-- definer-rights (owned by bcc_definer) so every signed-in user can pick a
-- colleague without reading anyone's full profile row.
CREATE VIEW app.v_directory WITH (security_barrier = true) AS
  SELECT p.user_id, p.full_name, p.role, p.dept_code, p.manager_user_id, p.is_active
    FROM app.profiles p
   WHERE (SELECT auth.uid()) IS NOT NULL;
ALTER VIEW app.v_directory OWNER TO bcc_definer;
COMMENT ON VIEW app.v_directory IS
  'Every user''s public card (id, name, role, department, manager, active) for pickers and names; the full profile row stays private.';
GRANT SELECT ON app.v_directory TO authenticated;

-- Readiness: the API checks that the database is at the migration version it
-- was built with. Version numbers only; nothing else of the bookkeeping.
GRANT USAGE ON SCHEMA bcc_migrations TO anon, authenticated;
GRANT SELECT (version) ON bcc_migrations.schemaversion TO anon, authenticated;
