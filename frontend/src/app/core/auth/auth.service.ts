import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, finalize, map, of, shareReplay, tap, throwError } from 'rxjs';

import { handledErrors, silentErrors, SKIP_AUTH_REFRESH } from '../http/http-context';
import { AUTH_LOGIN_URL, AUTH_LOGOUT_URL, AUTH_REFRESH_URL, ME_PASSWORD_URL, ME_URL } from '../http/api-url';
import { SESSION_STORAGE } from '../storage';
import type { AuthResponse, ProfileUpdate, Role, Session, User } from './auth.models';
import { isRole } from './auth.models';

/** sessionStorage keys (one tab = one session; nothing survives closing the tab). */
export const STORAGE_KEYS = {
  accessToken: 'bcc.access_token',
  refreshToken: 'bcc.refresh_token',
  expiresAt: 'bcc.expires_at',
  user: 'bcc.user',
} as const;

/** Refresh this long before the server-side expiry, so a request never leaves with a dying token. */
const EXPIRY_SKEW_MS = 30_000;

/**
 * Owns the session: login, token refresh (one at a time), logout and the current user.
 * State is a signal mirrored to sessionStorage so a reload keeps the user signed in.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly storage = inject(SESSION_STORAGE);

  private readonly sessionState = signal<Session | null>(this.readSession());
  private refreshInFlight: Observable<string> | null = null;

  readonly session = this.sessionState.asReadonly();
  readonly user = computed<User | null>(() => this.sessionState()?.user ?? null);
  readonly role = computed<Role | null>(() => this.sessionState()?.user.role ?? null);
  readonly isAuthenticated = computed(() => this.sessionState() !== null);

  accessToken(): string | null {
    return this.sessionState()?.accessToken ?? null;
  }

  /** True when the access token is expired or about to be (see EXPIRY_SKEW_MS). */
  isAccessTokenExpired(now = Date.now()): boolean {
    const session = this.sessionState();
    return !!session && session.expiresAt - EXPIRY_SKEW_MS <= now;
  }

  /**
   * `POST /api/auth/login`. On success the session is stored and the user returned; errors
   * (401 bad credentials, 422 field errors, 429 throttled) are left to the login form.
   */
  login(email: string, password: string): Observable<User> {
    return this.http
      .post<AuthResponse>(
        AUTH_LOGIN_URL,
        { email: email.trim(), password },
        { context: handledErrors('all') },
      )
      .pipe(
        tap((response) => this.storeSession(response)),
        map((response) => response.user),
      );
  }

  /**
   * Rotates the refresh token (`POST /api/auth/refresh`) and resolves to the new access token.
   * Callers arriving while a refresh is in flight share it: a rotated refresh token is dead
   * after one use, so a second concurrent refresh would revoke the whole token family.
   * When the refresh fails the session is over: it is cleared and the user sent to /login.
   */
  refresh(): Observable<string> {
    if (this.refreshInFlight) {
      return this.refreshInFlight;
    }
    const refreshToken = this.sessionState()?.refreshToken;
    if (!refreshToken) {
      this.expireSession();
      return throwError(() => new Error('No refresh token'));
    }
    this.refreshInFlight = this.http
      .post<AuthResponse>(
        AUTH_REFRESH_URL,
        { refresh_token: refreshToken },
        { context: silentErrors() },
      )
      .pipe(
        tap({
          next: (response) => this.storeSession(response),
          error: () => this.expireSession(),
        }),
        map((response) => response.access_token),
        finalize(() => (this.refreshInFlight = null)),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
    return this.refreshInFlight;
  }

  /**
   * Signs out: the local session is cleared at once (the UI must not wait for the network),
   * then the refresh token is revoked server-side (`POST /api/auth/logout`, best effort).
   */
  logout(): Observable<void> {
    const session = this.sessionState();
    this.clearSession();
    if (!session) {
      return of(undefined);
    }
    return this.http
      .post<void>(
        AUTH_LOGOUT_URL,
        { refresh_token: session.refreshToken },
        {
          headers: new HttpHeaders({ Authorization: `Bearer ${session.accessToken}` }),
          context: silentErrors().set(SKIP_AUTH_REFRESH, true),
        },
      )
      .pipe(
        map(() => undefined),
        catchError(() => of(undefined)),
      );
  }

  /** `GET /api/me`: reloads the current user (role or department may have changed). */
  loadMe(options: { silent?: boolean } = {}): Observable<User> {
    return this.http
      .get<User>(ME_URL, options.silent ? { context: silentErrors() } : {})
      .pipe(tap((user) => this.setUser(user)));
  }

  /** `PATCH /api/me`. Field errors (422) are the caller's to show. */
  updateMe(update: ProfileUpdate, options: { silent?: boolean } = {}): Observable<User> {
    return this.http
      .patch<User>(ME_URL, update, {
        context: options.silent ? silentErrors() : handledErrors([422]),
      })
      .pipe(tap((user) => this.setUser(user)));
  }

  /**
   * `POST /api/me/password`. The server then revokes every refresh token of the user, this
   * tab's included, so the caller should sign the user out afterwards. A 422 (wrong current
   * password, too short) is the caller's to show on the form.
   */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http
      .post<void>(
        ME_PASSWORD_URL,
        { current_password: currentPassword, new_password: newPassword },
        { context: handledErrors([422]) },
      )
      .pipe(map(() => undefined));
  }

  clearSession(): void {
    for (const key of Object.values(STORAGE_KEYS)) {
      this.storage.removeItem(key);
    }
    this.sessionState.set(null);
  }

  /** Ends a session the server no longer accepts and asks the user to sign in again. */
  expireSession(): void {
    const returnUrl = this.currentUrl();
    this.clearSession();
    if (!returnUrl.startsWith('/login')) {
      void this.router.navigate(['/login'], {
        queryParams: returnUrl && returnUrl !== '/' ? { returnUrl } : {},
      });
    }
  }

  private currentUrl(): string {
    const navigation = this.router.currentNavigation();
    const target = navigation?.finalUrl ?? navigation?.extractedUrl;
    return target ? this.router.serializeUrl(target) : this.router.url;
  }

  private storeSession(response: AuthResponse): void {
    const expiresInMs = Math.max(0, Number(response.expires_in) || 0) * 1000;
    const session: Session = {
      accessToken: response.access_token,
      refreshToken: response.refresh_token,
      expiresAt: Date.now() + expiresInMs,
      user: response.user,
    };
    this.storage.setItem(STORAGE_KEYS.accessToken, session.accessToken);
    this.storage.setItem(STORAGE_KEYS.refreshToken, session.refreshToken);
    this.storage.setItem(STORAGE_KEYS.expiresAt, String(session.expiresAt));
    this.storage.setItem(STORAGE_KEYS.user, JSON.stringify(session.user));
    this.sessionState.set(session);
  }

  private setUser(user: User): void {
    const session = this.sessionState();
    if (!session) {
      return;
    }
    this.storage.setItem(STORAGE_KEYS.user, JSON.stringify(user));
    this.sessionState.set({ ...session, user });
  }

  /** Restores the session of this tab; anything malformed counts as signed out. */
  private readSession(): Session | null {
    const accessToken = this.storage.getItem(STORAGE_KEYS.accessToken);
    const refreshToken = this.storage.getItem(STORAGE_KEYS.refreshToken);
    const rawUser = this.storage.getItem(STORAGE_KEYS.user);
    if (!accessToken || !refreshToken || !rawUser) {
      return null;
    }
    try {
      const user = JSON.parse(rawUser) as Partial<User> | null;
      if (!user || typeof user.user_id !== 'string' || !isRole(user.role)) {
        return null;
      }
      const expiresAt = Number(this.storage.getItem(STORAGE_KEYS.expiresAt));
      return {
        accessToken,
        refreshToken,
        expiresAt: Number.isFinite(expiresAt) ? expiresAt : 0,
        user: user as User,
      };
    } catch {
      return null;
    }
  }
}
