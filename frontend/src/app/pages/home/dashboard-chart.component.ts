import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { BarChartModule, Color, LegendPosition, LineChartModule, PieChartModule, ScaleType } from '@swimlane/ngx-charts';

import { EMPTY_VALUE } from '../../shared/format/format';
import { DashboardChart, MetricUnit } from './dashboard.models';
import { DATUM_COLORS, PlotDatum, PlotSeries, UnitWords, drillLink, formatMetric, formatTick, plotMulti, plotSingle } from './dashboard';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Colours with enough contrast on white, in the console's blue family first. */
export const CHART_SCHEME: Color = {
  name: 'bcc',
  selectable: true,
  group: ScaleType.Ordinal,
  domain: ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#c62828', '#5d4037', '#546e7a', '#9e9d24'],
};

const dayFormat = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', timeZone: 'Asia/Jakarta' });

/**
 * One command-center chart drawn with ngx-charts (loaded with the home route only): `line` for
 * trends, `bar` (vertical), `pie` (doughnut) and `funnel` (horizontal bars in the API's order).
 * A bar or slice whose datum has a drill opens its list. Sized by its container, so it follows
 * the window (phones included). Datum names go through `labelFor` (e.g. stage codes → words).
 */
@Component({
  selector: 'bcc-dashboard-chart',
  imports: [BarChartModule, LineChartModule, PieChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart" [class.chart--tall]="shape() === 'hbar' && single().length > 5">
      @switch (shape()) {
        @case ('line') {
          <ngx-charts-line-chart
            [results]="multi()"
            [scheme]="scheme"
            [xAxis]="true"
            [yAxis]="true"
            [legend]="multi().length > 1"
            [legendTitle]="''"
            [legendPosition]="legendBelow"
            [autoScale]="true"
            [roundDomains]="true"
            [xAxisTickFormatting]="xTick"
            [yAxisTickFormatting]="yTick"
            [animations]="false"
          >
            <ng-template #tooltipTemplate let-model="model">
              <span class="tip">{{ tipName(model) }}: {{ tipValue(model) }}</span>
            </ng-template>
          </ngx-charts-line-chart>
        }
        @case ('pie') {
          <ngx-charts-pie-chart
            [results]="single()"
            [scheme]="scheme"
            [customColors]="customColors()"
            [doughnut]="true"
            [arcWidth]="0.35"
            [labels]="false"
            [legend]="true"
            [legendTitle]="''"
            [legendPosition]="legendBelow"
            [animations]="false"
            (select)="open($event)"
          >
            <ng-template #tooltipTemplate let-model="model">
              <span class="tip">{{ tipName(model) }}: {{ tipValue(model) }}</span>
            </ng-template>
          </ngx-charts-pie-chart>
        }
        @case ('hbar') {
          <ngx-charts-bar-horizontal
            [results]="single()"
            [scheme]="scheme"
            [xAxis]="true"
            [yAxis]="true"
            [showDataLabel]="true"
            [dataLabelFormatting]="yTick"
            [xAxisTickFormatting]="yTick"
            [xAxisTicks]="countTicks()!"
            [xScaleMax]="countMax()!"
            [customColors]="customColors()"
            [trimYAxisTicks]="true"
            [wrapTicks]="true"
            [maxYAxisTickLength]="18"
            [roundEdges]="false"
            [animations]="false"
            (select)="open($event)"
          >
            <ng-template #tooltipTemplate let-model="model">
              <span class="tip">{{ tipName(model) }}: {{ tipValue(model) }}</span>
            </ng-template>
          </ngx-charts-bar-horizontal>
        }
        @default {
          <ngx-charts-bar-vertical
            [results]="single()"
            [scheme]="scheme"
            [xAxis]="true"
            [yAxis]="true"
            [customColors]="customColors()"
            [rotateXAxisTicks]="false"
            [wrapTicks]="true"
            [trimXAxisTicks]="true"
            [maxXAxisTickLength]="8"
            [yAxisTickFormatting]="yTick"
            [yAxisTicks]="countTicks()!"
            [yScaleMax]="countMax()!"
            [roundEdges]="false"
            [animations]="false"
            (select)="open($event)"
          >
            <ng-template #tooltipTemplate let-model="model">
              <span class="tip">{{ tipName(model) }}: {{ tipValue(model) }}</span>
            </ng-template>
          </ngx-charts-bar-vertical>
        }
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .chart {
      position: relative;
      width: 100%;
      height: 260px;
      overflow: hidden;
    }
    .chart--tall {
      height: 340px;
    }
    .tip {
      display: inline-block;
      padding: 4px 2px;
      font: var(--mat-sys-body-small);
      white-space: nowrap;
    }
    :host ::ng-deep .ngx-charts .bar,
    :host ::ng-deep .ngx-charts .arc {
      cursor: pointer;
    }
  `,
})
export class DashboardChartComponent {
  private readonly router = inject(Router);

  readonly chart = input.required<DashboardChart>();
  readonly words = input.required<UnitWords>();
  /** Display label of a datum or series name (defaults to the name itself). */
  readonly labelFor = input<(name: string) => string>((name) => name);
  /** May the user open a drill's screen? (Clicks on other bars do nothing.) */
  readonly canOpen = input<(route: string) => boolean>(() => true);
  /** Name of the single line when the API sends a flat series. */
  readonly seriesName = input('');

  protected readonly scheme = CHART_SCHEME;
  /**
   * How to draw it: a funnel, and a bar chart with more than four categories (channel names
   * would collide under vertical bars, above all on a phone), as horizontal bars.
   */
  protected readonly shape = computed<'line' | 'pie' | 'hbar' | 'vbar'>(() => {
    const kind = this.chart().kind;
    if (kind === 'line' || kind === 'pie') return kind;
    return kind === 'funnel' || this.single().length > 4 ? 'hbar' : 'vbar';
  });
  protected readonly legendBelow = LegendPosition.Below;

  protected readonly single = computed<PlotDatum[]>(() => {
    const label = this.labelFor();
    return plotSingle(this.chart()).map((d) => ({ ...d, name: label(d.name), extra: { drill: d.extra?.drill ?? null, raw: d.name } }));
  });

  /** Datums with a colour of their own (aging buckets) keep it, whatever their position. */
  protected readonly customColors = computed(() =>
    this.single().flatMap((d) => (DATUM_COLORS[d.extra?.raw ?? ''] ? [{ name: d.name, value: DATUM_COLORS[d.extra!.raw!]! }] : [])),
  );

  protected readonly multi = computed(() => {
    const label = this.labelFor();
    return plotMulti(this.chart(), this.seriesName()).map((s: PlotSeries) => ({
      name: label(s.name),
      series: s.series.map((p) => ({ ...p, name: DAY.test(p.name) ? new Date(`${p.name}T00:00:00+07:00`) : p.name })),
    }));
  });

  /** Whole-number ticks for counts (no "0,5 tickets"); undefined lets ngx-charts choose. */
  protected readonly countTicks = computed<number[] | undefined>(() => {
    if (this.chart().unit !== 'count') return undefined;
    const max = Math.max(0, ...this.single().map((d) => d.value));
    const step = Math.max(1, Math.ceil(max / 5));
    return Array.from({ length: Math.floor(max / step) + 2 }, (_, i) => i * step);
  });

  protected readonly countMax = computed(() => this.countTicks()?.at(-1));

  protected readonly xTick = (v: unknown): string => (v instanceof Date ? dayFormat.format(v) : String(v));
  protected readonly yTick = (v: number): string => formatTick(v, this.chart().unit as MetricUnit);

  protected tipName(model: { name?: unknown; series?: unknown }): string {
    const name = model?.name;
    const base = name instanceof Date ? dayFormat.format(name) : String(name ?? '');
    return typeof model?.series === 'string' && this.multi().length > 1 ? `${model.series} · ${base}` : base;
  }

  protected tipValue(model: { value?: unknown }): string {
    const v = model?.value;
    return typeof v === 'number' || typeof v === 'string' ? formatMetric(v, this.chart().unit, this.words()) : EMPTY_VALUE;
  }

  /** A click on a bar, a slice or a legend entry: open the datum's list when it has one. */
  protected open(event: unknown): void {
    const name = typeof event === 'string' ? event : (event as { name?: unknown } | null)?.name;
    if (name === undefined || name === null) return;
    const hit = this.single().find((d) => d.name === String(name));
    const link = drillLink(hit?.extra?.drill, this.canOpen());
    if (link) {
      void this.router.navigate([link.route], { queryParams: link.queryParams });
    }
  }
}
