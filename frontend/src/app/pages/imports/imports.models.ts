import type { Role } from '../../core/auth/auth.models';

/** The import modules of domain.md, in the order the console offers them. */
export const IMPORT_MODULES = ['invoices', 'payments', 'customers', 'leads', 'marketing_spend', 'kpi_entries'] as const;
export type ImportModule = (typeof IMPORT_MODULES)[number];

export type ImportStatus = 'UPLOADED' | 'STAGED' | 'PROCESSING' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED';
export type ImportRowStatus = 'PENDING' | 'OK' | 'ERROR';

/** GET /api/imports/{id} */
export interface ImportRecord {
  import_id: string;
  module: ImportModule;
  status: ImportStatus;
  file_name: string | null;
  file_format: 'csv' | 'xlsx';
  columns: string[];
  total_rows: number;
  success_rows: number;
  error_rows: number;
  progress_rows: number;
  run_count: number;
  is_stalled: boolean;
  last_error: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  started_at: string | null;
  processed_at: string | null;
}

/** GET /api/imports/{id}/rows */
export interface ImportRow {
  row_number: number;
  status: ImportRowStatus;
  error_message: string | null;
  row_data: Record<string, string>;
  target_id: string | null;
  note: string | null;
}

export interface TemplateColumn {
  column_name: string;
  /** null: optional; columns sharing a group are alternatives (customer_id or customer_npwp). */
  required_group: string | null;
  example: string;
}

/**
 * Which modules a role may import — the same rule as app.import_module_allowed() in the database
 * (which decides; this only keeps the picker honest): finance → invoices, payments, customers;
 * marketing → leads, marketing spend; everyone but the director → KPI values.
 */
export function modulesForRole(role: Role | null | undefined): ImportModule[] {
  if (!role || role === 'director') return [];
  if (role === 'super_admin') return [...IMPORT_MODULES];
  const allowed: ImportModule[] = [];
  if (role === 'finance') allowed.push('invoices', 'payments', 'customers');
  if (role === 'marketing_manager' || role === 'marketing_staff') allowed.push('leads', 'marketing_spend');
  allowed.push('kpi_entries');
  return allowed;
}

export function isActive(status: ImportStatus): boolean {
  return status === 'UPLOADED' || status === 'PROCESSING';
}

/** May processing be started (again)? The server decides; this shows the button. */
export function canProcess(imp: ImportRecord): boolean {
  return imp.status === 'STAGED' || imp.status === 'FAILED' || imp.status === 'COMPLETED_WITH_ERRORS' || (imp.status === 'PROCESSING' && imp.is_stalled);
}

export function progressPercent(imp: ImportRecord): number {
  if (imp.total_rows === 0) return 0;
  if (!isActive(imp.status)) return imp.status === 'STAGED' ? 0 : 100;
  return Math.min(100, Math.round((imp.progress_rows / imp.total_rows) * 100));
}
