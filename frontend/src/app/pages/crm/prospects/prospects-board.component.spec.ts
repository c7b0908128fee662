import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { PROBLEM_HEADERS, problemBody, seedSession } from '../../../../testing/test-helpers';
import { NotificationService } from '../../../core/notification.service';
import { byTestId, provideCrmTranslocoTesting } from '../shared/crm-testing';
import { PROSPECT_STAGES, Prospect, ProspectStage } from '../shared/crm.models';
import { ProspectsBoardComponent } from './prospects-board.component';

function prospect(id: string, stage: ProspectStage, allowed: ProspectStage[], company = `PT ${id}`): Prospect {
  return {
    prospect_id: id,
    customer_id: `CU-${id}`,
    customer_company_name: company,
    owner_user_id: '00000000-0000-4000-8000-000000000001',
    owner_name: 'Budi Santoso',
    stage,
    stage_changed_at: '2026-01-10T09:00:00+07:00',
    last_activity_at: '2026-01-12T09:00:00+07:00',
    allowed_stages: allowed,
  };
}

const OPEN = prospect('PR-A', 'NEW', ['CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST'], 'PT Alfa');
const QUOTED = prospect('PR-Q', 'QUOTATION', ['NEGOTIATION', 'WON', 'LOST'], 'PT Quota');
const WON = prospect('PR-W', 'WON', [], 'PT Menang');

interface BoardInternals {
  drop(event: unknown): void;
  requestMove(p: Prospect, to: ProspectStage): void;
}

describe('ProspectsBoardComponent (pipeline)', () => {
  let fixture: ComponentFixture<ProspectsBoardComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  let board: BoardInternals;

  function flushColumns(items: Prospect[]): void {
    const requests: TestRequest[] = http.match((r) => r.url === '/api/prospects' && r.method === 'GET');
    expect(requests.map((r) => r.request.params.get('stage')).sort()).toEqual([...PROSPECT_STAGES].sort());
    for (const req of requests) {
      const stage = req.request.params.get('stage');
      req.flush({ items: items.filter((p) => p.stage === stage), next_cursor: null });
    }
  }

  beforeEach(async () => {
    sessionStorage.clear();
    seedSession('salesperson');
    TestBed.configureTestingModule({
      imports: [ProspectsBoardComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideCrmTranslocoTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(NotificationService), 'info').mockResolvedValue();
    fixture = TestBed.createComponent(ProspectsBoardComponent);
    host = fixture.nativeElement as HTMLElement;
    board = fixture.componentInstance as unknown as BoardInternals;
    await fixture.whenStable();
    flushColumns([OPEN, QUOTED, WON]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const column = (stage: ProspectStage) => byTestId(host, `pipeline-column-${stage}`)!;
  const patches = () => http.match((r) => r.method === 'PATCH');

  it('renders a column per stage with its cards; salespeople get no owner filter', () => {
    for (const stage of PROSPECT_STAGES) {
      expect(column(stage), stage).not.toBeNull();
    }
    expect(byTestId(column('NEW'), 'prospect-card-PR-A')).not.toBeNull();
    expect(byTestId(column('QUOTATION'), 'prospect-card-PR-Q')).not.toBeNull();
    expect(byTestId(column('WON'), 'prospect-card-PR-W')).not.toBeNull();
    expect(byTestId(host, 'prospect-move-PR-A')).not.toBeNull();
    expect(byTestId(host, 'pipeline-owner')).toBeNull();
    http.expectNone('/api/crm/assignees');
  });

  it('refuses a drop outside allowed_stages before any request, listing the allowed stages', async () => {
    board.drop({ container: { data: 'CONTACTED' }, previousContainer: { data: 'QUOTATION' }, item: { data: QUOTED } });
    await fixture.whenStable();
    expect(patches()).toEqual([]);
    const notice = byTestId(host, 'pipeline-notice')!;
    expect(notice.getAttribute('data-reason')).toBe('not-allowed');
    expect(notice.textContent).toContain('PT Quota tidak dapat dipindahkan ke Dihubungi');
    expect(byTestId(host, 'pipeline-notice-allowed')?.textContent?.trim()).toBe(
      'Perpindahan yang diizinkan: Negosiasi, Menang, Kalah.',
    );
    // The card did not move.
    expect(byTestId(column('QUOTATION'), 'prospect-card-PR-Q')).not.toBeNull();
  });

  it('explains that a read-only card cannot move', async () => {
    board.requestMove(WON, 'CONTACTED');
    await fixture.whenStable();
    expect(patches()).toEqual([]);
    expect(byTestId(host, 'pipeline-notice')?.getAttribute('data-reason')).toBe('read-only');
    expect(byTestId(host, 'pipeline-notice')?.textContent).toContain('hanya dapat dilihat');
  });

  it('ignores a drop back on the same column', () => {
    board.drop({ container: { data: 'NEW' }, previousContainer: { data: 'NEW' }, item: { data: OPEN } });
    expect(patches()).toEqual([]);
    expect(byTestId(host, 'pipeline-notice')).toBeNull();
  });

  it('"Move to…" lists only the allowed stages and moves the card (optimistically, then confirmed)', async () => {
    byTestId(host, 'prospect-move-PR-Q')!.click();
    await fixture.whenStable();
    const items = [...document.querySelectorAll<HTMLElement>('[data-testid^="prospect-move-PR-Q-"]')];
    expect(items.map((i) => i.getAttribute('data-testid'))).toEqual([
      'prospect-move-PR-Q-NEGOTIATION',
      'prospect-move-PR-Q-WON',
      'prospect-move-PR-Q-LOST',
    ]);
    items[0]!.click();
    await fixture.whenStable();

    const req = http.expectOne((r) => r.method === 'PATCH');
    expect(req.request.url).toBe('/api/prospects/PR-Q');
    expect(req.request.body).toEqual({ stage: 'NEGOTIATION' });
    expect(byTestId(column('NEGOTIATION'), 'prospect-card-PR-Q')).not.toBeNull();
    expect(byTestId(column('QUOTATION'), 'prospect-card-PR-Q')).toBeNull();

    req.flush({ ...QUOTED, stage: 'NEGOTIATION', allowed_stages: ['WON', 'LOST'] });
    await fixture.whenStable();
    expect(byTestId(column('NEGOTIATION'), 'prospect-card-PR-Q')?.getAttribute('data-stage')).toBe('NEGOTIATION');
  });

  it('a drop on an allowed column sends the PATCH; the server 409 puts the card back and shows its answer', async () => {
    board.drop({ container: { data: 'CONTACTED' }, previousContainer: { data: 'NEW' }, item: { data: OPEN } });
    await fixture.whenStable();
    expect(byTestId(column('CONTACTED'), 'prospect-card-PR-A')).not.toBeNull();
    const req = http.expectOne((r) => r.method === 'PATCH');
    expect(req.request.body).toEqual({ stage: 'CONTACTED' });
    req.flush(
      { ...problemBody(409, 'Conflict', 'A prospect cannot move from NEW to CONTACTED. Allowed: LOST'), allowed: ['LOST'] },
      { status: 409, statusText: 'Conflict', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();

    expect(byTestId(column('NEW'), 'prospect-card-PR-A')).not.toBeNull();
    expect(byTestId(column('CONTACTED'), 'prospect-card-PR-A')).toBeNull();
    const notice = byTestId(host, 'pipeline-notice')!;
    expect(notice.getAttribute('data-reason')).toBe('server');
    expect(notice.textContent).toContain('A prospect cannot move from NEW to CONTACTED');
    expect(byTestId(host, 'pipeline-notice-allowed')?.textContent?.trim()).toBe('Perpindahan yang diizinkan: Kalah.');

    // The card now follows the server's rule: a second try is refused without a request.
    board.requestMove({ ...OPEN, allowed_stages: ['LOST'] }, 'CONTACTED');
    expect(patches()).toEqual([]);
  });

  it('asks for a lost reason before moving to LOST', async () => {
    board.requestMove(OPEN, 'LOST');
    await fixture.whenStable();
    expect(patches()).toEqual([]);
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="lost-reason"]')!;
    reason.value = 'Harga kompetitor lebih murah';
    reason.dispatchEvent(new Event('input'));
    // jsdom has no requestSubmit(): submit the dialog's form directly.
    document.querySelector<HTMLElement>('[data-testid="lost-reason-submit"]')!.closest('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    const req = http.expectOne((r) => r.method === 'PATCH');
    expect(req.request.body).toEqual({ stage: 'LOST', lost_reason: 'Harga kompetitor lebih murah' });
    req.flush({ ...OPEN, stage: 'LOST', allowed_stages: [] });
  });
});
