import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Subject, catchError, map, of, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { formatDate } from '../../shared/format/format';
import { IdNumberPipe } from '../../shared/format/format.pipes';
import { DashboardApiService } from './dashboard-api.service';
import { DashboardChartComponent } from './dashboard-chart.component';
import type { DashboardChart, DashboardNumber, DashboardPart, DashboardSummary, StuckItem } from './dashboard.models';
import {
  DrillLink,
  NumberGroup,
  UnitWords,
  canOpenRoute,
  chartHasData,
  drillLink,
  formatMetric,
  groupNumbers,
  isEmptySummary,
  isNa,
  labelOf,
  plotSingle,
  stuckThreshold,
} from './dashboard';

type LoadState = { status: 'loading' } | { status: 'error' } | { status: 'ready'; summary: DashboardSummary };

export interface PartView {
  key: string;
  label: string;
  value: string;
  na: boolean;
  naReason: string | null;
  link: DrillLink | null;
}

export interface NumberView extends PartView {
  parts: PartView[];
  /** Long values (big rupiah amounts) get a smaller type so they stay on one line. */
  long: boolean;
}

export interface ChartView {
  key: string;
  title: string;
  chart: DashboardChart;
  hasData: boolean;
  naReason: string | null;
  /** Data points that open a list, as plain links under the chart (keyboard and screen readers). */
  links: { name: string; value: string; link: DrillLink }[];
}

export interface StuckView {
  key: string;
  label: string;
  count: number;
  /** i18n key and value of the threshold (`lebih dari 14 hari`, `lebih dari 1 jam`). */
  threshold: { key: string; value: string } | null;
  link: DrillLink | null;
}

/**
 * The role's command center (`GET /api/dashboard/summary`): the numbers the role answers for,
 * grouped by area, each a link to the list of rows that make it (a ratio links its parts too);
 * charts (ngx-charts, loaded with this route only) whose bars open their lists; the stuck items.
 * Loading shows skeleton cards, a failure an error with retry, nothing to show an empty state.
 * Test ids: home-title, home-loading, home-error, home-retry, home-empty, home-group-<group>,
 * home-number-<key>, home-number-value-<key>, home-number-part-<key>-<part>, home-chart-<key>,
 * home-chart-link-<key>-<i>, home-stuck, home-stuck-<key>, home-stuck-link-<key>.
 */
@Component({
  selector: 'bcc-home-page',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    RouterLink,
    TranslocoPipe,
    IdNumberPipe,
    PageHeaderComponent,
    DashboardChartComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home-page.component.html',
  styleUrl: './home-page.component.scss',
})
export class HomePageComponent {
  private readonly auth = inject(AuthService);
  private readonly api = inject(DashboardApiService);
  private readonly transloco = inject(TranslocoService);

  protected readonly user = this.auth.user;
  protected readonly roleKey = computed(() => `home.roles.${this.auth.role() ?? 'unknown'}`);
  protected readonly skeletons = [1, 2, 3, 4, 5, 6];
  /** Links only to screens this role may open (a drill to a screen it cannot open stays text). */
  protected readonly canOpen = (route: string): boolean => canOpenRoute(this.auth.role(), route);

  private readonly reloads = new Subject<void>();
  protected readonly state = signal<LoadState>({ status: 'loading' });
  /** Re-evaluated when the language (and its translations) changes. */
  private readonly translations = toSignal(this.transloco.selectTranslation(), { initialValue: null });

  protected readonly summary = computed(() => {
    const s = this.state();
    return s.status === 'ready' ? s.summary : null;
  });
  protected readonly empty = computed(() => {
    const s = this.summary();
    return !!s && isEmptySummary(s);
  });
  protected readonly period = computed(() => {
    const s = this.summary();
    return s ? `${formatDate(s.period.from)} – ${formatDate(s.period.to)}` : '';
  });

  private readonly words = computed<UnitWords>(() => {
    this.translations();
    return { days: this.t('home.units.days'), hours: this.t('home.units.hours') };
  });
  protected readonly unitWords = this.words;

  protected readonly sections = computed<{ group: NumberGroup; title: string; numbers: NumberView[] }[]>(() => {
    const s = this.summary();
    if (!s) return [];
    this.translations();
    return groupNumbers(s.numbers).map(({ group, numbers }) => ({
      group,
      title: this.t(`home.groups.${group}`),
      numbers: numbers.map((n) => this.numberView(n)),
    }));
  });

  protected readonly charts = computed<ChartView[]>(() => {
    const s = this.summary();
    if (!s) return [];
    this.translations();
    return s.charts.map((chart) => ({
      key: chart.key,
      title: labelOf((k) => this.t(k), 'home.charts', chart.key),
      chart,
      hasData: chartHasData(chart),
      naReason: chart.na_reason ?? null,
      links: chart.kind === 'line' ? [] : plotSingle(chart).flatMap((d) => {
        const link = drillLink(d.extra?.drill, this.canOpen);
        return link ? [{ name: this.datumLabel(d.name), value: formatMetric(d.value, chart.unit, this.words()), link }] : [];
      }),
    }));
  });

  protected readonly stuck = computed<StuckView[]>(() => {
    const s = this.summary();
    if (!s) return [];
    this.translations();
    return s.stuck.map((item: StuckItem) => ({
      key: item.key,
      label: labelOf((k) => this.t(k), 'home.stuck', item.key),
      count: item.count,
      threshold: ((th) => (th ? { key: `home.stuckThreshold.${th.key}`, value: th.value } : null))(stuckThreshold(item)),
      link: drillLink(item.drill, this.canOpen),
    }));
  });

  /** Chart datum and series names (stage codes, channels …) in words when we know them. */
  protected readonly datumLabel = (name: string): string => {
    const path = `home.labels.${name}`;
    const text = this.transloco.translate(path);
    return text && text !== path ? text : name;
  };

  constructor() {
    this.reloads
      .pipe(
        startWith(undefined),
        switchMap(() =>
          this.api.summary().pipe(
            map((summary): LoadState => ({ status: 'ready', summary })),
            catchError(() => of<LoadState>({ status: 'error' })),
            startWith<LoadState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((s) => this.state.set(s));
  }

  protected retry(): void {
    this.reloads.next();
  }

  private numberView(n: DashboardNumber): NumberView {
    const view = this.partView(n);
    return { ...view, parts: (n.parts ?? []).map((p) => this.partView(p)), long: view.value.length > 11 };
  }

  private partView(p: DashboardPart): PartView {
    return {
      key: p.key,
      label: labelOf((k) => this.t(k), 'home.numbers', p.key),
      value: formatMetric(p.value, p.unit, this.words()),
      na: isNa(p),
      naReason: isNa(p) ? (p.na_reason ?? this.t('home.naUnknown')) : null,
      link: drillLink(p.drill, this.canOpen),
    };
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }
}
