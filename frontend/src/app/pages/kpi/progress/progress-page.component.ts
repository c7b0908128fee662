import { syncQueryParams } from '../../../shared/url-state';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, catchError, combineLatest, filter, map, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { canAccess } from '../../../core/permissions';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { formatNumber, jakartaDate } from '../../../shared/format/format';
import { IdDatePipe } from '../../../shared/format/format.pipes';
import { isDate } from '../../ar/shared/util';
import { KpiApiService } from '../shared/kpi-api.service';
import { formatKpiValue } from '../shared/kpi-format';
import { PERIOD_PRESETS, PeriodPreset, presetOf, presetPeriod } from '../shared/kpi-period';
import { Assignee, KpiEntry, Period, ProgressItem, TEAM_ENTRY_ROLES, hasRole } from '../shared/kpi.models';
import { EntryDialogComponent, EntryDialogData } from './entry-dialog.component';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

/** Periods offered on the progress page (targets also look ahead). */
export const PROGRESS_PRESETS: readonly PeriodPreset[] = ['this_month', 'last_month', 'this_quarter', 'last_quarter'];

/**
 * KPI → My progress: one card per metric of the person's department with actual, target,
 * achievement and — when the actual cannot be computed — an NA badge with its reason (never a
 * made-up 0). Managers, the director and super_admin can pick a person; MANUAL/IMPORTED
 * metrics take a value (with optional evidence) from the card. Person and period are in the
 * URL (?assignee=&start=&end=).
 * Test ids: kpi-progress-person, kpi-progress-period, kpi-progress-start, kpi-progress-end,
 * kpi-card-<KEY>, kpi-actual-<KEY>, kpi-na-<KEY>, kpi-target-<KEY>, kpi-achievement-<KEY>, kpi-enter-<KEY>.
 */
@Component({
  selector: 'bcc-kpi-progress-page',
  imports: [
    RouterLink,
    ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule,
    MatTooltipModule, TranslocoPipe, PageHeaderComponent, IdDatePipe,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './progress-page.component.html',
  styleUrl: './progress-page.component.scss',
})
export class ProgressPageComponent {
  private readonly api = inject(KpiApiService);
  private readonly auth = inject(AuthService);
  /** KPI entries arrive in bulk through Imports (module kpi_entries) for roles with that screen. */
  protected readonly canImport = computed(() => canAccess(this.auth.role(), 'imports'));
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly today = jakartaDate();
  protected readonly presets = PROGRESS_PRESETS;
  private readonly lang = toSignal(this.transloco.langChanges$, { initialValue: this.transloco.getActiveLang() });

  private readonly qp = this.route.snapshot.queryParamMap;
  // A command-center drill links here with the API's names (assignee_user_id, period_start, period_end).
  private readonly qpStart = this.qp.get('start') ?? this.qp.get('period_start');
  private readonly qpEnd = this.qp.get('end') ?? this.qp.get('period_end');
  private readonly initial: Period = isDate(this.qpStart) && isDate(this.qpEnd)
    ? { start: this.qpStart!, end: this.qpEnd! }
    : presetPeriod('this_month', this.today);
  protected readonly person = new FormControl<string>(this.qp.get('assignee') ?? this.qp.get('assignee_user_id') ?? '', { nonNullable: true });
  protected readonly preset = new FormControl<PeriodPreset | 'custom'>(presetOf(this.initial, this.today) ?? 'custom', { nonNullable: true });
  protected readonly start = new FormControl(this.initial.start, { nonNullable: true });
  protected readonly end = new FormControl(this.initial.end, { nonNullable: true });

  protected readonly assignees = toSignal(
    this.api.assignees('progress').pipe(map((r) => r.items), catchError(() => of([] as Assignee[]))),
    { initialValue: [] as Assignee[] },
  );
  protected readonly selected = computed<Assignee | null>(() => {
    const id = this.personId();
    return this.assignees().find((a) => (id ? a.user_id === id : a.is_self)) ?? null;
  });
  private readonly personId = toSignal(this.person.valueChanges.pipe(startWith(this.person.value)), { initialValue: this.person.value });

  protected readonly items = signal<ProgressItem[] | null>(null);
  protected readonly notFound = signal(false);
  protected readonly loading = signal(true);
  private readonly reloads = signal(0);

  constructor() {
    this.preset.valueChanges.pipe(takeUntilDestroyed()).subscribe((p) => {
      if (p !== 'custom') {
        const period = presetPeriod(p, this.today);
        this.start.setValue(period.start);
        this.end.setValue(period.end);
      }
    });
    combineLatest([
      this.person.valueChanges.pipe(startWith(this.person.value)),
      this.start.valueChanges.pipe(startWith(this.start.value)),
      this.end.valueChanges.pipe(startWith(this.end.value)),
      toObservable(this.reloads),
    ])
      .pipe(
        filter(([, s, e]) => isDate(s) && isDate(e) && s <= e),
        switchMap(([who, s, e]) => {
          this.loading.set(true);
          syncQueryParams(this.router, this.route, {
            assignee: who || null,
            start: s,
            end: e,
            assignee_user_id: null,
            period_start: null,
            period_end: null,
          });
          return this.api.progress(who || null, s, e).pipe(
            catchError((err: { status?: number }) => {
              this.loading.set(false);
              this.items.set([]);
              this.notFound.set(err.status === 404);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((items) => {
        this.items.set(items);
        this.notFound.set(false);
        this.loading.set(false);
      });
  }

  protected name(item: ProgressItem): string {
    return this.lang() === 'en' ? item.name_en : item.name;
  }

  protected value(v: string | null, item: ProgressItem): string {
    this.lang();
    return formatKpiValue(v, item.unit, { hours: this.transloco.translate('kpi.units.hours'), days: this.transloco.translate('kpi.units.days') });
  }

  protected achievement(item: ProgressItem): string {
    return item.achievement_pct === null ? '—' : `${formatNumber(item.achievement_pct)}%`;
  }

  protected bar(item: ProgressItem): number {
    return item.achievement_pct === null ? 0 : Math.max(0, Math.min(100, item.achievement_pct));
  }

  protected level(item: ProgressItem): 'good' | 'fair' | 'poor' | 'none' {
    const a = item.achievement_pct;
    if (a === null) return 'none';
    return a >= 100 ? 'good' : a >= 70 ? 'fair' : 'poor';
  }

  protected naReason(item: ProgressItem): string {
    const key = `kpi.na.${item.na_code}`;
    const t = this.transloco.translate(key);
    return t === key ? (item.na_reason ?? '') : t;
  }

  /** MANUAL/IMPORTED values: yourself, a manager for the team, super_admin for anyone; never the director. */
  protected canEnter(item: ProgressItem): boolean {
    const role = this.auth.role();
    const who = this.selected();
    if (item.source === 'AUTO' || !role || role === 'director' || !who) return false;
    return who.is_self || hasRole(role, TEAM_ENTRY_ROLES);
  }

  protected enter(item: ProgressItem): void {
    const who = this.selected();
    if (!who) return;
    const data: EntryDialogData = { item, assignee: who, name: this.name(item), maxDate: this.end.value < this.today ? this.end.value : this.today };
    this.dialog
      .open<EntryDialogComponent, EntryDialogData, KpiEntry>(EntryDialogComponent, dialogConfig(data, { width: '520px' }))
      .afterClosed()
      .pipe(filter((e): e is KpiEntry => !!e))
      .subscribe(() => this.reloads.update((n) => n + 1));
  }
}
