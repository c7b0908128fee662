import type { Role } from '../../../core/auth/auth.models';

/** Shapes of the KPI API (api.md "KPI"); values are decimal strings, achievement a number. */

export const KPI_DEPARTMENTS = ['MKT', 'SAL', 'OPS', 'FIN'] as const;
export type KpiDepartment = (typeof KPI_DEPARTMENTS)[number];
export type KpiUnit = 'count' | 'idr' | 'percent' | 'hours' | 'days';
export type KpiSource = 'AUTO' | 'MANUAL' | 'IMPORTED';
export type KpiDirection = 'higher_is_better' | 'lower_is_better';

/** Roles that set targets (for their team and department; super_admin all). The director reads. */
export const TARGET_SETTER_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];
/** Roles that may enter values for others (their team; super_admin anyone). */
export const TEAM_ENTRY_ROLES: readonly Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];

export interface MetricDefinition {
  metric_key: string;
  name: string;
  name_en: string;
  department: KpiDepartment;
  unit: KpiUnit;
  source: KpiSource;
  direction: KpiDirection;
  aggregation: string;
  description: string;
  description_en: string;
  supports_channel: boolean;
  sort_order: number;
}

export interface ProgressItem {
  metric_key: string;
  name: string;
  name_en: string;
  department: KpiDepartment;
  source: KpiSource;
  unit: KpiUnit;
  direction: KpiDirection;
  aggregation: string;
  target_id: string | null;
  target_value: string | null;
  actual_value: string | null;
  achievement_pct: number | null;
  status: 'OK' | 'NA';
  na_code: string | null;
  na_reason: string | null;
}

export interface KpiTarget {
  target_id: string;
  metric_key: string;
  metric_name: string;
  metric_name_en: string;
  unit: KpiUnit;
  department: KpiDepartment;
  assignee_user_id: string;
  assignee_name: string | null;
  period_start: string;
  period_end: string;
  target_value: string;
  notes: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface KpiEntry {
  entry_id: string;
  metric_key: string;
  metric_name: string;
  unit: KpiUnit;
  entry_date: string;
  assignee_user_id: string;
  assignee_name: string | null;
  value: string;
  source: 'MANUAL' | 'IMPORTED';
  notes: string | null;
  evidence_object_id: string | null;
  created_by: string;
  created_at: string;
}

export interface Assignee {
  user_id: string;
  full_name: string;
  role: Role;
  dept_code: string;
  department: KpiDepartment | null;
  is_self: boolean;
}

export interface Period {
  start: string;
  end: string;
}

export interface NewTarget {
  metric_key: string;
  assignee_user_id: string;
  period_start: string;
  period_end: string;
  target_value: string;
  notes?: string;
}

export interface NewEntry {
  metric_key: string;
  entry_date: string;
  value: string;
  notes?: string;
  assignee_user_id?: string;
}

export function hasRole(role: Role | null | undefined, roles: readonly Role[]): boolean {
  return !!role && roles.includes(role);
}

/** A non-negative KPI value as the API takes it (`1.500.000,5` and `1500000.5` both accepted). */
export function parseValue(input: string): string | null {
  let s = input.trim().replace(/\s|Rp|%/gi, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  return /^\d{1,16}(\.\d{1,2})?$/.test(s) ? s : null;
}
