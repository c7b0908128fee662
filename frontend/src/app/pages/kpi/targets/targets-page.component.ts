import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, catchError, combineLatest, filter, map, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { toProblem } from '../../../core/http/problem';
import { NotificationService } from '../../../core/notification.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { confirmAction } from '../../../shared/dialogs/confirm-dialog.component';
import { jakartaDate } from '../../../shared/format/format';
import { IdDatePipe } from '../../../shared/format/format.pipes';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { SubmissionKey, injectIsPhone, isDate } from '../../ar/shared/util';
import { KpiApiService } from '../shared/kpi-api.service';
import { formatKpiValue } from '../shared/kpi-format';
import { PeriodPreset, presetPeriod } from '../shared/kpi-period';
import { Assignee, KpiTarget, MetricDefinition, TARGET_SETTER_ROLES, hasRole, parseValue } from '../shared/kpi.models';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const TARGET_PRESETS: readonly PeriodPreset[] = ['this_month', 'next_month', 'this_quarter', 'next_quarter'];
/** List windows: targets whose period overlaps it. */
export const LIST_WINDOWS = ['this_month', 'this_quarter', 'next_quarter', 'last_quarter'] as const;

/**
 * KPI → Targets. Managers set targets for their team (their department's metrics; super_admin
 * any): person, metric (only the person's department), period (month/quarter presets or custom)
 * and value. A duplicate or overlapping period comes back as 409 on period_start and is shown
 * under the period; other refusals under their fields. The list shows the targets the caller
 * may see (the director reads only) with edit/withdraw for setters.
 * Test ids: kpi-target-form, kpi-target-assignee, kpi-target-metric, kpi-target-period,
 * kpi-target-start, kpi-target-end, kpi-target-value, kpi-target-notes, kpi-target-submit,
 * kpi-target-error, kpi-target-period-error, kpi-targets-table, kpi-targets-window,
 * kpi-target-row-<target_id>, kpi-target-edit-<id>, kpi-target-delete-<id>.
 */
@Component({
  selector: 'bcc-kpi-targets-page',
  imports: [
    ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule,
    MatTableModule, TranslocoPipe, PageHeaderComponent, IdDatePipe,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './targets-page.component.html',
  styleUrl: './targets-page.component.scss',
})
export class TargetsPageComponent {
  private readonly api = inject(KpiApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly transloco = inject(TranslocoService);
  protected readonly isPhone = injectIsPhone();

  protected readonly today = jakartaDate();
  protected readonly presets = TARGET_PRESETS;
  protected readonly windows = LIST_WINDOWS;
  protected readonly canSet = computed(() => hasRole(this.auth.role(), TARGET_SETTER_ROLES));
  private readonly lang = toSignal(this.transloco.langChanges$, { initialValue: this.transloco.getActiveLang() });

  protected readonly metrics = toSignal(this.api.metrics().pipe(map((r) => r.items), catchError(() => of([] as MetricDefinition[]))), { initialValue: [] as MetricDefinition[] });
  protected readonly assignees = toSignal(
    this.canSet() ? this.api.assignees('targets').pipe(map((r) => r.items), catchError(() => of([] as Assignee[]))) : of([] as Assignee[]),
    { initialValue: [] as Assignee[] },
  );

  // --------------------------------------------------------------------- form ---
  protected readonly form = new FormGroup({
    assignee_user_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    metric_key: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    preset: new FormControl<PeriodPreset | 'custom'>('this_month', { nonNullable: true }),
    period_start: new FormControl(presetPeriod('this_month', this.today).start, { nonNullable: true, validators: [Validators.required] }),
    period_end: new FormControl(presetPeriod('this_month', this.today).end, { nonNullable: true, validators: [Validators.required] }),
    target_value: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    notes: new FormControl('', { nonNullable: true }),
  });
  private readonly assigneeId = toSignal(this.form.controls.assignee_user_id.valueChanges, { initialValue: '' });
  private readonly metricKey = toSignal(this.form.controls.metric_key.valueChanges, { initialValue: '' });
  protected readonly metricOptions = computed(() => {
    const who = this.assignees().find((a) => a.user_id === this.assigneeId());
    return who ? this.metrics().filter((m) => m.department === who.department) : [];
  });
  protected readonly metric = computed(() => this.metrics().find((m) => m.metric_key === this.metricKey()) ?? null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly key = new SubmissionKey();

  // --------------------------------------------------------------------- list ---
  protected readonly window = new FormControl<(typeof LIST_WINDOWS)[number]>('this_quarter', { nonNullable: true });
  /** The list's query now: what the export menu downloads. */
  protected readonly exportQuery = toSignal(
    this.window.valueChanges.pipe(
      startWith(this.window.value),
      map((w) => presetPeriod(w, this.today)),
      map((p) => ({ from: p.start, to: p.end })),
    ),
    { initialValue: null },
  );
  protected readonly targets = signal<KpiTarget[]>([]);
  protected readonly loading = signal(true);
  protected readonly editing = signal<string | null>(null);
  protected readonly editValue = new FormControl('', { nonNullable: true });
  protected readonly columns = computed(() => (this.isPhone() ? ['who', 'value', 'actions'] : ['who', 'metric', 'period', 'value', 'notes', 'actions']));
  private readonly reloads = signal(0);

  constructor() {
    this.form.controls.preset.valueChanges.pipe(takeUntilDestroyed()).subscribe((p) => {
      if (p !== 'custom') {
        const period = presetPeriod(p, this.today);
        this.form.patchValue({ period_start: period.start, period_end: period.end });
      }
    });
    // A metric of another department is no longer offered when the person changes.
    this.form.controls.assignee_user_id.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (!this.metricOptions().some((m) => m.metric_key === this.form.controls.metric_key.value)) {
        this.form.controls.metric_key.setValue('');
      }
    });
    combineLatest([this.window.valueChanges.pipe(startWith(this.window.value)), toObservable(this.reloads)])
      .pipe(
        switchMap(([w]) => {
          this.loading.set(true);
          const p = presetPeriod(w, this.today);
          return this.api.targets({ from: p.start, to: p.end }).pipe(catchError(() => (this.loading.set(false), EMPTY)));
        }),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.targets.set(page.items);
        this.loading.set(false);
      });
  }

  protected metricName(m: { name: string; name_en: string } | null): string {
    if (!m) return '';
    return this.lang() === 'en' ? m.name_en : m.name;
  }

  protected targetMetricName(t: KpiTarget): string {
    return this.lang() === 'en' ? t.metric_name_en : t.metric_name;
  }

  protected value(t: KpiTarget): string {
    this.lang();
    return formatKpiValue(t.target_value, t.unit, { hours: this.transloco.translate('kpi.units.hours'), days: this.transloco.translate('kpi.units.days') });
  }

  protected submit(): void {
    this.error.set(null);
    const value = parseValue(this.form.controls.target_value.value);
    if (value === null) this.form.controls.target_value.setErrors({ value: true });
    this.form.markAllAsTouched();
    const v = this.form.getRawValue();
    if (this.form.invalid || value === null || !isDate(v.period_start) || !isDate(v.period_end)) return;
    const body = {
      assignee_user_id: v.assignee_user_id, metric_key: v.metric_key, period_start: v.period_start, period_end: v.period_end, target_value: value,
      ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
    };
    this.saving.set(true);
    this.api.createTarget(body, this.key.for(body)).subscribe({
      next: (t) => {
        this.key.complete();
        this.saving.set(false);
        this.form.patchValue({ target_value: '', notes: '' });
        this.form.controls.target_value.markAsUntouched();
        void this.notifications.info(this.transloco.translate('kpi.targets.saved', { metric: this.targetMetricName(t), name: t.assignee_name ?? '' }));
        this.reloads.update((n) => n + 1);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const p = toProblem(err);
        const placed = applyServerErrors(p, this.form.controls);
        // The period's conflict is shown under the period picker, with the server's words.
        if (placed && this.form.controls.period_start.hasError('server')) {
          this.form.controls.preset.setErrors({ server: this.form.controls.period_start.getError('server') });
          this.form.controls.preset.markAsTouched();
        }
        if (!placed || p.status === 409 || p.status === 403) this.error.set(p.detail);
      },
    });
  }

  protected periodError(): string | null {
    const c = this.form.controls;
    return (c.period_start.getError('server') as string | undefined) ?? (c.period_end.getError('server') as string | undefined) ?? null;
  }

  protected startEdit(t: KpiTarget): void {
    this.editing.set(t.target_id);
    this.editValue.setValue(t.target_value);
  }

  protected saveEdit(t: KpiTarget): void {
    const value = parseValue(this.editValue.value);
    if (value === null) {
      this.editValue.setErrors({ value: true });
      return;
    }
    this.api.updateTarget(t.target_id, { target_value: value }).subscribe({
      next: (updated) => {
        this.targets.update((list) => list.map((x) => (x.target_id === updated.target_id ? updated : x)));
        this.editing.set(null);
      },
      error: (err: unknown) => this.editValue.setErrors({ server: toProblem(err).detail }),
    });
  }

  protected remove(t: KpiTarget): void {
    confirmAction(this.dialog, {
      title: this.transloco.translate('kpi.targets.deleteTitle'),
      message: this.transloco.translate('kpi.targets.deleteMessage', { metric: this.targetMetricName(t), name: t.assignee_name ?? '' }),
      confirmLabel: this.transloco.translate('kpi.targets.delete'),
      cancelLabel: this.transloco.translate('common.cancel'),
      destructive: true,
    })
      .pipe(filter(Boolean), switchMap(() => this.api.deleteTarget(t.target_id)))
      .subscribe(() => this.targets.update((list) => list.filter((x) => x.target_id !== t.target_id)));
  }
}
