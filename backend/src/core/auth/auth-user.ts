import type { Claims } from '../database/db.service.js';

export const ROLES = [
  'super_admin', 'director', 'marketing_manager', 'marketing_staff',
  'sales_manager', 'salesperson', 'ops', 'finance',
] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller of a request, as the guard resolved it. */
export interface AuthUser {
  user_id: string;
  role: Role;
  dept_code: string;
  via: 'jwt' | 'api_token';
}

export function claimsOf(user: AuthUser): Claims {
  return { sub: user.user_id, role: 'authenticated', app_role: user.role, dept_code: user.dept_code, via: user.via };
}
