/** Roles of `profiles.role` (domain.md). The order is the display order used in admin lists. */
export const ROLES = [
  'super_admin',
  'director',
  'marketing_manager',
  'marketing_staff',
  'sales_manager',
  'salesperson',
  'ops',
  'finance',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signed-in user as returned by `POST /api/auth/login` (`user`) and `GET /api/me`. */
export interface User {
  user_id: string;
  email: string;
  full_name: string;
  role: Role;
  dept_code: string;
  manager_user_id: string | null;
  locale?: string | null;
}

/** Body of `POST /api/auth/login` and `POST /api/auth/refresh` responses. */
export interface AuthResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  /** Access-token lifetime in seconds. */
  expires_in: number;
  user: User;
}

/** Editable fields of `PATCH /api/me`. */
export interface ProfileUpdate {
  full_name?: string;
  locale?: string;
}

/** What the console keeps in sessionStorage for the current tab. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token is treated as expired. */
  expiresAt: number;
  user: User;
}
