import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';

import {
  NO_MATERIAL_ANIMATIONS,
  PROBLEM_HEADERS,
  byTestId,
  problemBody,
  provideTranslocoTesting,
  selectOption,
  seedSession,
  testUser,
  typeInto,
} from '../../../../testing/test-helpers';
import type { Role } from '../../../core/auth/auth.models';
import { problemInterceptor } from '../../../core/http/problem.interceptor';
import { registerIcons } from '../../../core/icons';
import { NotificationService } from '../../../core/notification.service';
import { SEARCH_DEBOUNCE_MS, UsersPageComponent } from './users-page.component';
import type { UserProfile } from './user.models';

const SELF_ID = testUser('super_admin').user_id;

function profile(id: string, name: string, role: Role, overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    user_id: id,
    email: `${id}@demo.local`,
    full_name: name,
    role,
    dept_code: role === 'director' || role === 'super_admin' ? 'DIR' : role.startsWith('marketing') ? 'MKT' : 'SAL',
    manager_user_id: null,
    is_active: true,
    locale: 'id',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

const ADMIN = profile(SELF_ID, 'Andi Administrator', 'super_admin', { email: 'admin@demo.local' });
const DIRECTOR = profile('director', 'Dewi Direktur', 'director');
const SALES_MANAGER = profile('sm', 'Hendra Wijaya', 'sales_manager', { manager_user_id: 'director' });
const MKT_MANAGER = profile('mm', 'Maya Marketing', 'marketing_manager');
const SALES1 = profile('sales1', 'Siti Rahmawati', 'salesperson', { manager_user_id: 'sm' });
const ALL = [ADMIN, DIRECTOR, SALES_MANAGER, MKT_MANAGER, SALES1];

describe('UsersPageComponent', () => {
  let fixture: ComponentFixture<UsersPageComponent>;
  let http: HttpTestingController;
  let dialog: MatDialog;
  let host: HTMLElement;
  let info: ReturnType<typeof vi.spyOn>;
  let snackError: ReturnType<typeof vi.spyOn>;

  /** The page's own list requests (the manager picker asks with limit=200 per role). */
  const isList = (r: { url: string; method: string; params: { get(name: string): string | null } }) =>
    r.url === '/api/users' && r.method === 'GET' && r.params.get('limit') === '50';
  const isManagers = (role: Role) => (r: { url: string; method: string; params: { get(name: string): string | null } }) =>
    r.url === '/api/users' && r.method === 'GET' && r.params.get('role') === role;

  function flushManagers(): void {
    for (const role of ['sales_manager', 'marketing_manager', 'director'] as const) {
      const req = http.expectOne(isManagers(role));
      expect(req.request.params.get('limit')).toBe('200');
      req.flush({ items: ALL.filter((u) => u.role === role), next_cursor: null });
    }
  }

  async function setup(items: UserProfile[] = ALL, nextCursor: string | null = null): Promise<TestRequest> {
    sessionStorage.clear();
    seedSession('super_admin');
    TestBed.configureTestingModule({
      imports: [UsersPageComponent],
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
      ],
    });
    TestBed.runInInjectionContext(registerIcons);
    http = TestBed.inject(HttpTestingController);
    dialog = TestBed.inject(MatDialog);
    const notifications = TestBed.inject(NotificationService);
    info = vi.spyOn(notifications, 'info').mockResolvedValue();
    snackError = vi.spyOn(notifications, 'error').mockResolvedValue();
    fixture = TestBed.createComponent(UsersPageComponent);
    host = fixture.nativeElement as HTMLElement;
    const list = http.expectOne(isList);
    list.flush({ items, next_cursor: nextCursor });
    flushManagers();
    await fixture.whenStable();
    return list;
  }

  async function click(id: string): Promise<void> {
    const element = byTestId(id);
    if (!element) {
      throw new Error(`No element with data-testid="${id}"`);
    }
    element.click();
    await fixture.whenStable();
  }

  /** Lets a closing dialog finish (MatDialog closes on a macrotask) and the page react. */
  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  const row = (email: string) => byTestId(`user-row-${email}`, host);
  const dialogErrors = () =>
    [...document.querySelectorAll('mat-dialog-container mat-error')].map((e) => e.textContent!.trim());

  afterEach(() => {
    dialog.closeAll();
    http.verify();
  });

  it('loads the first page and shows name, email, role, department, manager and status', async () => {
    const list = await setup();
    expect(list.request.params.get('limit')).toBe('50');
    expect(list.request.params.has('q')).toBe(false);
    expect(byTestId('users-table', host)).not.toBeNull();
    expect(host.querySelectorAll('tr[data-testid^="user-row-"]')).toHaveLength(5);
    const sales = row('sales1@demo.local')!.textContent!;
    expect(sales).toContain('Siti Rahmawati');
    expect(sales).toContain('sales1@demo.local');
    expect(sales).toContain('Sales');
    expect(sales).toContain('Penjualan');
    expect(byTestId('user-manager-sales1@demo.local', host)?.textContent?.trim()).toBe('Hendra Wijaya');
    expect(byTestId('user-status-sales1@demo.local', host)?.textContent?.trim()).toBe('Aktif');
    for (const action of ['user-edit-', 'user-toggle-active-', 'user-reset-password-']) {
      expect(byTestId(action + 'sales1@demo.local', host), action).not.toBeNull();
    }
    // Nobody deactivates their own account.
    expect(byTestId<HTMLButtonElement>('user-toggle-active-admin@demo.local', host)!.disabled).toBe(true);
  });

  it('searches (debounced) and filters on the server', async () => {
    await setup();
    typeInto('users-search', 'siti', host);
    http.expectNone(isList);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    const search = http.expectOne(isList);
    expect(search.request.params.get('q')).toBe('siti');
    search.flush({ items: [SALES1], next_cursor: null });

    selectOption('users-filter-role', 'salesperson', host);
    const byRole = http.expectOne(isList);
    expect(byRole.request.params.get('q')).toBe('siti');
    expect(byRole.request.params.get('role')).toBe('salesperson');
    byRole.flush({ items: [SALES1], next_cursor: null });

    selectOption('users-filter-dept', 'SAL', host);
    const byDept = http.expectOne(isList);
    expect(byDept.request.params.get('dept_code')).toBe('SAL');
    byDept.flush({ items: [], next_cursor: null });
    await fixture.whenStable();
    expect(byTestId('users-table', host)!.textContent).toContain('Tidak ada pengguna yang cocok');
  });

  it('loads more with next_cursor and appends the rows', async () => {
    await setup([ADMIN, DIRECTOR], 'cursor-2');
    await click('users-load-more');
    const more = http.expectOne(isList);
    expect(more.request.params.get('cursor')).toBe('cursor-2');
    more.flush({ items: [SALES1], next_cursor: null });
    await fixture.whenStable();
    expect(host.querySelectorAll('tr[data-testid^="user-row-"]')).toHaveLength(3);
    expect(byTestId('users-load-more', host)).toBeNull();
  });

  it('creates a user with the body the API expects, then reloads the list', async () => {
    await setup();
    await click('users-new');
    typeInto('user-form-email', '  sales4@demo.local ');
    typeInto('user-form-name', 'Dian Sastro');
    selectOption('user-form-role', 'salesperson');
    await fixture.whenStable();
    // The department follows the role until picked by hand.
    expect(byTestId<HTMLSelectElement>('user-form-dept')!.value).toBe('SAL');
    // The manager picker offers manager roles only.
    const managerOptions = [...byTestId<HTMLSelectElement>('user-form-manager')!.options].map((o) => o.value);
    expect(managerOptions.sort()).toEqual(['', 'director', 'mm', 'sm']);
    selectOption('user-form-manager', 'sm');
    typeInto('user-form-password', 'Rahasia#2026');
    await click('user-form-submit');

    const req = http.expectOne((r) => r.url === '/api/users' && r.method === 'POST');
    expect(req.request.body).toEqual({
      email: 'sales4@demo.local',
      full_name: 'Dian Sastro',
      role: 'salesperson',
      dept_code: 'SAL',
      manager_user_id: 'sm',
      password: 'Rahasia#2026',
      locale: 'id',
    });
    req.flush(profile('new', 'Dian Sastro', 'salesperson', { email: 'sales4@demo.local' }), {
      status: 201,
      statusText: 'Created',
    });
    await settle();
    expect(byTestId('user-form-email')).toBeNull();
    expect(info).toHaveBeenCalledWith('Pengguna Dian Sastro dibuat.');
    http.expectOne(isList).flush({ items: ALL, next_cursor: null });
  });

  it('leaves out manager_user_id when none is chosen', async () => {
    await setup();
    await click('users-new');
    typeInto('user-form-email', 'ops.new@demo.local');
    typeInto('user-form-name', 'Rudi');
    selectOption('user-form-role', 'ops');
    selectOption('user-form-dept', 'EXI');
    selectOption('user-form-locale', 'en');
    typeInto('user-form-password', 'Rahasia#2026');
    await click('user-form-submit');
    const req = http.expectOne((r) => r.method === 'POST');
    expect(req.request.body).toEqual({
      email: 'ops.new@demo.local',
      full_name: 'Rudi',
      role: 'ops',
      dept_code: 'EXI',
      password: 'Rahasia#2026',
      locale: 'en',
    });
    req.flush(profile('ops-new', 'Rudi', 'ops'), { status: 201, statusText: 'Created' });
    await settle();
    http.expectOne(isList).flush({ items: ALL, next_cursor: null });
  });

  it('validates the new-user form like the server before posting', async () => {
    await setup();
    await click('users-new');
    typeInto('user-form-email', 'not-an-email');
    typeInto('user-form-password', 'short');
    await click('user-form-submit');
    http.expectNone((r) => r.method === 'POST');
    expect(dialogErrors()).toEqual([
      'Masukkan alamat email yang valid.',
      'Wajib diisi.',
      'Wajib diisi.',
      'Wajib diisi.',
      'Minimal 10 karakter.',
    ]);
  });

  it('shows a duplicate email (409) on the email field and keeps the dialog open', async () => {
    await setup();
    await click('users-new');
    typeInto('user-form-email', 'sales1@demo.local');
    typeInto('user-form-name', 'Siti Kedua');
    selectOption('user-form-role', 'salesperson');
    typeInto('user-form-password', 'Rahasia#2026');
    await click('user-form-submit');
    http.expectOne((r) => r.method === 'POST').flush(
      problemBody(409, 'Conflict', 'Email already in use', [{ field: 'email', message: 'already in use' }]),
      { status: 409, statusText: 'Conflict', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(byTestId('user-form-email-error')?.textContent?.trim()).toBe('Email ini sudah dipakai pengguna lain.');
    expect(byTestId('user-form-email')!.getAttribute('aria-invalid')).toBe('true');
    expect(snackError).not.toHaveBeenCalled();
    http.expectNone(isList);
  });

  it('shows a manager 422 (reporting cycle) on the manager field', async () => {
    await setup();
    await click('user-edit-sm@demo.local');
    selectOption('user-form-manager', 'mm');
    await click('user-form-submit');
    const req = http.expectOne((r) => r.url === '/api/users/sm' && r.method === 'PATCH');
    expect(req.request.body).toEqual({ manager_user_id: 'mm' });
    req.flush(
      problemBody(422, 'Unprocessable Entity', 'Validation failed', [
        { field: 'manager_user_id', message: 'would create a reporting cycle' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(byTestId('user-form-manager-error')?.textContent?.trim()).toBe('would create a reporting cycle');
    expect(snackError).not.toHaveBeenCalled();
  });

  it('edits role, department, manager and name, sending only what changed', async () => {
    await setup();
    await click('user-edit-sales1@demo.local');
    expect(byTestId('user-form-email')).toBeNull();
    expect(byTestId('user-form-password')).toBeNull();
    expect(byTestId<HTMLInputElement>('user-form-name')!.value).toBe('Siti Rahmawati');
    expect(byTestId<HTMLSelectElement>('user-form-manager')!.value).toBe('sm');
    typeInto('user-form-name', 'Siti R.');
    selectOption('user-form-role', 'sales_manager');
    selectOption('user-form-manager', '');
    await click('user-form-submit');
    const req = http.expectOne((r) => r.url === '/api/users/sales1' && r.method === 'PATCH');
    expect(req.request.body).toEqual({ full_name: 'Siti R.', role: 'sales_manager', manager_user_id: null });
    req.flush({ ...SALES1, full_name: 'Siti R.', role: 'sales_manager', manager_user_id: null });
    await settle();
    // A new manager joins the picker.
    flushManagers();
    await fixture.whenStable();
    expect(row('sales1@demo.local')!.textContent).toContain('Siti R.');
    expect(row('sales1@demo.local')!.textContent).toContain('Manajer sales');
  });

  it('keeps the administrator from changing their own role', async () => {
    await setup();
    await click('user-edit-admin@demo.local');
    expect(byTestId<HTMLSelectElement>('user-form-role')!.disabled).toBe(true);
    typeInto('user-form-name', 'Andi A.');
    await click('user-form-submit');
    const req = http.expectOne((r) => r.method === 'PATCH');
    expect(req.request.body).toEqual({ full_name: 'Andi A.' });
    req.flush({ ...ADMIN, full_name: 'Andi A.' });
    await settle();
  });

  it('deactivates a user after confirmation with PATCH {is_active: false}', async () => {
    await setup();
    await click('user-toggle-active-sales1@demo.local');
    expect(byTestId('confirm-dialog')?.textContent).toContain('Siti Rahmawati');
    await click('confirm-dialog-ok');
    await settle();
    const req = http.expectOne('/api/users/sales1');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ is_active: false });
    req.flush({ ...SALES1, is_active: false });
    await fixture.whenStable();
    expect(byTestId('user-status-sales1@demo.local', host)?.textContent?.trim()).toBe('Nonaktif');
    expect(info).toHaveBeenCalledWith('Siti Rahmawati dinonaktifkan.');
  });

  it('reactivates an inactive user with PATCH {is_active: true}', async () => {
    await setup([{ ...SALES1, is_active: false }]);
    await click('user-toggle-active-sales1@demo.local');
    await click('confirm-dialog-ok');
    await settle();
    const req = http.expectOne('/api/users/sales1');
    expect(req.request.body).toEqual({ is_active: true });
    req.flush(SALES1);
    await fixture.whenStable();
    expect(byTestId('user-status-sales1@demo.local', host)?.textContent?.trim()).toBe('Aktif');
  });

  it('does not deactivate when the confirmation is cancelled', async () => {
    await setup();
    await click('user-toggle-active-sales1@demo.local');
    await click('confirm-dialog-cancel');
    await settle();
    http.expectNone((r) => r.method === 'PATCH');
  });

  it('resets a password with POST /api/users/{id}/password', async () => {
    await setup();
    await click('user-reset-password-sales1@demo.local');
    typeInto('reset-password-input', 'Baru#123456');
    typeInto('reset-password-confirm', 'Baru#123456');
    await click('reset-password-submit');
    const req = http.expectOne('/api/users/sales1/password');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ password: 'Baru#123456' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(byTestId('reset-password-input')).toBeNull();
    expect(info).toHaveBeenCalledWith('Kata sandi Siti Rahmawati direset.');
  });

  it('asks for a matching, long enough password when resetting', async () => {
    await setup();
    await click('user-reset-password-sales1@demo.local');
    typeInto('reset-password-input', 'Baru#123456');
    typeInto('reset-password-confirm', 'Baru#1234567');
    await click('reset-password-submit');
    http.expectNone('/api/users/sales1/password');
    expect(dialogErrors()).toEqual(['Konfirmasi kata sandi tidak sama.']);
  });
});
