import type { Role } from '../../core/auth/auth-user.js';

/**
 * Who may call which CRM route at all (others get 403). These gate routes
 * only; row-level security in the database decides which rows each role sees
 * and changes. Reads of a single record are not gated: a record a role never
 * sees answers 404, like any other invisible row (rls.md).
 */
export const LEAD_CREATORS: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager'];
export const LEAD_ASSIGNERS: Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];
export const LEAD_READERS: Role[] = ['super_admin', 'director', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson'];
export const LEAD_EDITORS: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson'];
export const CUSTOMER_READERS: Role[] = ['super_admin', 'director', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'finance'];
export const PROSPECT_READERS: Role[] = CUSTOMER_READERS;
export const PROSPECT_EDITORS: Role[] = ['super_admin', 'sales_manager', 'salesperson'];
export const ACTIVITY_LOGGERS: Role[] = ['super_admin', 'sales_manager', 'salesperson'];
export const ACTIVITY_READERS: Role[] = ['super_admin', 'director', 'marketing_manager', 'sales_manager', 'salesperson'];
export const MARKETING_WRITERS: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff'];
export const MARKETING_READERS: Role[] = [...MARKETING_WRITERS, 'director', 'sales_manager', 'finance'];
