import { EnvironmentProviders, importProvidersFrom } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
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

/** Material without animations: dialogs open and close at once in jsdom. */
export const NO_MATERIAL_ANIMATIONS = { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } };

/** An element by `data-testid`, searched in `root` (default: the whole document, dialogs included). */
export function byTestId<T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document): T | null {
  return root.querySelector<T>(`[data-testid="${id}"]`);
}

/** Types into an input the way a user does (value + `input` event). */
export function typeInto(id: string, value: string, root: ParentNode = document): void {
  const input = byTestId<HTMLInputElement>(id, root);
  if (!input) {
    throw new Error(`No input with data-testid="${id}"`);
  }
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

/** Picks an option of a native `<select>` by its value. */
export function selectOption(id: string, value: string, root: ParentNode = document): void {
  const select = byTestId<HTMLSelectElement>(id, root);
  if (!select) {
    throw new Error(`No select with data-testid="${id}"`);
  }
  select.value = value;
  if (select.value !== value) {
    throw new Error(`<select data-testid="${id}"> has no option "${value}"`);
  }
  select.dispatchEvent(new Event('change'));
}
