import type { Role } from '../../../core/auth/auth.models';

/** A profile as `/api/users` returns it (super_admin only). */
export interface UserProfile {
  user_id: string;
  email: string;
  full_name: string;
  role: Role;
  dept_code: string;
  manager_user_id: string | null;
  is_active: boolean;
  locale: string;
  created_at: string;
  updated_at: string;
}

export interface UserListQuery {
  q?: string;
  role?: Role | '';
  dept_code?: string;
  limit?: number;
  cursor?: string | null;
}

/** `POST /api/users`. */
export interface UserCreate {
  email: string;
  full_name: string;
  role: Role;
  dept_code: string;
  manager_user_id?: string | null;
  password: string;
  locale?: string;
}

/** `PATCH /api/users/{user_id}`: only the fields that change; `manager_user_id: null` clears. */
export interface UserUpdate {
  role?: Role;
  dept_code?: string;
  manager_user_id?: string | null;
  is_active?: boolean;
  full_name?: string;
}

/** Limits of CreateUserDto. */
export const EMAIL_MAX_LENGTH = 254;
export const FULL_NAME_MAX_LENGTH = 200;
