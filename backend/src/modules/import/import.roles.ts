import type { Role } from '../../core/auth/auth-user.js';

/**
 * Roles that may upload or process an import at all (others: 403). Which
 * module each may import is decided by app.import_module_allowed() in the
 * database (finance: invoices, payments, customers; marketing: leads,
 * marketing_spend; everyone but the director: kpi_entries).
 */
export const IMPORTER_ROLES: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'];
