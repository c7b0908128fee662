import { HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { PROBLEM_HEADERS, authResponse, problemBody, seedSession, testUser } from '../../../testing/test-helpers';
import { authInterceptor } from '../http/auth.interceptor';
import { AuthService, STORAGE_KEYS } from './auth.service';

describe('AuthService', () => {
  let http: HttpTestingController;

  function setup(): AuthService {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => sessionStorage.clear());
  afterEach(() => http.verify());

  it('login posts the credentials and stores the session in sessionStorage', async () => {
    const auth = setup();
    const user$ = firstValueFrom(auth.login('  admin@demo.local ', 'Demo#2026!'));

    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'admin@demo.local', password: 'Demo#2026!' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(authResponse('super_admin', { access: 'acc-A', refresh: 'ref-A', expiresIn: 900 }));

    const user = await user$;
    expect(user.role).toBe('super_admin');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.role()).toBe('super_admin');
    expect(auth.accessToken()).toBe('acc-A');
    expect(sessionStorage.getItem(STORAGE_KEYS.accessToken)).toBe('acc-A');
    expect(sessionStorage.getItem(STORAGE_KEYS.refreshToken)).toBe('ref-A');
    expect(JSON.parse(sessionStorage.getItem(STORAGE_KEYS.user)!)).toEqual(testUser('super_admin'));
    const expiresAt = Number(sessionStorage.getItem(STORAGE_KEYS.expiresAt));
    expect(expiresAt).toBeGreaterThan(Date.now() + 890_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it('login failure stores nothing and hands the problem to the caller', async () => {
    const auth = setup();
    const result = firstValueFrom(auth.login('a@b.c', 'wrong')).catch((e: unknown) => e);
    http
      .expectOne('/api/auth/login')
      .flush(problemBody(401, 'Unauthorized', 'Invalid email or password'), {
        status: 401,
        statusText: 'Unauthorized',
        headers: PROBLEM_HEADERS,
      });
    const error = await result;
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(401);
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.length).toBe(0);
  });

  it('restores the session of this tab on start', () => {
    seedSession('finance', { access: 'acc-S' });
    const auth = setup();
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.role()).toBe('finance');
    expect(auth.accessToken()).toBe('acc-S');
  });

  it('treats a malformed stored session as signed out', () => {
    seedSession('finance');
    sessionStorage.setItem(STORAGE_KEYS.user, '{"user_id":"x","role":"emperor"}');
    expect(setup().isAuthenticated()).toBe(false);
  });

  it('logout clears the session at once and revokes the refresh token', async () => {
    seedSession('salesperson', { access: 'acc-L', refresh: 'ref-L' });
    const auth = setup();
    const done = firstValueFrom(auth.logout());

    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.user()).toBeNull();
    for (const key of Object.values(STORAGE_KEYS)) {
      expect(sessionStorage.getItem(key)).toBeNull();
    }
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ refresh_token: 'ref-L' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer acc-L');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await expect(done).resolves.toBeUndefined();
  });

  it('logout still completes when the server call fails', async () => {
    seedSession();
    const auth = setup();
    const done = firstValueFrom(auth.logout());
    http.expectOne('/api/auth/logout').flush(problemBody(401, 'Unauthorized', 'expired'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await expect(done).resolves.toBeUndefined();
    // No refresh attempt for a logout.
    http.expectNone('/api/auth/refresh');
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('loadMe and updateMe keep the stored user current', async () => {
    seedSession('salesperson');
    const auth = setup();

    const loaded = firstValueFrom(auth.loadMe());
    http.expectOne('/api/me').flush(testUser('sales_manager', { full_name: 'Siti' }));
    await loaded;
    expect(auth.role()).toBe('sales_manager');

    const updated = firstValueFrom(auth.updateMe({ locale: 'en' }));
    const req = http.expectOne('/api/me');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ locale: 'en' });
    req.flush(testUser('sales_manager', { full_name: 'Siti', locale: 'en' }));
    await updated;
    expect(auth.user()?.locale).toBe('en');
    expect(JSON.parse(sessionStorage.getItem(STORAGE_KEYS.user)!).locale).toBe('en');
  });

  it('a failed refresh ends the session and routes to /login with the return URL', async () => {
    seedSession('finance', { refresh: 'ref-dead' });
    const auth = setup();
    const router = TestBed.inject(Router);
    vi.spyOn(router, 'url', 'get').mockReturnValue('/ar/aging?as_of=2026-01-31');
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);

    const result = firstValueFrom(auth.refresh()).catch((e: unknown) => e);
    const req = http.expectOne('/api/auth/refresh');
    expect(req.request.body).toEqual({ refresh_token: 'ref-dead' });
    req.flush(problemBody(401, 'Unauthorized', 'Refresh token reused'), { status: 401, statusText: 'Unauthorized' });

    expect(await result).toBeInstanceOf(HttpErrorResponse);
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(STORAGE_KEYS.refreshToken)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/ar/aging?as_of=2026-01-31' } });
  });
});
