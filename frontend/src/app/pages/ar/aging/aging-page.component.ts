import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { BarChartModule, Color, LineChartModule, ScaleType } from '@swimlane/ngx-charts';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, Subject, catchError, filter, map, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { toProblem } from '../../../core/http/problem';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { syncQueryParams } from '../../../shared/url-state';
import { confirmAction } from '../../../shared/dialogs/confirm-dialog.component';
import { formatIdr, jakartaDate } from '../../../shared/format/format';
import { IdNumberPipe, IdPercentPipe, IdrPipe } from '../../../shared/format/format.pipes';
import { ArApiService } from '../shared/ar-api.service';
import { AGING_BUCKETS, Aging, AgingBucket, COLLECTOR_ROLES, Outstanding, OutstandingRow, Rolling, hasRole } from '../shared/ar.models';
import { addDays, injectIsPhone, isDate, newIdempotencyKey } from '../shared/util';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const AGING_TABS = ['aging', 'dso', 'overdue'] as const;
export type AgingTab = (typeof AGING_TABS)[number];
/** Customers shown in the stacked bar chart (largest totals; the table lists all). */
export const CHART_CUSTOMERS = 12;
export const DSO_RANGES = [30, 90, 180, 365] as const;

/**
 * A command-center drill opens the overdue customers with `?overdue=true&as_of=`: the tab is
 * chosen from `overdue`, and `as_of` (no control on that tab) is applied and shown as a chip.
 */
export const OVERDUE_DRILL: DrillDefs = { params: [{ key: 'as_of', kind: 'date', label: 'ar.drill.asOf' }] };

/** `?tab=`, else the overdue tab when a link asks for overdue customers, else aging. */
export function initialAgingTab(tab: string | null, overdue: string | null): number {
  if (tab) return Math.max(0, AGING_TABS.indexOf(tab as AgingTab));
  return overdue === 'true' ? AGING_TABS.indexOf('overdue') : 0;
}

/** Colours of the buckets, from "not yet due" (green) to "over 90 days" (dark red). */
export const BUCKET_COLORS: Readonly<Record<AgingBucket, string>> = {
  current: '#2e7d32',
  days_1_30: '#f9a825',
  days_31_60: '#ef6c00',
  days_61_90: '#d84315',
  days_over_90: '#8e0000',
};

/**
 * AR → Aging & DSO, three tabs (kept in ?tab=):
 * - Aging at a date: bucket totals, a stacked bar per customer (ngx-charts, loaded with this
 *   lazy page only) and the per-customer table; buckets add up to the outstanding (server).
 * - DSO trend: the rolling 30-day DSO line (days without credit sales are NA and left out),
 *   with today's DSO, the countback DSO and the AR balance beside it.
 * - Overdue customers: the collection work list with "Create collection ticket".
 * Test ids: ar-tab-<tab>, ar-aging-asof, ar-aging-chart, ar-aging-table, ar-aging-total-<bucket>,
 * ar-aging-row-<customer_id>, ar-dso-range, ar-dso-chart, ar-dso-current, ar-dso-countback,
 * ar-overdue-table, ar-overdue-row-<customer_id>, ar-collect-<customer_id>.
 */
@Component({
  selector: 'bcc-ar-aging-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressBarModule,
    MatTableModule, MatTabsModule, BarChartModule, LineChartModule, TranslocoPipe, PageHeaderComponent, IdrPipe,
    IdNumberPipe, IdPercentPipe, FilterChipsComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './aging-page.component.html',
  styleUrl: './aging-page.component.scss',
})
export class AgingPageComponent {
  private readonly api = inject(ArApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly isPhone = injectIsPhone();

  protected readonly buckets = AGING_BUCKETS;
  protected readonly ranges = DSO_RANGES;
  protected readonly today = jakartaDate();
  private readonly lang = toSignal(this.transloco.langChanges$, { initialValue: this.transloco.getActiveLang() });

  protected readonly tabs = AGING_TABS;
  protected readonly tabIndex = signal(initialAgingTab(this.route.snapshot.queryParamMap.get('tab'), this.route.snapshot.queryParamMap.get('overdue')));
  protected readonly drill = injectDrillFilters(OVERDUE_DRILL);
  protected readonly canCollect = computed(() => hasRole(this.auth.role(), COLLECTOR_ROLES));

  // ------------------------------------------------------------------ aging ---
  protected readonly asOf = new FormControl(this.today, { nonNullable: true });
  protected readonly aging = signal<Aging | null>(null);
  protected readonly agingLoading = signal(true);
  protected readonly agingColumns = computed(() => (this.isPhone() ? ['customer', 'total'] : ['customer', ...AGING_BUCKETS, 'total']));
  protected readonly agingScheme = computed<Color>(() => ({
    name: 'aging', selectable: true, group: ScaleType.Ordinal, domain: AGING_BUCKETS.map((b) => BUCKET_COLORS[b]),
  }));
  protected readonly agingChart = computed(() => {
    const a = this.aging();
    this.lang();
    if (!a) return [];
    return a.items.slice(0, CHART_CUSTOMERS).map((row) => ({
      name: row.company_name ?? row.customer_id,
      series: AGING_BUCKETS.map((b) => ({ name: this.transloco.translate(`ar.buckets.${b}`), value: Number(row[b]) })),
    }));
  });
  protected readonly agingChartHeight = computed(() => Math.max(220, 48 + this.agingChart().length * 36));

  // -------------------------------------------------------------------- dso ---
  protected readonly range = new FormControl<number>(90, { nonNullable: true });
  protected readonly rolling = signal<Rolling | null>(null);
  protected readonly rollingLoading = signal(true);
  protected readonly dsoScheme: Color = { name: 'dso', selectable: true, group: ScaleType.Ordinal, domain: ['#1565c0'] };
  protected readonly dsoChart = computed(() => {
    const r = this.rolling();
    this.lang();
    if (!r) return [];
    const points = r.items.filter((p) => p.dso !== null).map((p) => ({ name: new Date(`${p.day}T00:00:00+07:00`), value: p.dso as number }));
    return points.length ? [{ name: this.transloco.translate('ar.dso.rolling'), series: points }] : [];
  });
  protected readonly latest = computed(() => this.rolling()?.items.at(-1) ?? null);
  protected readonly naDays = computed(() => this.rolling()?.items.filter((p) => p.dso === null).length ?? 0);
  protected readonly formatDay = (d: Date | string) =>
    new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', timeZone: 'Asia/Jakarta' }).format(typeof d === 'string' ? new Date(d) : d);

  // ---------------------------------------------------------------- overdue ---
  protected readonly overdue = signal<OutstandingRow[]>([]);
  protected readonly overdueTotals = signal<Outstanding['totals'] | null>(null);
  protected readonly overdueCursor = signal<string | null>(null);
  protected readonly overdueLoading = signal(true);
  protected readonly tickets = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly overdueColumns = computed(() =>
    this.isPhone() ? ['customer', 'overdue', 'action'] : ['customer', 'overdue', 'outstanding', 'invoices', 'days', 'action'],
  );
  private readonly overdueRequests = new Subject<string | null>();
  private readonly reloadAll = new Subject<void>();

  constructor() {
    this.asOf.valueChanges
      .pipe(
        startWith(this.asOf.value),
        filter((d) => isDate(d)),
        switchMap((d) => {
          this.agingLoading.set(true);
          return this.api.aging(d).pipe(catchError(() => (this.agingLoading.set(false), EMPTY)));
        }),
        takeUntilDestroyed(),
      )
      .subscribe((a) => {
        this.aging.set(a);
        this.agingLoading.set(false);
      });

    this.range.valueChanges
      .pipe(
        startWith(this.range.value),
        switchMap((days) => {
          this.rollingLoading.set(true);
          return this.api.rolling(addDays(this.today, -(days - 1)), this.today).pipe(catchError(() => (this.rollingLoading.set(false), EMPTY)));
        }),
        takeUntilDestroyed(),
      )
      .subscribe((r) => {
        this.rolling.set(r);
        this.rollingLoading.set(false);
      });

    this.overdueRequests
      .pipe(
        startWith(null),
        switchMap((cursor) => {
          this.overdueLoading.set(true);
          return this.api.outstanding({ overdue: true, as_of: this.drill.get('as_of'), cursor }).pipe(
            map((page) => ({ page, more: !!cursor })),
            catchError(() => (this.overdueLoading.set(false), EMPTY)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ page, more }) => {
        this.overdue.update((rows) => (more ? [...rows, ...page.items] : page.items));
        this.overdueTotals.set(page.totals);
        this.overdueCursor.set(page.next_cursor);
        this.overdueLoading.set(false);
      });
    this.reloadAll.pipe(takeUntilDestroyed()).subscribe(() => this.overdueRequests.next(null));
    this.drill.changes.pipe(takeUntilDestroyed()).subscribe(() => {
      this.overdueRequests.next(null);
      syncQueryParams(this.router, this.route, this.drill.urlParams());
    });
  }

  protected selectTab(index: number): void {
    this.tabIndex.set(index);
    void this.router.navigate([], { relativeTo: this.route, queryParams: { tab: AGING_TABS[index] === 'aging' ? null : AGING_TABS[index] }, replaceUrl: true });
  }

  protected moreOverdue(): void {
    const cursor = this.overdueCursor();
    if (cursor && !this.overdueLoading()) this.overdueRequests.next(cursor);
  }

  protected collect(row: OutstandingRow): void {
    const name = row.company_name ?? row.customer_id;
    confirmAction(this.dialog, {
      title: this.transloco.translate('ar.collect.title'),
      message: this.transloco.translate('ar.collect.message', { name, count: row.overdue_invoice_count, amount: formatIdr(row.overdue_amount) }),
      confirmLabel: this.transloco.translate('ar.collect.confirm'),
      cancelLabel: this.transloco.translate('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.setBusy(row.customer_id, true);
          return this.api.collectionTicket(row.customer_id, newIdempotencyKey());
        }),
      )
      .subscribe({
        next: (t) => {
          this.setBusy(row.customer_id, false);
          this.tickets.update((m) => new Map(m).set(row.customer_id, t.ticket_id));
          void this.notifications.info(this.transloco.translate('ar.collect.done', { ticket: t.ticket_id, name }));
        },
        error: (err: unknown) => {
          this.setBusy(row.customer_id, false);
          void this.notifications.problem(toProblem(err));
        },
      });
  }

  private setBusy(id: string, busy: boolean): void {
    this.busy.update((s) => {
      const next = new Set(s);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  private readonly compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });
  /** Axis ticks in short Indonesian notation: Rp 100 jt, Rp 1,5 M. */
  protected readonly formatMoneyTick = (v: number) => `Rp ${this.compact.format(v)}`;
  /** About eight date ticks whatever the range. */
  protected readonly dsoTicks = computed(() => {
    const points = this.dsoChart()[0]?.series ?? [];
    const step = Math.max(1, Math.ceil(points.length / 8));
    return points.filter((_, i) => i % step === 0).map((p) => p.name);
  });
}
