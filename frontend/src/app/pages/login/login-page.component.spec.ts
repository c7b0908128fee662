import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';

import { PROBLEM_HEADERS, authResponse, problemBody, provideTranslocoTesting } from '../../../testing/test-helpers';
import { AuthService } from '../../core/auth/auth.service';
import { authInterceptor } from '../../core/http/auth.interceptor';
import { LanguageService } from '../../core/i18n/language.service';
import { LoginPageComponent, safeReturnUrl } from './login-page.component';

@Component({ template: '' })
class BlankComponent {}

describe('LoginPageComponent', () => {
  let fixture: ComponentFixture<LoginPageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function setup(returnUrl: string | null = null, demo = false): Promise<void> {
    sessionStorage.clear();
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPageComponent],
      providers: [
        provideRouter([{ path: '**', component: BlankComponent }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { queryParamMap: convertToParamMap(returnUrl ? { returnUrl } : {}) } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LoginPageComponent);
    host = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/health').flush({ status: 'ok', demo, version: '0.1.0' });
    await fixture.whenStable();
  }

  const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  function type(id: string, value: string): void {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    byTestId('login-submit')!.click();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('renders the form with its test ids and no error', async () => {
    await setup();
    expect(byTestId('login-email')).not.toBeNull();
    expect(byTestId('login-password')).not.toBeNull();
    expect(byTestId('login-submit')).not.toBeNull();
    expect(byTestId('login-error')).toBeNull();
  });

  it('shows the demo hint only when the server runs in demo mode', async () => {
    await setup(null, false);
    expect(byTestId('login-demo-hint')).toBeNull();
    TestBed.resetTestingModule();
    await setup(null, true);
    expect(byTestId('login-demo-hint')?.textContent).toContain('admin@demo.local');
    expect(byTestId('login-demo-hint')?.textContent).toContain('Demo#2026!');
  });

  it('validates like the server before sending anything', async () => {
    await setup();
    type('login-email', 'not-an-email');
    await submit();
    http.expectNone('/api/auth/login');
    expect(host.textContent).toContain('Masukkan alamat email yang valid.');
    expect(host.textContent).toContain('Wajib diisi.');
  });

  it('shows bad credentials in an alert region', async () => {
    await setup();
    type('login-email', 'sales1@demo.local');
    type('login-password', 'wrong');
    await submit();
    http.expectOne('/api/auth/login').flush(problemBody(401, 'Unauthorized', 'Invalid email or password'), {
      status: 401,
      statusText: 'Unauthorized',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    const error = byTestId('login-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent?.trim()).toBe('Email atau kata sandi salah.');
    expect((byTestId('login-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains throttling with the server detail', async () => {
    await setup();
    type('login-email', 'sales1@demo.local');
    type('login-password', 'wrong');
    await submit();
    http.expectOne('/api/auth/login').flush(problemBody(429, 'Too Many Requests', 'Try again in 14 minutes.'), {
      status: 429,
      statusText: 'Too Many Requests',
    });
    await fixture.whenStable();
    expect(byTestId('login-error')?.textContent).toContain('Try again in 14 minutes.');
  });

  it('shows 422 field errors inline', async () => {
    await setup();
    type('login-email', 'sales1@demo.local');
    type('login-password', 'x');
    await submit();
    http
      .expectOne('/api/auth/login')
      .flush(problemBody(422, 'Unprocessable Entity', 'Validation failed', [{ field: 'password', message: 'password too long' }]), {
        status: 422,
        statusText: 'Unprocessable Entity',
      });
    await fixture.whenStable();
    expect(host.querySelector('mat-error')?.textContent).toContain('password too long');
    expect(byTestId('login-error')).not.toBeNull();
  });

  it('signs in, applies the profile language and goes to the return URL', async () => {
    await setup('/ar/invoices?overdue=true');
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    type('login-email', 'finance@demo.local');
    type('login-password', 'Demo#2026!');
    await submit();
    expect((byTestId('login-submit') as HTMLButtonElement).disabled).toBe(true);
    const response = authResponse('finance');
    response.user.locale = 'en';
    http.expectOne('/api/auth/login').flush(response);
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).role()).toBe('finance');
    expect(TestBed.inject(LanguageService).language()).toBe('en');
    expect(navigate).toHaveBeenCalledWith('/ar/invoices?overdue=true');
  });
});

describe('safeReturnUrl', () => {
  it('accepts in-app paths only', () => {
    expect(safeReturnUrl('/crm/leads?status=NEW')).toBe('/crm/leads?status=NEW');
    expect(safeReturnUrl(null)).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
  });
});
