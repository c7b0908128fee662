import type { Role } from './auth/auth.models';

/**
 * The fixed department codes of `departments` (domain.md). There is no list endpoint yet, so the
 * console knows them here; names are translated under `departments.<code>`.
 */
export const DEPARTMENT_CODES = ['DIR', 'MKT', 'SAL', 'FIN', 'DOM', 'EXI', 'DTD', 'WHS'] as const;

export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export function isDepartmentCode(value: unknown): value is DepartmentCode {
  return typeof value === 'string' && (DEPARTMENT_CODES as readonly string[]).includes(value);
}

/** Transloco key of a department's name (`departments.SAL` → "Penjualan"). */
export function departmentLabelKey(code: string): string {
  return `departments.${code}`;
}

/**
 * The department a new user of `role` usually belongs to, used to pre-fill the user form
 * (ops users work in one of DOM, EXI, DTD, WHS, so there is no default for them).
 */
export const DEFAULT_DEPARTMENT_BY_ROLE: Readonly<Partial<Record<Role, DepartmentCode>>> = {
  super_admin: 'DIR',
  director: 'DIR',
  marketing_manager: 'MKT',
  marketing_staff: 'MKT',
  sales_manager: 'SAL',
  salesperson: 'SAL',
  finance: 'FIN',
};

/** Roles a user may report to (`profiles.manager_user_id` must point at one of them). */
export const MANAGER_ROLES: readonly Role[] = ['sales_manager', 'marketing_manager', 'director'];
