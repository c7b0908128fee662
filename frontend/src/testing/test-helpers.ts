import { EnvironmentProviders, importProvidersFrom } from '@angular/core';
import { TranslocoTestingModule } from '@jsverse/transloco';

import en from '../../public/i18n/en.json';
import id from '../../public/i18n/id.json';
import type { AuthResponse, Role, User } from '../app/core/auth/auth.models';

/** Transloco with the real translation files, loaded synchronously. */
export function provideTranslocoTesting(): EnvironmentProviders {
  return importProvidersFrom(
    TranslocoTestingModule.forRoot({
      langs: { id, en },
      translocoConfig: { availableLangs: ['id', 'en'], defaultLang: 'id', fallbackLang: 'id' },
      preloadLangs: true,
    }),
  );
}

export function testUser(role: Role = 'salesperson', overrides: Partial<User> = {}): User {
  return {
    user_id: '00000000-0000-4000-8000-000000000001',
    email: `${role}@demo.local`,
    full_name: 'Budi Santoso',
    role,
    dept_code: role === 'ops' ? 'DOM' : role === 'finance' ? 'FIN' : 'SAL',
    manager_user_id: null,
    locale: 'id',
    ...overrides,
  };
}

export function authResponse(
  role: Role = 'salesperson',
  tokens: { access?: string; refresh?: string; expiresIn?: number } = {},
): AuthResponse {
  return {
    access_token: tokens.access ?? 'access-1',
    refresh_token: tokens.refresh ?? 'refresh-1',
    token_type: 'Bearer',
    expires_in: tokens.expiresIn ?? 900,
    user: testUser(role),
  };
}

/** Puts a session into sessionStorage the way AuthService writes it (read on construction). */
export function seedSession(
  role: Role = 'salesperson',
  tokens: { access?: string; refresh?: string; expiresAt?: number } = {},
): void {
  sessionStorage.setItem('bcc.access_token', tokens.access ?? 'access-1');
  sessionStorage.setItem('bcc.refresh_token', tokens.refresh ?? 'refresh-1');
  sessionStorage.setItem('bcc.expires_at', String(tokens.expiresAt ?? Date.now() + 15 * 60_000));
  sessionStorage.setItem('bcc.user', JSON.stringify(testUser(role)));
}

export const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json' };

export function problemBody(status: number, title: string, detail: string, errors?: { field: string; message: string }[]) {
  return { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) };
}
