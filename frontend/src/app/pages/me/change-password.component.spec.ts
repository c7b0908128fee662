import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { Router, provideRouter } from '@angular/router';

import {
  NO_MATERIAL_ANIMATIONS,
  PROBLEM_HEADERS,
  byTestId,
  problemBody,
  provideTranslocoTesting,
  seedSession,
  typeInto,
} from '../../../testing/test-helpers';
import { AuthService } from '../../core/auth/auth.service';
import { passwordsMatch } from '../../core/auth/password';
import { authInterceptor } from '../../core/http/auth.interceptor';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { NotificationService } from '../../core/notification.service';
import { ChangePasswordComponent } from './change-password.component';

describe('ChangePasswordComponent', () => {
  let fixture: ComponentFixture<ChangePasswordComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  let info: ReturnType<typeof vi.spyOn>;
  let error: ReturnType<typeof vi.spyOn>;

  async function setup(): Promise<void> {
    sessionStorage.clear();
    seedSession('salesperson', { access: 'acc-1', refresh: 'ref-1' });
    TestBed.configureTestingModule({
      imports: [ChangePasswordComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([problemInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const notifications = TestBed.inject(NotificationService);
    info = vi.spyOn(notifications, 'info').mockResolvedValue();
    error = vi.spyOn(notifications, 'error').mockResolvedValue();
    fixture = TestBed.createComponent(ChangePasswordComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function fill(current: string, next: string, confirm: string): Promise<void> {
    typeInto('me-password-current', current, host);
    typeInto('me-password-new', next, host);
    typeInto('me-password-confirm', confirm, host);
    byTestId('me-password-submit', host)!.click();
    await fixture.whenStable();
  }

  const errorsText = () => [...host.querySelectorAll('mat-error')].map((e) => e.textContent!.trim());

  afterEach(() => http.verify());

  it('renders the three fields and the submit button with their test ids', async () => {
    await setup();
    for (const id of ['me-password-current', 'me-password-new', 'me-password-confirm', 'me-password-submit']) {
      expect(byTestId(id, host), id).not.toBeNull();
    }
    expect(byTestId<HTMLInputElement>('me-password-current', host)!.type).toBe('password');
    expect(byTestId<HTMLInputElement>('me-password-current', host)!.autocomplete).toBe('current-password');
    expect(byTestId<HTMLInputElement>('me-password-new', host)!.autocomplete).toBe('new-password');
  });

  it('requires every field before sending anything', async () => {
    await setup();
    await fill('', '', '');
    http.expectNone('/api/me/password');
    expect(errorsText()).toEqual(['Wajib diisi.', 'Wajib diisi.', 'Wajib diisi.']);
  });

  it('mirrors the server: a new password of at least 10 characters', async () => {
    await setup();
    await fill('old-password', 'short123', 'short123');
    http.expectNone('/api/me/password');
    expect(errorsText()).toEqual(['Minimal 10 karakter.']);
  });

  it('asks for a matching confirmation', async () => {
    await setup();
    await fill('old-password', 'new-password-1', 'new-password-2');
    http.expectNone('/api/me/password');
    expect(byTestId('me-password-mismatch', host)?.textContent?.trim()).toBe('Konfirmasi kata sandi tidak sama.');

    // Fixing the confirmation clears the error.
    typeInto('me-password-confirm', 'new-password-1', host);
    await fixture.whenStable();
    expect(byTestId('me-password-mismatch', host)).toBeNull();
  });

  it('posts current and new password, then tells the user and signs them out', async () => {
    await setup();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await fill('old-password', 'new-password-1', 'new-password-1');

    const req = http.expectOne('/api/me/password');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ current_password: 'old-password', new_password: 'new-password-1' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer acc-1');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(info).toHaveBeenCalledWith(
      'Kata sandi berhasil diubah. Silakan masuk lagi dengan kata sandi baru.',
      expect.any(Number),
    );
    // The server revoked this tab's refresh token too: the session ends here.
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refresh_token: 'ref-1' });
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login']);
  });

  it('shows a wrong current password (422) under that field and keeps the session', async () => {
    await setup();
    await fill('wrong-password', 'new-password-1', 'new-password-1');
    http.expectOne('/api/me/password').flush(
      problemBody(422, 'Unprocessable Entity', 'The current password is incorrect', [
        { field: 'current_password', message: 'is incorrect' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();

    expect(byTestId('me-password-current-error', host)?.textContent?.trim()).toBe('Kata sandi saat ini salah.');
    expect(byTestId<HTMLInputElement>('me-password-current', host)!.getAttribute('aria-invalid')).toBe('true');
    // Handled by the form: no error snack bar, no sign-out.
    expect(error).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    http.expectNone('/api/auth/logout');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(true);
    expect((byTestId<HTMLButtonElement>('me-password-submit', host)!).disabled).toBe(false);
  });

  it('puts a new_password 422 on the new password field', async () => {
    await setup();
    await fill('old-password', 'new-password-1', 'new-password-1');
    http.expectOne('/api/me/password').flush(
      problemBody(422, 'Unprocessable Entity', 'Validation failed', [
        { field: 'new_password', message: 'must be at least 10 characters' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(errorsText()).toEqual(['must be at least 10 characters']);
  });
});

describe('passwordsMatch', () => {
  it('flags only the confirmation and clears the flag once they match', () => {
    const form = new FormGroup(
      { password: new FormControl('abcdefghij'), confirm: new FormControl('abcdefghik') },
      { validators: passwordsMatch('password', 'confirm') },
    );
    expect(form.controls.confirm.hasError('mismatch')).toBe(true);
    expect(form.controls.password.errors).toBeNull();
    form.controls.password.setValue('abcdefghik');
    expect(form.controls.confirm.errors).toBeNull();
    expect(form.valid).toBe(true);
  });

  it('does not complain while the confirmation is still empty', () => {
    const form = new FormGroup(
      { password: new FormControl('abcdefghij'), confirm: new FormControl('') },
      { validators: passwordsMatch('password', 'confirm') },
    );
    expect(form.controls.confirm.hasError('mismatch')).toBe(false);
  });
});
