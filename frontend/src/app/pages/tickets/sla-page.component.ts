import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LegendPosition, LineChartModule } from '@swimlane/ngx-charts';
import { debounceTime, map, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { formatDate } from '../../shared/format/format';
import { IdDatePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { TicketsApiService } from './shared/tickets-api.service';
import { FirstResponseDay, SlaSummary, TARGET_DEPARTMENTS } from './shared/tickets.models';
import { jakartaDay } from './shared/util';

export interface ChartSeries {
  name: string;
  series: { name: string; value: number }[];
}

/** The daily medians as chart series in hours (business and calendar); days without data are absent. */
export function toSeries(items: FirstResponseDay[], labels: { business: string; calendar: string }): ChartSeries[] {
  const hours = (m: number) => Math.round((m / 60) * 100) / 100;
  return [
    { name: labels.business, series: items.map((d) => ({ name: formatDate(d.day), value: hours(d.median_first_response_business_minutes) })) },
    { name: labels.calendar, series: items.map((d) => ({ name: formatDate(d.day), value: hours(d.median_first_response_minutes) })) },
  ];
}

/**
 * Tickets → SLA: the open tickets by SLA state (drill down to the lists) and the daily median
 * first response (business hours and calendar hours) as an ngx-charts line chart — loaded only
 * with this page — plus the same numbers as a table. Test ids: sla-page, sla-summary-<state>,
 * sla-chart, sla-table, sla-from, sla-to, sla-dept, sla-empty.
 */
@Component({
  selector: 'bcc-sla-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    LineChartModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    IdNumberPipe,
    PageHeaderComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sla-page.component.html',
  styleUrl: './sla-page.component.scss',
})
export class SlaPageComponent {
  private readonly api = inject(TicketsApiService);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);

  protected readonly departments = TARGET_DEPARTMENTS;
  protected readonly states = ['breached', 'at_risk', 'on_track', 'paused'] as const;
  protected readonly form = new FormGroup({
    from: new FormControl(jakartaDay(-29), { nonNullable: true }),
    to: new FormControl(jakartaDay(), { nonNullable: true }),
    dept: new FormControl('', { nonNullable: true }),
  });
  protected readonly items = signal<FirstResponseDay[]>([]);
  protected readonly summary = signal<SlaSummary | null>(null);
  protected readonly loading = signal(true);
  protected readonly series = computed(() =>
    toSeries(this.items(), { business: this.transloco.translate('tickets.slaPage.business'), calendar: this.transloco.translate('tickets.slaPage.calendar') }),
  );
  protected readonly columns = ['day', 'tickets', 'business', 'calendar'];
  protected readonly colorScheme = 'cool';
  protected readonly legendBelow = LegendPosition.Below;
  /** Ops see their own department's tickets anyway; a department picker helps everyone else. */
  protected readonly picksDepartment = computed(() => this.auth.role() !== 'ops');

  constructor() {
    this.form.valueChanges
      .pipe(
        startWith(this.form.getRawValue()),
        debounceTime(200),
        map(() => this.form.getRawValue()),
        switchMap((v) => {
          this.loading.set(true);
          this.api.slaSummary(v.dept || undefined).subscribe({ next: (s) => this.summary.set(s), error: () => undefined });
          return this.api.firstResponse({ from: v.from, to: v.to, dept_target: v.dept || undefined });
        }),
        takeUntilDestroyed(),
      )
      .subscribe({
        next: (r) => {
          this.items.set(r.items);
          this.loading.set(false);
        },
        error: () => this.loading.set(false),
      });
  }

  protected hours(minutes: number): number {
    return Math.round((minutes / 60) * 100) / 100;
  }

  protected readonly yTick = (v: number) => `${v.toLocaleString('id-ID')} ${this.transloco.translate('tickets.sla.hoursShort')}`;
}
