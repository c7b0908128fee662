import { BreakpointObserver } from '@angular/cdk/layout';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { of } from 'rxjs';

import { provideTranslocoTesting, seedSession, testUser } from '../../../testing/test-helpers';
import { ROLES, Role } from '../auth/auth.models';
import { AuthService } from '../auth/auth.service';
import { navItemsForRole } from '../permissions';
import { ShellComponent } from './shell.component';

@Component({ template: '' })
class BlankComponent {}

describe('ShellComponent', () => {
  let http: HttpTestingController;

  async function render(role: Role, phone = false) {
    sessionStorage.clear();
    seedSession(role);
    const breakpoints = {
      observe: () => of({ matches: phone, breakpoints: {} }),
      isMatched: () => phone,
    };
    TestBed.configureTestingModule({
      imports: [ShellComponent],
      providers: [
        provideRouter([{ path: '**', component: BlankComponent }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        { provide: BreakpointObserver, useValue: breakpoints },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ShellComponent);
    http.expectOne('/api/me').flush(testUser(role));
    await fixture.whenStable();
    return fixture;
  }

  afterEach(() => http.verify());

  it.each(ROLES)('renders exactly the menu of %s', async (role) => {
    const host = (await render(role)).nativeElement as HTMLElement;
    const sidenav = host.querySelector('[data-testid="sidenav"]');
    expect(sidenav).not.toBeNull();
    const keys = [...sidenav!.querySelectorAll('a[data-testid^="nav-"]')].map((a) =>
      a.getAttribute('data-testid')!.replace(/^nav-/, ''),
    );
    expect(keys).toEqual(navItemsForRole(role).map((item) => item.key));
  });

  it('links menu items to their routes with translated labels', async () => {
    const host = (await render('ops')).nativeElement as HTMLElement;
    const rfq = host.querySelector<HTMLAnchorElement>('[data-testid="nav-rfq-queue"]');
    expect(rfq?.getAttribute('href')).toBe('/tickets/rfq');
    expect(rfq?.textContent?.trim()).toBe('Antrean RFQ ops');
    expect(host.querySelector('[data-testid="nav-leads"]')).toBeNull();
  });

  it('shows the app title and the user, and signs out', async () => {
    const fixture = await render('director');
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('[data-testid="app-title"]')?.textContent).toContain('Business Command Center');
    expect(host.querySelector('[data-testid="user-menu"]')?.textContent).toContain('Budi Santoso');

    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    host.querySelector<HTMLButtonElement>('[data-testid="user-menu"]')!.click();
    await fixture.whenStable();
    const logout = document.querySelector<HTMLButtonElement>('[data-testid="logout"]');
    expect(logout).not.toBeNull();
    logout!.click();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login']);
  });

  it('keeps the sidenav open beside the content on desktop', async () => {
    const host = (await render('finance')).nativeElement as HTMLElement;
    const sidenav = host.querySelector('[data-testid="sidenav"]')!;
    expect(sidenav.classList).toContain('mat-drawer-side');
    expect(sidenav.classList).toContain('mat-drawer-opened');
    expect(host.querySelector('[data-testid="nav-toggle"]')).toBeNull();
  });

  it('marks the drawer open once it has finished opening (data-state)', async () => {
    const desktop = (await render('finance')).nativeElement as HTMLElement;
    expect(desktop.querySelector('[data-testid="sidenav"]')!.getAttribute('data-state')).toBe('open');
    TestBed.resetTestingModule();

    const fixture = await render('salesperson', true);
    const host = fixture.nativeElement as HTMLElement;
    const sidenav = host.querySelector('[data-testid="sidenav"]')!;
    expect(sidenav.getAttribute('data-state')).toBe('closed');
    host.querySelector<HTMLButtonElement>('[data-testid="nav-toggle"]')!.click();
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(sidenav.getAttribute('data-state')).toBe('open');
    });
  });

  it('floats the sidenav over the content behind a hamburger on phones', async () => {
    const fixture = await render('salesperson', true);
    const host = fixture.nativeElement as HTMLElement;
    const sidenav = host.querySelector('[data-testid="sidenav"]')!;
    const toggle = host.querySelector<HTMLButtonElement>('[data-testid="nav-toggle"]');
    expect(sidenav.classList).toContain('mat-drawer-over');
    expect(sidenav.classList).not.toContain('mat-drawer-opened');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');

    toggle!.click();
    await fixture.whenStable();
    expect(sidenav.classList).toContain('mat-drawer-opened');
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');

    // Choosing a screen closes the menu again.
    host.querySelector<HTMLAnchorElement>('[data-testid="nav-leads"]')!.click();
    await fixture.whenStable();
    expect(sidenav.classList).not.toContain('mat-drawer-opened');
  });
});
