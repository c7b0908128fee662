import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, forkJoin, map } from 'rxjs';

import type { Role } from '../../../core/auth/auth.models';
import { MANAGER_ROLES } from '../../../core/departments';
import { USERS_URL } from '../../../core/http/api-url';
import { handledErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type { UserCreate, UserListQuery, UserProfile, UserUpdate } from './user.models';

export const USERS_PAGE_SIZE = 50;
/** The API's largest page; enough for every manager of the company in one request per role. */
const MAX_PAGE_SIZE = 200;

/** Users administration (`/api/users`, super_admin). */
@Injectable({ providedIn: 'root' })
export class UsersService {
  private readonly http = inject(HttpClient);

  list(query: UserListQuery = {}): Observable<Page<UserProfile>> {
    let params = new HttpParams().set('limit', query.limit ?? USERS_PAGE_SIZE);
    const q = query.q?.trim();
    if (q) {
      params = params.set('q', q);
    }
    if (query.role) {
      params = params.set('role', query.role);
    }
    if (query.dept_code) {
      params = params.set('dept_code', query.dept_code);
    }
    if (query.cursor) {
      params = params.set('cursor', query.cursor);
    }
    return this.http.get<Page<UserProfile>>(USERS_URL, { params });
  }

  get(userId: string, options: { silent?: boolean } = {}): Observable<UserProfile> {
    return this.http.get<UserProfile>(`${USERS_URL}/${encodeURIComponent(userId)}`, {
      context: options.silent ? handledErrors('all') : undefined,
    });
  }

  /** Everyone a user may report to (sales_manager, marketing_manager, director), by name. */
  managers(): Observable<UserProfile[]> {
    return forkJoin(
      MANAGER_ROLES.map((role: Role) => this.list({ role, limit: MAX_PAGE_SIZE }).pipe(map((page) => page.items))),
    ).pipe(map((lists) => lists.flat().sort(byName)));
  }

  /** 409 (email in use) and 422 (field errors) are the form's to show. */
  create(body: UserCreate): Observable<UserProfile> {
    return this.http.post<UserProfile>(USERS_URL, body, { context: handledErrors([409, 422]) });
  }

  /** `handled` lists the error statuses the caller shows itself (a form: 409 and 422). */
  update(userId: string, body: UserUpdate, handled: readonly number[] = []): Observable<UserProfile> {
    return this.http.patch<UserProfile>(`${USERS_URL}/${encodeURIComponent(userId)}`, body, {
      context: handledErrors(handled),
    });
  }

  resetPassword(userId: string, password: string): Observable<void> {
    return this.http
      .post<void>(`${USERS_URL}/${encodeURIComponent(userId)}/password`, { password }, { context: handledErrors([422]) })
      .pipe(map(() => undefined));
  }
}

/** The list order of the API: by name, Indonesian collation. */
export function byName(a: UserProfile, b: UserProfile): number {
  return a.full_name.localeCompare(b.full_name, 'id', { sensitivity: 'base' });
}
