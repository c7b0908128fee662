import { BreakpointObserver } from '@angular/cdk/layout';
import type { ComponentType } from '@angular/cdk/portal';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule, MatIconRegistry } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { DomSanitizer } from '@angular/platform-browser';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, Observable, Subject, catchError, filter, map, switchMap } from 'rxjs';

import { NotificationService } from '../../../core/notification.service';
import { HistoryLinkComponent } from '../../../shared/components/history-link.component';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { confirmAction } from '../../../shared/dialogs/confirm-dialog.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { formatNumber } from '../../../shared/format/format';
import { syncQueryParams } from '../../../shared/url-state';
import { DepartmentDialogComponent, DepartmentDialogData } from './department-dialog.component';
import { HolidayDialogComponent, HolidayDialogData } from './holiday-dialog.component';
import { formatHolidayDate, formatHours, jakartaYear } from './reference-format';
import { RefLoadFailedComponent, RefProgressComponent, RefRowActionsComponent } from './reference-table-parts';
import { provideReferenceTranslations } from './reference-i18n';
import { HOLIDAY_YEAR_MAX, HOLIDAY_YEAR_MIN, staleDisplay } from './reference-validation';
import {
  REFERENCE_TABS,
  ReferenceTab,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  TicketPriority,
  TicketType,
  type Department,
  type Holiday,
  type SlaPolicy,
  type StaleThreshold,
} from './reference.models';
import { ReferenceService } from './reference.service';
import { SlaPolicyDialogComponent, SlaPolicyDialogData } from './sla-policy-dialog.component';
import { StaleThresholdDialogComponent, StaleThresholdDialogData, staleEntityKey } from './stale-threshold-dialog.component';

/** One reference list on the page: its rows and whether they are loading or failed. */
class ListState<T> {
  readonly items = signal<T[]>([]);
  readonly loading = signal(true);
  readonly failed = signal(false);
}

interface SlaRow {
  ticket_type: TicketType;
  policies: Partial<Record<TicketPriority, SlaPolicy>>;
}

/** Material's "delete" (trash) icon, registered for this page only (namespace `ref`). */
const DELETE_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z"/></svg>';

/**
 * Admin → Data referensi (super_admin): departments, public holidays by year, SLA targets per
 * ticket type × priority (business hours) and stale thresholds, one tab each (the tab and the
 * holiday year live in the URL). Each row is edited in a dialog that validates like the server;
 * saves and deletes are confirmed with a snack bar.
 */
@Component({
  selector: 'bcc-reference-data-page',
  imports: [
    NgTemplateOutlet,
    MatButtonModule,
    MatCardModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTableModule,
    MatTabsModule,
    MatTooltipModule,
    TranslocoPipe,
    PageHeaderComponent,
    HistoryLinkComponent,
    RefLoadFailedComponent,
    RefProgressComponent,
    RefRowActionsComponent,
  ],
  providers: [provideReferenceTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reference-data-page.component.html',
  styleUrl: './reference-data-page.component.scss',
})
export class ReferenceDataPageComponent {
  private readonly service = inject(ReferenceService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly tabs = REFERENCE_TABS;
  protected readonly ticketTypes = TICKET_TYPES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly departmentColumns = ['code', 'name', 'name_en', 'ops', 'order', 'actions'];
  protected readonly slaColumns = ['type', ...TICKET_PRIORITIES];
  protected readonly staleColumns = ['entity', 'threshold', 'description', 'actions'];

  /** Phones get the SLA policies as one card per ticket type instead of the wide matrix. */
  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 599.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  /** Phones: name and day in one column, so nothing needs sideways scrolling. */
  protected readonly holidayColumns = computed(() => (this.handset() ? ['day', 'actions'] : ['date', 'name', 'actions']));

  protected readonly tab = signal<ReferenceTab>(this.initialTab());
  protected readonly tabIndex = computed(() => REFERENCE_TABS.indexOf(this.tab()));
  protected readonly year = signal<number>(this.initialYear());
  protected readonly years = computed(() => {
    const now = jakartaYear();
    const set = new Set([now - 1, now, now + 1, now + 2, this.year()]);
    return [...set].filter((y) => y >= HOLIDAY_YEAR_MIN && y <= HOLIDAY_YEAR_MAX).sort((a, b) => a - b);
  });

  protected readonly departments = new ListState<Department>();
  protected readonly holidays = new ListState<Holiday>();
  protected readonly sla = new ListState<SlaPolicy>();
  protected readonly stale = new ListState<StaleThreshold>();
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  protected readonly slaRows = computed<SlaRow[]>(() => {
    const byType = new Map<TicketType, SlaRow>(TICKET_TYPES.map((t) => [t, { ticket_type: t, policies: {} }]));
    for (const p of this.sla.items()) {
      const row = byType.get(p.ticket_type);
      if (row) {
        row.policies[p.priority] = p;
      }
    }
    return [...byType.values()];
  });

  /** Holidays that fall on a working day (the ones that change business time). */
  protected readonly workdayHolidays = computed(() => this.holidays.items().filter((h) => !h.is_weekend).length);

  /** Years whose holidays to show; only the latest request counts (switchMap). */
  private readonly holidayYears = new Subject<number>();

  constructor() {
    this.holidayYears
      .pipe(
        switchMap((year) => {
          this.holidays.loading.set(true);
          this.holidays.failed.set(false);
          return this.service.holidays(year).pipe(
            catchError(() => {
              this.holidays.loading.set(false);
              this.holidays.failed.set(true);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((items) => {
        this.holidays.items.set(items);
        this.holidays.loading.set(false);
      });
    inject(MatIconRegistry).addSvgIconLiteralInNamespace('ref', 'delete', inject(DomSanitizer).bypassSecurityTrustHtml(DELETE_ICON));
    this.load(this.departments, this.service.departments());
    this.loadHolidays();
    this.load(this.sla, this.service.slaPolicies());
    this.load(this.stale, this.service.staleThresholds());
  }

  // ------------------------------------------------------------------ tabs ---
  protected selectTab(index: number): void {
    const tab = REFERENCE_TABS[index] ?? 'departments';
    this.tab.set(tab);
    this.syncUrl();
  }

  protected selectYear(value: string): void {
    const year = Number(value);
    if (Number.isInteger(year) && year !== this.year()) {
      this.year.set(year);
      this.syncUrl();
      this.loadHolidays();
    }
  }

  // ------------------------------------------------------------ departments ---
  protected editDepartment(department: Department): void {
    this.open<DepartmentDialogComponent, DepartmentDialogData, Department>(DepartmentDialogComponent, { department }).subscribe((saved) => {
      this.departments.items.update((list) =>
        list.map((d) => (d.dept_code === saved.dept_code ? saved : d)).sort((a, b) => a.sort_order - b.sort_order || a.dept_code.localeCompare(b.dept_code)),
      );
      void this.notifications.info(this.t('reference.departments.saved', { name: saved.name }));
    });
  }

  // --------------------------------------------------------------- holidays ---
  protected addHoliday(): void {
    const now = jakartaYear();
    const defaultDate = this.year() === now ? undefined : `${this.year()}-01-01`;
    this.open<HolidayDialogComponent, HolidayDialogData, Holiday>(HolidayDialogComponent, { defaultDate }).subscribe((saved) => {
      void this.notifications.info(this.t('reference.holidays.added', { name: saved.name, date: formatHolidayDate(saved.holiday_date) }));
      const year = Number(saved.holiday_date.slice(0, 4));
      if (year !== this.year()) {
        // Show the year the new holiday is in.
        this.year.set(year);
        this.syncUrl();
        this.loadHolidays();
        return;
      }
      this.holidays.items.update((list) => [...list, saved].sort((a, b) => a.holiday_date.localeCompare(b.holiday_date)));
    });
  }

  protected editHoliday(holiday: Holiday): void {
    this.open<HolidayDialogComponent, HolidayDialogData, Holiday>(HolidayDialogComponent, { holiday }).subscribe((saved) => {
      this.holidays.items.update((list) => list.map((h) => (h.holiday_date === saved.holiday_date ? saved : h)));
      void this.notifications.info(this.t('reference.holidays.saved', { name: saved.name }));
    });
  }

  protected deleteHoliday(holiday: Holiday): void {
    const date = formatHolidayDate(holiday.holiday_date);
    confirmAction(this.dialog, {
      title: this.t('reference.holidays.deleteTitle'),
      message: this.t('reference.holidays.deleteMessage', { name: holiday.name, date }),
      confirmLabel: this.t('reference.holidays.deleteConfirm'),
      cancelLabel: this.t('common.cancel'),
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.setBusy(holiday.holiday_date, true);
          return this.service.deleteHoliday(holiday.holiday_date);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.setBusy(holiday.holiday_date, false);
          this.holidays.items.update((list) => list.filter((h) => h.holiday_date !== holiday.holiday_date));
          void this.notifications.info(this.t('reference.holidays.deleted', { name: holiday.name, date }));
        },
        error: () => this.setBusy(holiday.holiday_date, false),
      });
  }

  protected holidayDate(holiday: Holiday): string {
    return formatHolidayDate(holiday.holiday_date);
  }

  protected isBusy(key: string): boolean {
    return this.busy().has(key);
  }

  // ----------------------------------------------------------- SLA policies ---
  protected editSla(policy: SlaPolicy): void {
    this.open<SlaPolicyDialogComponent, SlaPolicyDialogData, SlaPolicy>(SlaPolicyDialogComponent, { policy }, '520px').subscribe((saved) => {
      this.sla.items.update((list) =>
        list.map((p) => (p.ticket_type === saved.ticket_type && p.priority === saved.priority ? saved : p)),
      );
      void this.notifications.info(this.t('reference.sla.saved', { policy: this.policyLabel(saved) }));
    });
  }

  /** `Keluhan · Mendesak`. */
  protected policyLabel(policy: SlaPolicy): string {
    return `${this.t('reference.ticketTypes.' + policy.ticket_type)} · ${this.t('reference.priorities.' + policy.priority)}`;
  }

  protected hours(minutes: number): string {
    return formatHours(minutes);
  }

  // ------------------------------------------------------- stale thresholds ---
  protected editStale(threshold: StaleThreshold): void {
    this.open<StaleThresholdDialogComponent, StaleThresholdDialogData, StaleThreshold>(StaleThresholdDialogComponent, { threshold }).subscribe(
      (saved) => {
        this.stale.items.update((list) => list.map((s) => (s.entity === saved.entity ? saved : s)));
        void this.notifications.info(this.t('reference.stale.saved', { entity: this.entityLabel(saved.entity) }));
      },
    );
  }

  protected entityLabel(entity: string): string {
    const key = staleEntityKey(entity);
    return key ? this.t(key) : entity;
  }

  /** `2 hari` / `1 jam` / `1,5 jam`. */
  protected thresholdLabel(threshold: StaleThreshold): string {
    const { value, unit } = staleDisplay(threshold.threshold_minutes);
    const rounded = Math.round(value * 100) / 100;
    return this.t(`reference.units.${unit}Count`, { count: formatNumber(rounded) });
  }

  // ------------------------------------------------------------- plumbing ---
  protected reload(): void {
    if (this.departments.failed()) this.load(this.departments, this.service.departments());
    if (this.holidays.failed()) this.loadHolidays();
    if (this.sla.failed()) this.load(this.sla, this.service.slaPolicies());
    if (this.stale.failed()) this.load(this.stale, this.service.staleThresholds());
  }

  private loadHolidays(): void {
    this.holidayYears.next(this.year());
  }

  private load<T>(state: ListState<T>, request: Observable<T[]>): void {
    state.loading.set(true);
    state.failed.set(false);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (items) => {
        state.items.set(items);
        state.loading.set(false);
      },
      error: () => {
        state.loading.set(false);
        state.failed.set(true);
      },
    });
  }

  private open<C, D, R>(component: ComponentType<C>, data: D, width = '560px'): Observable<R> {
    return this.dialog
      .open<C, D, R>(component, dialogConfig(data, { width }))
      .afterClosed()
      .pipe(filter((saved): saved is R => !!saved));
  }

  private setBusy(key: string, busy: boolean): void {
    this.busy.update((current) => {
      const next = new Set(current);
      if (busy) {
        next.add(key);
      } else {
        next.delete(key);
      }
      return next;
    });
  }

  private syncUrl(): void {
    syncQueryParams(this.router, this.route, {
      tab: this.tab() === 'departments' ? null : this.tab(),
      year: this.tab() === 'holidays' && this.year() !== jakartaYear() ? String(this.year()) : null,
    });
  }

  private initialTab(): ReferenceTab {
    const tab = this.route.snapshot.queryParamMap.get('tab');
    return (REFERENCE_TABS as readonly string[]).includes(tab ?? '') ? (tab as ReferenceTab) : 'departments';
  }

  private initialYear(): number {
    const year = Number(this.route.snapshot.queryParamMap.get('year'));
    return Number.isInteger(year) && year >= HOLIDAY_YEAR_MIN && year <= HOLIDAY_YEAR_MAX ? year : jakartaYear();
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
