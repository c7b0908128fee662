import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { importProvidersFrom } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';

import en from '../../../../../public/i18n/en.json';
import id from '../../../../../public/i18n/id.json';
import refEn from '../../../../../public/i18n/reference/en.json';
import refId from '../../../../../public/i18n/reference/id.json';
import { NO_MATERIAL_ANIMATIONS, PROBLEM_HEADERS, byTestId, problemBody, seedSession, selectOption, typeInto } from '../../../../testing/test-helpers';
import { problemInterceptor } from '../../../core/http/problem.interceptor';
import { registerIcons } from '../../../core/icons';
import { NotificationService } from '../../../core/notification.service';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { HolidayDialogComponent, HolidayDialogData } from './holiday-dialog.component';
import { ReferenceDataPageComponent } from './reference-data-page.component';
import { formatHolidayDate, jakartaYear } from './reference-format';
import {
  FIRST_RESPONSE_MAX_MINUTES,
  holidayDateValidator,
  hoursToMinutes,
  hoursValidator,
  isCalendarDate,
  parseDecimal,
  slaOrderValidator,
  sortOrderValidator,
  staleDisplay,
  staleMinutes,
  staleValueValidator,
} from './reference-validation';
import type { Department, Holiday, SlaPolicy, StaleThreshold } from './reference.models';
import { SlaPolicyDialogComponent, SlaPolicyDialogData } from './sla-policy-dialog.component';
import { StaleThresholdDialogComponent, StaleThresholdDialogData } from './stale-threshold-dialog.component';

// ------------------------------------------------------------- pure rules ---
describe('reference-data validation (mirrors the server)', () => {
  const control = (value: unknown) => new FormControl(value);

  it('holiday dates: required, real YYYY-MM-DD days, years 2000–2100', () => {
    expect(holidayDateValidator(control(''))).toEqual({ required: true });
    expect(holidayDateValidator(control('24-12-2026'))).toEqual({ dateFormat: true });
    expect(holidayDateValidator(control('2026-02-30'))).toEqual({ dateFormat: true });
    expect(holidayDateValidator(control('1999-12-31'))).toEqual({ dateRange: { min: 2000, max: 2100 } });
    expect(holidayDateValidator(control('2101-01-01'))).toEqual({ dateRange: { min: 2000, max: 2100 } });
    expect(holidayDateValidator(control('2028-02-29'))).toBeNull();
    expect(isCalendarDate('2027-02-29')).toBe(false);
  });

  it('reads hours the Indonesian and the English way, and only whole minutes', () => {
    expect(parseDecimal('1,5')).toBe(1.5);
    expect(parseDecimal(' 2.25 ')).toBe(2.25);
    expect(parseDecimal('-1')).toBeNull();
    expect(parseDecimal('1.000,5')).toBeNull();
    expect(parseDecimal('abc')).toBeNull();
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes(0.4167)).toBe(25); // 25 minutes as shown with 4 decimals
    expect(hoursToMinutes(0.001)).toBeNull();
  });

  it('SLA targets: more than 0, whole minutes, within the maximum; resolution not before first response', () => {
    const v = hoursValidator(FIRST_RESPONSE_MAX_MINUTES);
    expect(v(control(''))).toEqual({ required: true });
    expect(v(control('0'))).toEqual({ positive: true });
    expect(v(control('-2'))).toEqual({ number: true });
    expect(v(control('dua'))).toEqual({ number: true });
    expect(v(control('0,001'))).toEqual({ wholeMinutes: true });
    expect(v(control('2000'))).toEqual({ maxHours: { max: '1666,66' } });
    expect(v(control('1,5'))).toBeNull();

    const group = (fr: string, res: string) =>
      new FormGroup(
        { first_response_hours: new FormControl(fr, [v]), resolution_hours: new FormControl(res, [v]) },
        { validators: [slaOrderValidator] },
      );
    expect(group('4', '2').errors).toEqual({ resolutionBeforeResponse: true });
    expect(group('2', '2').errors).toBeNull();
    expect(group('2', '18').errors).toBeNull();
    // An invalid field is reported on the field, not as an order problem.
    expect(group('0', '2').errors).toBeNull();
  });

  it('stale thresholds: hours or days, more than 0, at most 365 days, shown in the unit a person would say', () => {
    const form = (value: string, unit: 'hours' | 'days') => {
      const g = new FormGroup({ value: new FormControl(value, [staleValueValidator]), unit: new FormControl(unit) });
      g.controls.value.updateValueAndValidity();
      return g.controls.value.errors;
    };
    expect(form('0', 'hours')).toEqual({ positive: true });
    expect(form('', 'days')).toEqual({ required: true });
    expect(form('8761', 'hours')).toEqual({ maxHours: { max: '8760' } });
    expect(form('366', 'days')).toEqual({ maxHours: { max: '365' } });
    expect(form('365', 'days')).toBeNull();
    expect(form('0,5', 'hours')).toBeNull();
    expect(staleDisplay(2880)).toEqual({ value: 2, unit: 'days' });
    expect(staleDisplay(90)).toEqual({ value: 1.5, unit: 'hours' });
    expect(staleDisplay(1560)).toEqual({ value: 26, unit: 'hours' });
    expect(staleMinutes('2', 'days')).toBe(2880);
    expect(staleMinutes('1,5', 'hours')).toBe(90);
  });

  it('department order: a whole number 0–10000', () => {
    expect(sortOrderValidator(control(''))).toEqual({ required: true });
    expect(sortOrderValidator(control('-1'))).toEqual({ wholeNumberRange: { min: 0, max: 10000 } });
    expect(sortOrderValidator(control('2.5'))).toEqual({ wholeNumberRange: { min: 0, max: 10000 } });
    expect(sortOrderValidator(control('10001'))).toEqual({ wholeNumberRange: { min: 0, max: 10000 } });
    expect(sortOrderValidator(control('50'))).toBeNull();
  });

  it('writes holiday dates in id-ID with the weekday', () => {
    expect(formatHolidayDate('2026-08-17')).toBe('Senin, 17 Agustus 2026');
    expect(formatHolidayDate('nonsense')).toBe('');
  });
});

// ---------------------------------------------------------------- screens ---
const HOLIDAYS: Holiday[] = [
  { holiday_date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', name_en: "New Year's Day", iso_weekday: 4, is_weekend: false, created_at: '2026-01-01T00:00:00+07:00' },
  { holiday_date: '2026-05-31', name: 'Hari Raya Waisak', name_en: null, iso_weekday: 7, is_weekend: true, created_at: '2026-01-01T00:00:00+07:00' },
];
const POLICY: SlaPolicy = {
  ticket_type: 'complaint', priority: 'normal', first_response_minutes: 120, resolution_minutes: 1620,
  first_response_hours: 2, resolution_hours: 27, updated_at: '2026-01-01T00:00:00+07:00',
};
const STALE: StaleThreshold = {
  entity: 'ticket', threshold: '2 days', threshold_minutes: 2880, threshold_hours: 48, threshold_days: 2,
  description: 'Open ticket idle', updated_at: '2026-01-01T00:00:00+07:00',
};
const DEPARTMENTS: Department[] = [
  { dept_code: 'DIR', name: 'Direksi', name_en: 'Management', is_ops: false, sort_order: 10 },
  { dept_code: 'DOM', name: 'Domestik', name_en: 'Domestic', is_ops: true, sort_order: 50 },
];

describe('reference-data screens', () => {
  let http: HttpTestingController;
  let dialog: MatDialog;
  let info: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    sessionStorage.clear();
    seedSession('super_admin');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        importProvidersFrom(
          TranslocoTestingModule.forRoot({
            langs: { id, en, 'reference/id': refId, 'reference/en': refEn },
            translocoConfig: { availableLangs: ['id', 'en'], defaultLang: 'id', fallbackLang: 'id' },
            preloadLangs: true,
          }),
        ),
        NO_MATERIAL_ANIMATIONS,
      ],
    });
    TestBed.runInInjectionContext(registerIcons);
    http = TestBed.inject(HttpTestingController);
    dialog = TestBed.inject(MatDialog);
    info = vi.spyOn(TestBed.inject(NotificationService), 'info').mockResolvedValue();
    vi.spyOn(TestBed.inject(NotificationService), 'error').mockResolvedValue();
  });

  afterEach(() => {
    dialog.closeAll();
    http.verify();
  });

  async function settle(fixture?: ComponentFixture<unknown>): Promise<void> {
    await fixture?.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture?.whenStable();
  }

  const dialogErrors = () => [...document.querySelectorAll('mat-dialog-container mat-error')].map((e) => e.textContent!.trim());

  async function openDialog<C, D>(component: new (...args: never[]) => C, data: D) {
    const ref = dialog.open(component as never, dialogConfig(data));
    await settle();
    return ref;
  }

  async function submit(id: string): Promise<void> {
    byTestId(id)!.click();
    await settle();
  }

  describe('holiday dialog', () => {
    it('refuses a bad date and a blank name inline, without a request', async () => {
      await openDialog<HolidayDialogComponent, HolidayDialogData>(HolidayDialogComponent, {});
      typeInto('holiday-form-date', '1999-12-31');
      typeInto('holiday-form-name', '   ');
      await submit('holiday-form-submit');
      expect(dialogErrors()).toEqual(['Tanggal harus antara tahun 2000 dan 2100.', 'Wajib diisi.']);
      http.expectNone(() => true);
    });

    it('adds a holiday with a trimmed body, spells the day out, and shows a 409 on the date', async () => {
      const ref = await openDialog<HolidayDialogComponent, HolidayDialogData>(HolidayDialogComponent, {});
      typeInto('holiday-form-date', '2026-12-24');
      typeInto('holiday-form-name', ' Cuti Bersama Natal ');
      await settle();
      expect(byTestId('holiday-form-day')!.textContent).toContain('Kamis, 24 Desember 2026');
      await submit('holiday-form-submit');
      const req = http.expectOne((r) => r.url === '/api/reference/holidays' && r.method === 'POST');
      expect(req.request.body).toEqual({ holiday_date: '2026-12-24', name: 'Cuti Bersama Natal' });
      req.flush(problemBody(409, 'Conflict', '2026-12-24 is already a holiday', [{ field: 'holiday_date', message: 'is already a holiday' }]), {
        status: 409, statusText: 'Conflict', headers: PROBLEM_HEADERS,
      });
      await settle();
      expect(dialogErrors()).toEqual(['Tanggal ini sudah menjadi hari libur.']);
      expect(ref.getState()).toBe(0); // still open
    });

    it('edits only the name (the date is the key) and sends only what changed', async () => {
      const ref = await openDialog<HolidayDialogComponent, HolidayDialogData>(HolidayDialogComponent, { holiday: HOLIDAYS[0] });
      expect(byTestId<HTMLInputElement>('holiday-form-date')!.disabled).toBe(true);
      typeInto('holiday-form-name-en', '');
      await submit('holiday-form-submit');
      const req = http.expectOne((r) => r.url === '/api/reference/holidays/2026-01-01' && r.method === 'PATCH');
      expect(req.request.body).toEqual({ name_en: null });
      const closed = vi.fn();
      ref.afterClosed().subscribe(closed);
      req.flush({ ...HOLIDAYS[0], name_en: null });
      await settle();
      expect(closed).toHaveBeenCalledWith({ ...HOLIDAYS[0], name_en: null });
    });
  });

  describe('SLA dialog', () => {
    it('shows the targets in business hours and refuses a resolution shorter than the first response', async () => {
      await openDialog<SlaPolicyDialogComponent, SlaPolicyDialogData>(SlaPolicyDialogComponent, { policy: POLICY });
      expect(byTestId<HTMLInputElement>('sla-form-first-response')!.value).toBe('2');
      expect(byTestId<HTMLInputElement>('sla-form-resolution')!.value).toBe('27');
      typeInto('sla-form-first-response', '30');
      await submit('sla-form-submit');
      expect(dialogErrors()).toEqual(['Target penyelesaian tidak boleh lebih pendek dari target respons pertama.']);
      typeInto('sla-form-first-response', '0');
      await settle();
      expect(dialogErrors()).toEqual(['Masukkan jumlah jam lebih dari 0, mis. 2 atau 1,5.']);
      http.expectNone(() => true);
    });

    it('sends whole business minutes and puts server errors on the field', async () => {
      await openDialog<SlaPolicyDialogComponent, SlaPolicyDialogData>(SlaPolicyDialogComponent, { policy: POLICY });
      typeInto('sla-form-first-response', '1,5');
      await settle();
      expect(document.querySelector('mat-dialog-container')!.textContent).toContain('= 90 menit kerja');
      await submit('sla-form-submit');
      const req = http.expectOne((r) => r.url === '/api/reference/sla-policies/complaint/normal' && r.method === 'PATCH');
      expect(req.request.body).toEqual({ first_response_minutes: 90 });
      req.flush(problemBody(422, 'Unprocessable Content', 'The SLA targets are invalid', [{ field: 'first_response_minutes', message: 'must be between 1 and 100000 business minutes' }]), {
        status: 422, statusText: 'Unprocessable Content', headers: PROBLEM_HEADERS,
      });
      await settle();
      expect(byTestId('sla-form-first-response-error')!.textContent!.trim()).toBe('must be between 1 and 100000 business minutes');
    });
  });

  describe('stale threshold dialog', () => {
    it('edits in days (sent as hours) and refuses more than 365 days', async () => {
      await openDialog<StaleThresholdDialogComponent, StaleThresholdDialogData>(StaleThresholdDialogComponent, { threshold: STALE });
      expect(byTestId<HTMLInputElement>('stale-form-value')!.value).toBe('2');
      expect(byTestId<HTMLSelectElement>('stale-form-unit')!.value).toBe('days');
      typeInto('stale-form-value', '400');
      await submit('stale-form-submit');
      expect(dialogErrors()).toEqual(['Maksimal 365 hari (8.760 jam).']);
      // The same number is fine in hours.
      selectOption('stale-form-unit', 'hours');
      await settle();
      expect(dialogErrors()).toEqual([]);
      typeInto('stale-form-value', '3');
      selectOption('stale-form-unit', 'days');
      await submit('stale-form-submit');
      const req = http.expectOne((r) => r.url === '/api/reference/stale-thresholds/ticket' && r.method === 'PATCH');
      expect(req.request.body).toEqual({ threshold_hours: 72 });
      req.flush({ ...STALE, threshold: '3 days', threshold_minutes: 4320, threshold_hours: 72, threshold_days: 3 });
      await settle();
    });

    it('requires a description', async () => {
      await openDialog<StaleThresholdDialogComponent, StaleThresholdDialogData>(StaleThresholdDialogComponent, { threshold: STALE });
      typeInto('stale-form-description', '  ');
      await submit('stale-form-submit');
      expect(byTestId('stale-form-description-error')!.textContent!.trim()).toBe('Wajib diisi.');
      http.expectNone(() => true);
    });
  });

  describe('page', () => {
    async function setupPage(): Promise<{ fixture: ComponentFixture<ReferenceDataPageComponent>; host: HTMLElement }> {
      const fixture = TestBed.createComponent(ReferenceDataPageComponent);
      const host = fixture.nativeElement as HTMLElement;
      http.expectOne('/api/reference/departments').flush({ items: DEPARTMENTS, next_cursor: null });
      const hol = http.expectOne((r) => r.url === '/api/reference/holidays');
      expect(hol.request.params.get('year')).toBe(String(jakartaYear()));
      hol.flush({ items: jakartaYear() === 2026 ? HOLIDAYS : [], next_cursor: null });
      http.expectOne('/api/reference/sla-policies').flush({ items: [POLICY], next_cursor: null });
      http.expectOne('/api/reference/stale-thresholds').flush({ items: [STALE], next_cursor: null });
      await settle(fixture);
      return { fixture, host };
    }

    async function tab(fixture: ComponentFixture<unknown>, name: string): Promise<void> {
      byTestId(`reference-tab-${name}`)!.click();
      await settle(fixture);
    }

    it('shows departments, then the SLA matrix in hours with the "new tickets only" note, then thresholds', async () => {
      const { fixture, host } = await setupPage();
      expect(byTestId('page-title', host)!.textContent!.trim()).toBe('Data referensi');
      expect(byTestId('department-name-DOM', host)!.textContent!.trim()).toBe('Domestik');
      await tab(fixture, 'sla');
      const cell = byTestId('sla-cell-complaint-normal', host)!;
      expect(cell.textContent!.replace(/\s+/g, ' ')).toContain('Respons 2 jam');
      expect(cell.textContent!.replace(/\s+/g, ' ')).toContain('Selesai 27 jam');
      expect(byTestId('sla-effect-note', host)!.textContent).toContain('hanya berlaku untuk tiket yang dibuat');
      await tab(fixture, 'stale');
      expect(byTestId('stale-threshold-ticket', host)!.textContent!.trim()).toBe('2 hari');
    });

    it('loads another year, adds a holiday there and confirms with a snack bar', async () => {
      const { fixture, host } = await setupPage();
      await tab(fixture, 'holidays');
      selectOption('holiday-year', String(jakartaYear() + 1), host);
      const next = http.expectOne((r) => r.url === '/api/reference/holidays' && r.params.get('year') === String(jakartaYear() + 1));
      next.flush({ items: [], next_cursor: null });
      await settle(fixture);
      expect(byTestId('holidays-table', host)!.textContent).toContain(`Belum ada hari libur untuk ${jakartaYear() + 1}`);

      byTestId('holiday-add', host)!.click();
      await settle(fixture);
      const date = `${jakartaYear() + 1}-08-17`;
      expect(byTestId<HTMLInputElement>('holiday-form-date')!.value).toBe(`${jakartaYear() + 1}-01-01`);
      typeInto('holiday-form-date', date);
      typeInto('holiday-form-name', 'Hari Kemerdekaan');
      await submit('holiday-form-submit');
      const post = http.expectOne((r) => r.url === '/api/reference/holidays' && r.method === 'POST');
      post.flush({ holiday_date: date, name: 'Hari Kemerdekaan', name_en: null, iso_weekday: 2, is_weekend: false, created_at: '2026-01-01T00:00:00+07:00' });
      await settle(fixture);
      expect(byTestId(`holiday-name-${date}`, host)!.textContent!.trim()).toBe('Hari Kemerdekaan');
      expect(info).toHaveBeenCalledWith(expect.stringContaining('Hari libur Hari Kemerdekaan'));
    });
  });
});
