import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { NO_MATERIAL_ANIMATIONS, byTestId, seedSession, typeInto } from '../../../testing/test-helpers';
import { registerIcons } from '../../core/icons';
import { toSeries } from './sla-page.component';
import { StatusActionsComponent } from './shared/status-actions.component';
import { SlaBadgeComponent } from './shared/ticket-chips.component';
import { provideTicketsTranslocoTesting } from './shared/tickets-testing';
import { registerTicketIcons } from './shared/tickets-icons';
import { TicketPatch, Transition, formatBusinessMinutes } from './shared/tickets.models';
import { ticketQuery } from './ticket-list-page.component';
import { REQUIRED_BY_TYPE, TicketNewPageComponent, ticketBody } from './ticket-new-page.component';

describe('ticket helpers', () => {
  it('formats business minutes as hours and minutes', () => {
    expect(formatBusinessMinutes(135)).toBe('2 j 15 m');
    expect(formatBusinessMinutes(-45)).toBe('45 m');
    expect(formatBusinessMinutes(120, { h: 'h', m: 'm' })).toBe('2 h');
    expect(formatBusinessMinutes(null)).toBe('—');
  });

  it('builds the list query of each mode, leaving empty filters out', () => {
    const empty = { q: ' ', type: '', status: '', priority: '', sla: '', dept: '', open: true };
    expect(ticketQuery('mine', true, empty)).toEqual({ mine: true, open: true });
    expect(ticketQuery('queue', true, { ...empty, sla: 'at_risk', open: false })).toEqual({ queue: true, sla_state: 'at_risk' });
    expect(ticketQuery('queue', false, { ...empty, dept: 'FIN', q: 'SHP' })).toEqual({ dept_target: 'FIN', q: 'SHP', open: true });
  });

  it('sends only the fields of the chosen type, the RFQ fields nested', () => {
    const v = {
      ticket_type: 'inquiry_tariff', dept_target: '', priority: 'high', subject: '', description: 'catatan', shipment_reference: 'X',
      pickup_address: 'Y', pickup_date: '', cargo_description: '', origin: ' Jakarta ', destination: 'Tokyo', service_type: 'air',
      commodity: '', weight_kg: '320', volume_cbm: '', ready_date: '',
    };
    expect(ticketBody(v, { related_lead_id: 'LD-2026-000001', related_customer_id: null })).toEqual({
      ticket_type: 'inquiry_tariff', priority: 'high', description: 'catatan', related_lead_id: 'LD-2026-000001',
      rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air', weight_kg: 320 },
    });
    expect(ticketBody({ ...v, ticket_type: 'complaint', dept_target: 'DOM' }, {})).toEqual({
      ticket_type: 'complaint', priority: 'high', dept_target: 'DOM', description: 'catatan', shipment_reference: 'X',
    });
    expect(REQUIRED_BY_TYPE.general_request).toEqual(['subject', 'description', 'dept_target']);
  });

  it('turns the daily medians into two series in hours, one point per day with data', () => {
    const s = toSeries([{ day: '2026-11-02', tickets: 3, median_first_response_minutes: 960, median_first_response_business_minutes: 60 }], { business: 'B', calendar: 'C' });
    expect(s).toEqual([
      { name: 'B', series: [{ name: '2 Nov 2026', value: 1 }] },
      { name: 'C', series: [{ name: '2 Nov 2026', value: 16 }] },
    ]);
  });
});

@Component({
  imports: [SlaBadgeComponent, StatusActionsComponent],
  template: `
    <bcc-sla-badge [state]="state()" [minutesToDue]="minutes()" nextDueAt="2026-11-26T10:00:00+07:00" />
    <bcc-status-actions [transitions]="transitions()" (apply)="applied.push($event)" />
  `,
})
class HostComponent {
  readonly state = signal<'on_track' | 'breached' | 'met' | 'paused'>('on_track');
  readonly minutes = signal<number | null>(135);
  readonly transitions = signal<Transition[]>([]);
  readonly applied: TicketPatch[] = [];
}

describe('SLA badge and status actions', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [HostComponent], providers: [provideTicketsTranslocoTesting(), NO_MATERIAL_ANIMATIONS] });
    TestBed.runInInjectionContext(registerIcons);
    TestBed.runInInjectionContext(registerTicketIcons);
  });

  it('shows the SLA state and the business time left or over', async () => {
    const f = TestBed.createComponent(HostComponent);
    await f.whenStable();
    const badge = () => byTestId('sla-badge', f.nativeElement)!;
    const text = (el: HTMLElement) => el.textContent!.replace(/\s+/g, ' ').replace(/\s*·\s*/, ' · ').trim();
    expect(badge().getAttribute('data-state')).toBe('on_track');
    expect(text(badge())).toBe('Sesuai SLA · sisa 2 j 15 m (jam kerja)');
    expect(badge().getAttribute('title')).toBe('Batas: 26 Nov 2026, 10.00 WIB');
    f.componentInstance.state.set('breached');
    f.componentInstance.minutes.set(-30);
    await f.whenStable();
    expect(text(badge())).toBe('Lewat SLA · lewat 30 m (jam kerja)');
    f.componentInstance.state.set('met');
    await f.whenStable();
    expect(text(badge())).toBe('SLA terpenuhi');
  });

  it('offers only the allowed moves; a move that needs a reason or a quote asks for it first', async () => {
    const f = TestBed.createComponent(HostComponent);
    f.componentInstance.transitions.set([
      { to_status: 'IN_PROGRESS', requires_reason: false, requires_quote: false },
      { to_status: 'CLOSED', requires_reason: true, requires_quote: false },
    ]);
    await f.whenStable();
    const host = f.nativeElement as HTMLElement;
    expect([...host.querySelectorAll('[data-testid^="status-btn-"]')].map((b) => b.getAttribute('data-testid'))).toEqual(['status-btn-IN_PROGRESS', 'status-btn-CLOSED']);
    byTestId('status-btn-IN_PROGRESS', host)!.click();
    expect(f.componentInstance.applied).toEqual([{ status: 'IN_PROGRESS' }]);
    byTestId('status-btn-CLOSED', host)!.click();
    await f.whenStable();
    byTestId('status-confirm', host)!.click();
    await f.whenStable();
    expect(f.componentInstance.applied).toHaveLength(1);
    typeInto('status-reason', 'Duplikat', host);
    byTestId('status-confirm', host)!.click();
    expect(f.componentInstance.applied[1]).toEqual({ status: 'CLOSED', reason: 'Duplikat' });

    f.componentInstance.transitions.set([{ to_status: 'QUOTED', requires_reason: false, requires_quote: true }]);
    await f.whenStable();
    byTestId('status-btn-QUOTED', host)!.click();
    await f.whenStable();
    typeInto('quote-amount', '1850,50', host);
    byTestId('status-confirm', host)!.click();
    expect(f.componentInstance.applied[2]).toMatchObject({ status: 'QUOTED', quote: { amount: '1850.50', currency: 'IDR', valid_until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
  });
});

describe('TicketNewPageComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    seedSession('salesperson');
    TestBed.configureTestingModule({
      imports: [TicketNewPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTicketsTranslocoTesting(), NO_MATERIAL_ANIMATIONS],
    });
    TestBed.runInInjectionContext(registerIcons);
    TestBed.runInInjectionContext(registerTicketIcons);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('asks only for the minimal fields of the type, then posts with an Idempotency-Key; 422 errors land under their fields', async () => {
    const f = TestBed.createComponent(TicketNewPageComponent);
    await f.whenStable();
    const host = f.nativeElement as HTMLElement;
    expect(byTestId('new-shipment_reference', host)).not.toBeNull();
    expect(byTestId('new-origin', host)).toBeNull();
    byTestId('new-submit', host)!.click();
    await f.whenStable();
    http.expectNone('/api/tickets');
    byTestId('new-type-inquiry_tariff', host)!.querySelector('button')!.click();
    await f.whenStable();
    expect(byTestId('new-rfq-warning', host)).not.toBeNull();
    expect(byTestId('new-shipment_reference', host)).toBeNull();
    typeInto('new-origin', 'Jakarta', host);
    typeInto('new-destination', 'Tokyo', host);
    f.componentInstance['form'].controls['service_type']!.setValue('air');
    await f.whenStable();
    byTestId('new-submit', host)!.click();
    const req = http.expectOne('/api/tickets');
    expect(req.request.body).toEqual({ ticket_type: 'inquiry_tariff', priority: 'normal', rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air' } });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/.{8,}/);
    req.flush(
      { type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'The ticket has missing or invalid fields', errors: [{ field: 'rfq.origin', message: 'is required for an RFQ' }] },
      { status: 422, statusText: 'Unprocessable Content', headers: { 'Content-Type': 'application/problem+json' } },
    );
    await f.whenStable();
    expect(host.textContent).toContain('is required for an RFQ');
  });
});
