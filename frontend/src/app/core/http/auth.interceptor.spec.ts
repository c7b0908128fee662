import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { authResponse, problemBody, seedSession } from '../../../testing/test-helpers';
import { AuthService, STORAGE_KEYS } from '../auth/auth.service';
import { authInterceptor } from './auth.interceptor';

const REFRESH = '/api/auth/refresh';
const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

function unauthorized(req: TestRequest): void {
  req.flush(problemBody(401, 'Unauthorized', 'Token expired'), UNAUTHORIZED);
}

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: AuthService;
  let navigate: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    sessionStorage.clear();
  });

  function setup(): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(AuthService);
    const router = TestBed.inject(Router);
    vi.spyOn(router, 'url', 'get').mockReturnValue('/crm/leads');
    navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true) as unknown as ReturnType<typeof vi.fn>;
  }

  afterEach(() => http.verify());

  it('adds the bearer token to /api calls', async () => {
    seedSession('salesperson', { access: 'acc-1' });
    setup();
    const result = firstValueFrom(client.get('/api/leads'));
    const req = http.expectOne('/api/leads');
    expect(req.request.headers.get('Authorization')).toBe('Bearer acc-1');
    req.flush({ items: [], next_cursor: null });
    await expect(result).resolves.toEqual({ items: [], next_cursor: null });
  });

  it('never sends the token to login, refresh or non-API URLs', () => {
    seedSession('salesperson', { access: 'acc-1' });
    setup();
    client.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    client.get('/i18n/id.json').subscribe();
    client.get('https://tiles.example.com/api-like/x').subscribe();
    expect(http.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('/i18n/id.json').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('https://tiles.example.com/api-like/x').request.headers.has('Authorization')).toBe(false);
    http.match(() => true).forEach((r) => r.flush({}));
  });

  it('sends requests without a session unchanged', () => {
    setup();
    client.get('/api/health').subscribe();
    const req = http.expectOne('/api/health');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({ status: 'ok', demo: true });
  });

  it('on 401 refreshes once and retries the request with the new token', async () => {
    seedSession('salesperson', { access: 'acc-old', refresh: 'ref-old' });
    setup();
    const result = firstValueFrom(client.get('/api/leads'));

    unauthorized(http.expectOne('/api/leads'));

    const refresh = http.expectOne(REFRESH);
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.body).toEqual({ refresh_token: 'ref-old' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(authResponse('salesperson', { access: 'acc-new', refresh: 'ref-new' }));

    const retry = http.expectOne('/api/leads');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer acc-new');
    retry.flush({ items: [1] });

    await expect(result).resolves.toEqual({ items: [1] });
    expect(auth.accessToken()).toBe('acc-new');
    expect(sessionStorage.getItem(STORAGE_KEYS.refreshToken)).toBe('ref-new');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('concurrent 401s share one refresh and all retry with the new token', async () => {
    seedSession('sales_manager', { access: 'acc-old', refresh: 'ref-old' });
    setup();
    const results = Promise.all([
      firstValueFrom(client.get('/api/leads')),
      firstValueFrom(client.get('/api/tickets')),
      firstValueFrom(client.get('/api/dso/aging')),
    ]);

    const first = http.match((r) => r.url !== REFRESH);
    expect(first).toHaveLength(3);
    first.forEach(unauthorized);

    // Exactly one refresh, although three requests failed.
    const refreshes = http.match(REFRESH);
    expect(refreshes).toHaveLength(1);
    refreshes[0]!.flush(authResponse('sales_manager', { access: 'acc-new', refresh: 'ref-new' }));

    const retries = http.match((r) => r.url !== REFRESH);
    expect(retries.map((r) => r.request.url).sort()).toEqual(['/api/dso/aging', '/api/leads', '/api/tickets']);
    for (const retry of retries) {
      expect(retry.request.headers.get('Authorization')).toBe('Bearer acc-new');
      retry.flush({ url: retry.request.url });
    }
    await expect(results).resolves.toEqual([
      { url: '/api/leads' },
      { url: '/api/tickets' },
      { url: '/api/dso/aging' },
    ]);
    http.expectNone(REFRESH);
  });

  it('a 401 for a token that was already rotated retries without another refresh', async () => {
    seedSession('salesperson', { access: 'acc-old', refresh: 'ref-old' });
    setup();
    const a = firstValueFrom(client.get('/api/a'));
    const b = firstValueFrom(client.get('/api/b'));
    const reqA = http.expectOne('/api/a');
    const reqB = http.expectOne('/api/b');

    unauthorized(reqA);
    http.expectOne(REFRESH).flush(authResponse('salesperson', { access: 'acc-new', refresh: 'ref-new' }));
    http.expectOne('/api/a').flush('A');

    // B was sent with the old token and only now comes back 401.
    unauthorized(reqB);
    http.expectNone(REFRESH);
    const retryB = http.expectOne('/api/b');
    expect(retryB.request.headers.get('Authorization')).toBe('Bearer acc-new');
    retryB.flush('B');

    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
  });

  it('retries only once: a second 401 goes back to the caller', async () => {
    seedSession('salesperson', { access: 'acc-old' });
    setup();
    const result = firstValueFrom(client.get('/api/leads')).catch((e: unknown) => e);
    unauthorized(http.expectOne('/api/leads'));
    http.expectOne(REFRESH).flush(authResponse('salesperson', { access: 'acc-new', refresh: 'ref-new' }));
    unauthorized(http.expectOne('/api/leads'));

    const error = (await result) as HttpErrorResponse;
    expect(error.status).toBe(401);
    http.expectNone(REFRESH);
    http.expectNone('/api/leads');
  });

  it('when the refresh fails it logs out and routes to /login?returnUrl', async () => {
    seedSession('finance', { access: 'acc-old', refresh: 'ref-reused' });
    setup();
    const results = Promise.all([
      firstValueFrom(client.get('/api/invoices')).catch((e: unknown) => e),
      firstValueFrom(client.get('/api/payments')).catch((e: unknown) => e),
    ]);
    http.match((r) => r.url !== REFRESH).forEach(unauthorized);

    const refreshes = http.match(REFRESH);
    expect(refreshes).toHaveLength(1);
    refreshes[0]!.flush(problemBody(401, 'Unauthorized', 'Refresh token reuse detected'), UNAUTHORIZED);

    const errors = (await results) as HttpErrorResponse[];
    expect(errors.map((e) => e.status)).toEqual([401, 401]);
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(STORAGE_KEYS.accessToken)).toBeNull();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/crm/leads' } });
    // No retry of the original requests after the session ended.
    http.expectNone('/api/invoices');
  });

  it('passes other errors through without refreshing', async () => {
    seedSession();
    setup();
    const result = firstValueFrom(client.get('/api/leads/LD-2026-000001')).catch((e: unknown) => e);
    http.expectOne('/api/leads/LD-2026-000001').flush(problemBody(404, 'Not Found', 'Lead not found'), {
      status: 404,
      statusText: 'Not Found',
    });
    expect(((await result) as HttpErrorResponse).status).toBe(404);
    http.expectNone(REFRESH);
  });

  it('refreshes an expired access token before sending the request', async () => {
    seedSession('ops', { access: 'acc-expired', refresh: 'ref-1', expiresAt: Date.now() - 1000 });
    setup();
    const result = firstValueFrom(client.get('/api/tickets'));
    http.expectNone('/api/tickets');
    http.expectOne(REFRESH).flush(authResponse('ops', { access: 'acc-fresh', refresh: 'ref-2' }));
    const req = http.expectOne('/api/tickets');
    expect(req.request.headers.get('Authorization')).toBe('Bearer acc-fresh');
    req.flush([]);
    await expect(result).resolves.toEqual([]);
  });
});
