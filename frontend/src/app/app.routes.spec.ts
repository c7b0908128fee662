import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { provideTranslocoTesting, seedSession } from '../testing/test-helpers';
import { routes } from './app.routes';
import { ROLES, Role } from './core/auth/auth.models';
import { NAV_ITEMS, canAccess } from './core/permissions';

/** Every menu entry resolves to its route, and roleGuard agrees with the permissions map. */
describe('app routes', () => {
  async function harnessFor(role: Role | null) {
    sessionStorage.clear();
    if (role) {
      seedSession(role);
    }
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
      ],
    });
    const harness = await RouterTestingHarness.create();
    return { harness, router: TestBed.inject(Router) };
  }

  afterEach(() => {
    // The shell reloads the profile; irrelevant here.
    TestBed.inject(HttpTestingController).match(() => true);
  });

  it.each(ROLES)('lets %s open exactly its screens', async (role) => {
    const { harness, router } = await harnessFor(role);
    for (const item of NAV_ITEMS) {
      await harness.navigateByUrl(item.path);
      const expected = canAccess(role, item.key) ? item.path : '/forbidden';
      expect({ key: item.key, url: router.url }).toEqual({ key: item.key, url: expected });
    }
    // The first role pays for loading every lazy page chunk once.
  }, 30_000);

  it('renders the real reference-data page for super_admin', async () => {
    const { harness } = await harnessFor('super_admin');
    await harness.navigateByUrl('/admin/reference-data');
    const host = harness.routeNativeElement!;
    expect(host.querySelector('[data-testid="page-reference-data"]')).not.toBeNull();
    expect(host.querySelector('[data-testid="feature-pending"]')).toBeNull();
  });

  it('renders the real Users and API tokens pages for super_admin (no placeholder)', async () => {
    const { harness } = await harnessFor('super_admin');
    await harness.navigateByUrl('/admin/users');
    let host = harness.routeNativeElement!;
    expect(host.querySelector('[data-testid="users-table"]')).not.toBeNull();
    expect(host.querySelector('[data-testid="page-title"]')?.textContent?.trim()).toBe('Pengguna');

    await harness.navigateByUrl('/admin/api-tokens');
    host = harness.routeNativeElement!;
    expect(host.querySelector('[data-testid="me-tokens-table"]')).not.toBeNull();
    expect(host.querySelector('[data-testid="me-token-create"]')).not.toBeNull();
  });

  it('renders the role heading on Home', async () => {
    const { harness } = await harnessFor('ops');
    await harness.navigateByUrl('/');
    expect(harness.routeNativeElement!.querySelector('[data-testid="home-title"]')?.textContent?.trim()).toBe(
      'Command center operasional',
    );
  });

  it('sends signed-out users to /login with the return URL', async () => {
    const { harness, router } = await harnessFor(null);
    await harness.navigateByUrl('/crm/leads?status=NEW');
    expect(router.url).toBe('/login?returnUrl=%2Fcrm%2Fleads%3Fstatus%3DNEW');
  });

  it('sends signed-in users away from /login', async () => {
    const { harness, router } = await harnessFor('finance');
    await harness.navigateByUrl('/login');
    expect(router.url).toBe('/');
  });

  it('redirects an area root to the first screen the role may open', async () => {
    const { harness, router } = await harnessFor('director');
    await harness.navigateByUrl('/admin');
    expect(router.url).toBe('/admin/audit');
    await harness.navigateByUrl('/tickets');
    expect(router.url).toBe('/tickets/mine');
  });

  it('shows not-found for unknown paths', async () => {
    const { harness, router } = await harnessFor('finance');
    await harness.navigateByUrl('/nope/nothing');
    expect(router.url).toBe('/nope/nothing');
    expect(harness.routeNativeElement!.querySelector('[data-testid="status-not-found"]')).not.toBeNull();
  });
});
