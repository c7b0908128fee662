import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';

import {
  NO_MATERIAL_ANIMATIONS,
  PROBLEM_HEADERS,
  byTestId,
  problemBody,
  provideTranslocoTesting,
  seedSession,
  typeInto,
} from '../../../testing/test-helpers';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { registerIcons } from '../../core/icons';
import { NotificationService } from '../../core/notification.service';
import { ApiToken, CreatedApiToken, tokenStatus, withoutSecret } from './api-token.models';
import { ApiTokensComponent } from './api-tokens.component';

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
const SECRET = 'bcc_pat_Zx9QeR4tY7uI1oP3aS5dF8gH2jK6lL0mN4bV7cX';

function token(id: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    token_id: id,
    user_id: '00000000-0000-4000-8000-000000000001',
    name: `Token ${id}`,
    token_prefix: `bcc_pat_${id.slice(0, 4)}`,
    created_at: '2026-01-15T20:30:00Z',
    expires_at: iso(60),
    last_used_at: null,
    revoked_at: null,
    ...overrides,
  };
}

describe('ApiTokensComponent', () => {
  let fixture: ComponentFixture<ApiTokensComponent>;
  let http: HttpTestingController;
  let dialog: MatDialog;
  let host: HTMLElement;
  let info: ReturnType<typeof vi.spyOn>;

  async function setup(items: ApiToken[], nextCursor: string | null = null): Promise<void> {
    sessionStorage.clear();
    seedSession('salesperson');
    TestBed.configureTestingModule({
      imports: [ApiTokensComponent],
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
    info = vi.spyOn(TestBed.inject(NotificationService), 'info').mockResolvedValue();
    vi.spyOn(TestBed.inject(NotificationService), 'error').mockResolvedValue();
    fixture = TestBed.createComponent(ApiTokensComponent);
    host = fixture.nativeElement as HTMLElement;
    const list = http.expectOne((r) => r.url === '/api/api-tokens' && r.method === 'GET');
    expect(list.request.params.get('limit')).toBe('50');
    expect(list.request.params.has('cursor')).toBe(false);
    list.flush({ items, next_cursor: nextCursor });
    await fixture.whenStable();
  }

  async function click(id: string): Promise<void> {
    const element = byTestId(id);
    if (!element) {
      throw new Error(`No element with data-testid="${id}"`);
    }
    element.click();
    await fixture.whenStable();
  }

  /** Lets a closing dialog finish and the next one open (MatDialog closes on a macrotask). */
  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  const rows = () => [...host.querySelectorAll('[data-testid="me-tokens-table"] tr[data-testid^="token-row-"]')];

  afterEach(() => {
    dialog.closeAll();
    http.verify();
  });

  it('lists the tokens with their status and dates, and revoke only for active ones', async () => {
    await setup([
      token('t-active', { name: 'ERP', last_used_at: '2026-01-15T20:30:00Z' }),
      token('t-revoked', { revoked_at: iso(-1) }),
      token('t-expired', { expires_at: iso(-1) }),
    ]);
    expect(byTestId('me-tokens-table', host)).not.toBeNull();
    expect(rows()).toHaveLength(3);
    expect(byTestId('token-status-t-active', host)?.textContent?.trim()).toBe('Aktif');
    expect(byTestId('token-status-t-revoked', host)?.textContent?.trim()).toBe('Dicabut');
    expect(byTestId('token-status-t-expired', host)?.textContent?.trim()).toBe('Kedaluwarsa');
    const active = byTestId('token-row-t-active', host)!.textContent!;
    expect(active).toContain('ERP');
    expect(active).toContain('bcc_pat_t-ac…');
    expect(active).toContain('16 Jan 2026, 03.30 WIB');
    expect(byTestId('token-row-t-revoked', host)!.textContent).toContain('Belum pernah');
    expect(byTestId('token-revoke-t-active', host)).not.toBeNull();
    expect(byTestId('token-revoke-t-revoked', host)).toBeNull();
    expect(byTestId('token-revoke-t-expired', host)).toBeNull();
    // How partners use a token, with the link to the API docs.
    expect(host.textContent).toContain('Authorization: Bearer bcc_pat_…');
    expect(host.querySelector<HTMLAnchorElement>('a[href="/api/docs"]')).not.toBeNull();
  });

  it('says so when there are no tokens yet', async () => {
    await setup([]);
    expect(rows()).toHaveLength(0);
    expect(byTestId('me-tokens-table', host)!.textContent).toContain('Belum ada token API.');
  });

  it('creates a token, shows its secret once, and never puts the secret in the list', async () => {
    await setup([token('t-old')]);
    await click('me-token-create');
    expect(byTestId<HTMLInputElement>('token-days-input')!.value).toBe('90');
    typeInto('token-name-input', '  Integrasi ERP  ');
    typeInto('token-days-input', '30');
    await click('token-create-submit');

    const req = http.expectOne((r) => r.url === '/api/api-tokens' && r.method === 'POST');
    expect(req.request.body).toEqual({ name: 'Integrasi ERP', expires_in_days: 30 });
    const created: CreatedApiToken = { ...token('t-new', { name: 'Integrasi ERP' }), token: SECRET };
    req.flush(created, { status: 201, statusText: 'Created' });
    await settle();

    // The secret, once, in its own dialog with a copy button and the warning.
    expect(byTestId('token-secret')?.textContent?.trim()).toBe(SECRET);
    const dialog = byTestId('token-secret')!.closest('mat-dialog-container')!;
    expect(dialog.textContent).toContain('Token tidak akan ditampilkan lagi');
    expect(dialog.textContent).toContain('Authorization: Bearer bcc_pat_…');
    expect(byTestId('token-secret-copy')).not.toBeNull();

    // The list gained the token, without its secret.
    expect(rows()).toHaveLength(2);
    expect(byTestId('token-row-t-new', host)!.textContent).toContain('Integrasi ERP');
    expect(host.textContent).not.toContain(SECRET);

    await click('token-secret-close');
    await settle();
    expect(byTestId('token-secret')).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(byTestId('token-status-t-new', host)?.textContent?.trim()).toBe('Aktif');
  });

  it('copies the secret to the clipboard', async () => {
    await setup([]);
    const copy = vi.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);
    await click('me-token-create');
    typeInto('token-name-input', 'CI');
    await click('token-create-submit');
    http
      .expectOne((r) => r.method === 'POST')
      .flush({ ...token('t-ci', { name: 'CI' }), token: SECRET }, { status: 201, statusText: 'Created' });
    await settle();
    await click('token-secret-copy');
    expect(copy).toHaveBeenCalledWith(SECRET);
    expect(byTestId('token-secret-copy')?.textContent).toContain('Tersalin');
  });

  it('validates name and days like the server before posting', async () => {
    await setup([]);
    await click('me-token-create');
    typeInto('token-name-input', '   ');
    typeInto('token-days-input', '400');
    await click('token-create-submit');
    http.expectNone((r) => r.method === 'POST');
    const dialog = byTestId('token-name-input')!.closest('mat-dialog-container')!;
    const errors = [...dialog.querySelectorAll('mat-error')].map((e) => e.textContent!.trim());
    expect(errors).toEqual(['Wajib diisi.', 'Isi bilangan bulat 1–365.']);
  });

  it('shows server field errors (422) in the create dialog', async () => {
    await setup([]);
    await click('me-token-create');
    typeInto('token-name-input', 'ERP');
    await click('token-create-submit');
    http.expectOne((r) => r.method === 'POST').flush(
      problemBody(422, 'Unprocessable Entity', 'Tokens may live at most 180 days', [
        { field: 'expires_in_days', message: 'must be at most 180' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    const dialog = byTestId('token-name-input')!.closest('mat-dialog-container')!;
    expect(dialog.querySelector('mat-error')?.textContent?.trim()).toBe('must be at most 180');
    expect(byTestId('token-secret')).toBeNull();
    expect(rows()).toHaveLength(0);
  });

  it('revokes a token after confirmation with DELETE', async () => {
    await setup([token('t-1', { name: 'ERP' }), token('t-2')]);
    await click('token-revoke-t-1');
    expect(byTestId('confirm-dialog')?.textContent).toContain('ERP');
    await click('confirm-dialog-ok');
    await settle();

    const req = http.expectOne('/api/api-tokens/t-1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(byTestId('token-status-t-1', host)?.textContent?.trim()).toBe('Dicabut');
    expect(byTestId('token-revoke-t-1', host)).toBeNull();
    expect(byTestId('token-revoke-t-2', host)).not.toBeNull();
    expect(info).toHaveBeenCalledWith('Token "ERP" dicabut.');
  });

  it('does nothing when the revoke is cancelled', async () => {
    await setup([token('t-1')]);
    await click('token-revoke-t-1');
    await click('confirm-dialog-cancel');
    await settle();
    http.expectNone((r) => r.method === 'DELETE');
    expect(byTestId('token-status-t-1', host)?.textContent?.trim()).toBe('Aktif');
  });

  it('loads the next page with the cursor', async () => {
    await setup([token('t-1')], 'cursor-2');
    byTestId('me-tokens-more', host)!.click();
    const req = http.expectOne((r) => r.url === '/api/api-tokens' && r.params.get('cursor') === 'cursor-2');
    req.flush({ items: [token('t-2')], next_cursor: null });
    await fixture.whenStable();
    expect(rows()).toHaveLength(2);
    expect(byTestId('me-tokens-more', host)).toBeNull();
  });
});

describe('api token helpers', () => {
  it('derives the status: revoked wins, then expired, else active', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(tokenStatus(token('a', { expires_at: '2026-07-01T00:00:00Z' }), now)).toBe('active');
    expect(tokenStatus(token('a', { expires_at: '2026-05-01T00:00:00Z' }), now)).toBe('expired');
    expect(tokenStatus(token('a', { expires_at: '2026-05-01T00:00:00Z', revoked_at: '2026-04-01T00:00:00Z' }), now)).toBe(
      'revoked',
    );
  });

  it('drops the secret of a created token', () => {
    const listed = withoutSecret({ ...token('a'), token: SECRET });
    expect(listed).not.toHaveProperty('token');
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });
});
