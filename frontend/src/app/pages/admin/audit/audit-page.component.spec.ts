import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';

import { NO_MATERIAL_ANIMATIONS, provideTranslocoTesting, seedSession } from '../../../../testing/test-helpers';
import { registerIcons } from '../../../core/icons';
import { AuditPageComponent, auditQuery } from './audit-page.component';
import type { AuditRow } from './audit.models';

const SITI = 'a3c1e2f4-1111-4222-8333-944455556666';
const DEWI = 'd3c1e2f4-1111-4222-8333-944455556666';

const UPDATE: AuditRow = {
  id: '42',
  table_name: 'leads',
  record_id: 'LD-2026-000001',
  action: 'UPDATE',
  changed_by: DEWI,
  changed_by_name: null,
  changed_at: '2026-11-25T03:00:00Z',
  before_data: { status: 'NEW', sales_owner_user_id: null },
  after_data: { status: 'HANDED_OVER', sales_owner_user_id: SITI },
  changes: [
    { field: 'sales_owner_user_id', before: null, after: SITI },
    { field: 'status', before: 'NEW', after: 'HANDED_OVER' },
  ],
};

describe('AuditPageComponent', () => {
  let fixture: ComponentFixture<AuditPageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  const el = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function setup(query: Record<string, string>) {
    sessionStorage.clear();
    seedSession('director');
    TestBed.configureTestingModule({
      imports: [AuditPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
        provideEnvironmentInitializer(() => registerIcons()),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPageComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http?.verify());

  it('maps the filter form to the API query, dropping empty and malformed values', () => {
    expect(auditQuery({ table: 'leads', record: ' LD-1 ', user: 'not-a-uuid', action: 'DELETE', from: '2026-11-01', to: '26/11/2026' })).toEqual({
      table_name: 'leads',
      record_id: 'LD-1',
      action: 'DELETE',
      from: '2026-11-01',
    });
  });

  it("opens with a record's history from the URL, shows names for ids and expands a readable diff", async () => {
    await setup({ table_name: 'leads', record_id: 'LD-2026-000001', changed_by: DEWI });
    const people = http.expectOne((r) => r.url === '/api/kpi/assignees');
    people.flush({ items: [{ user_id: SITI, full_name: 'Siti Rahmawati', role: 'salesperson' }, { user_id: DEWI, full_name: 'Dewi Direktur', role: 'director' }] });
    const req = http.expectOne((r) => r.url === '/api/audit');
    expect(req.request.params.get('table_name')).toBe('leads');
    expect(req.request.params.get('record_id')).toBe('LD-2026-000001');
    expect(req.request.params.get('changed_by')).toBe(DEWI);
    req.flush({ items: [UPDATE], next_cursor: 'c2' });
    await fixture.whenStable();

    // The user filter shows the person's name, not the id.
    expect((el('audit-filter-user') as HTMLInputElement).value).toBe('Dewi Direktur');
    const row = el('audit-row-42')!;
    expect(row.textContent).toContain('Dewi Direktur');
    expect(row.textContent).toContain('Diubah');
    expect(row.textContent).toContain('LD-2026-000001');

    (row.querySelector('mat-expansion-panel-header') as HTMLElement).click();
    await fixture.whenStable();
    expect(el('audit-diff-before-status')!.textContent!.trim()).toBe('NEW');
    expect(el('audit-diff-after-status')!.textContent).toContain('HANDED_OVER');
    expect(el('audit-diff-before-sales_owner_user_id')!.textContent!.trim()).toBe('—');
    expect(el('audit-diff-after-sales_owner_user_id')!.textContent).toContain('Siti Rahmawati');

    // Server-side pagination: "load more" sends the cursor with the same filters.
    el('audit-more')!.click();
    const more = http.expectOne((r) => r.url === '/api/audit');
    expect(more.request.params.get('cursor')).toBe('c2');
    expect(more.request.params.get('record_id')).toBe('LD-2026-000001');
    more.flush({ items: [{ ...UPDATE, id: '41', action: 'INSERT', before_data: null, changes: [] }], next_cursor: null });
    await fixture.whenStable();
    expect(el('audit-row-41')).not.toBeNull();
    expect(el('audit-more')).toBeNull();
  });

  it('syncs a changed filter to the URL and reloads', async () => {
    await setup({});
    http.expectOne((r) => r.url === '/api/kpi/assignees').flush({ items: [] });
    http.expectOne((r) => r.url === '/api/audit').flush({ items: [], next_cursor: null });
    await fixture.whenStable();
    expect(el('audit-empty')!.textContent).toContain('Belum ada perubahan');
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    const component = fixture.componentInstance as unknown as { filters: { controls: { action: { setValue(v: string): void } } } };
    component.filters.controls.action.setValue('DELETE');
    const req = http.expectOne((r) => r.url === '/api/audit');
    expect(req.request.params.get('action')).toBe('DELETE');
    req.flush({ items: [], next_cursor: null });
    expect(navigate).toHaveBeenCalledWith([], expect.objectContaining({ queryParams: expect.objectContaining({ action: 'DELETE' }) }));
  });
});
