import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';

/** A real calendar day written YYYY-MM-DD. */
const IsDay = () =>
  ValidateBy({
    name: 'isDay',
    validator: {
      validate: (v: unknown) => {
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
      },
      defaultMessage: () => 'must be a date YYYY-MM-DD',
    },
  });

export const METRIC_UNITS = ['idr', 'count', 'percent', 'days', 'hours'] as const;
export const CHART_KINDS = ['line', 'bar', 'pie', 'funnel'] as const;
export const MEASURE_OPS = ['count', 'sum', 'avg', 'value'] as const;


export class SummaryQuery {
  @ApiPropertyOptional({
    format: 'date', example: '2026-11-26',
    description: 'The day the home is computed for (default today, Asia/Jakarta; never in the future). Period = the 1st of its month … as_of; KPI figures use its calendar month.',
  })
  @IsOptional() @IsDay()
  as_of?: string;
}

export class DrillMeasureDto {
  @ApiProperty({ enum: MEASURE_OPS, description: 'count: number of rows; sum: exact decimal sum of `field`; avg: mean of the non-null `field` values rounded to `decimals`; value: `field` of the one row matching `match`' })
  op!: string;
  @ApiPropertyOptional({ example: 'outstanding_amount' }) field?: string;
  @ApiPropertyOptional({ example: 1 }) decimals?: number;
  @ApiPropertyOptional({ type: Object, example: { metric_key: 'SAL_REVENUE' } }) match?: Record<string, string>;
}

export class DrillDto {
  @ApiProperty({ example: 'invoices', description: 'Logical list name' }) list!: string;
  @ApiProperty({ example: '/api/invoices', description: 'API list route: {items, next_cursor} (KPI progress: a plain array)' }) api!: string;
  @ApiProperty({ example: '/ar/invoices', description: 'Console route showing the same rows' }) route!: string;
  @ApiProperty({ type: Object, example: { open: 'true', as_of: '2026-11-26' }, description: 'Query parameters (strings), the same for api and route' })
  query!: Record<string, string>;
  @ApiProperty({ type: DrillMeasureDto }) measure!: DrillMeasureDto;
}

export class NumberPartDto {
  @ApiProperty({ example: 'ar_overdue', description: 'Stable key; UI label = i18n home.numbers.<key>' }) key!: string;
  @ApiProperty({ enum: METRIC_UNITS }) unit!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true, example: '1500000.00', description: 'Money: decimal string; count: integer; percent/days/hours: number; null = NA (see na_reason)' }) value!: string | number | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the value is NA (never 0 for NA)' }) na_reason!: string | null;
  @ApiPropertyOptional({ type: DrillDto, nullable: true, description: 'The list whose rows make the number: fetching every page of drill.api with drill.query and applying measure gives exactly value' })
  drill?: DrillDto | null;
}

export class RatioDto {
  @ApiProperty({ example: 100, description: 'value = round(parts[0] ÷ parts[1] × factor, decimals)' }) factor!: number;
  @ApiProperty({ example: 1 }) decimals!: number;
}

export class NumberDto extends NumberPartDto {
  @ApiPropertyOptional({ type: [NumberPartDto], description: 'A ratio\'s numerator and denominator (each with its own drill); the number itself then has no drill' })
  parts?: NumberPartDto[];
  @ApiPropertyOptional({ type: RatioDto }) ratio?: RatioDto;
}

export class ChartDatumDto {
  @ApiProperty({ example: 'website', description: 'Stable key (channel, stage, bucket, metric, YYYY-MM-DD) or a person\'s name (then extra.user_id)' }) name!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true, example: 12 }) value!: string | number | null;
  @ApiPropertyOptional({ type: DrillDto }) drill?: DrillDto;
  @ApiPropertyOptional({ type: Object, example: { user_id: '7d1c1c9e-0000-4000-8000-000000000001' } }) extra?: Record<string, unknown>;
  @ApiPropertyOptional({ type: String }) na_reason?: string;
}

export class ChartSeriesDto {
  @ApiProperty({ example: 'dso_30', description: 'Series key' }) name!: string;
  @ApiProperty({ type: [ChartDatumDto], description: 'Points named YYYY-MM-DD' }) series!: ChartDatumDto[];
}

export class ChartDto {
  @ApiProperty({ example: 'leads_by_channel', description: 'UI title = i18n home.charts.<key>' }) key!: string;
  @ApiProperty({ enum: CHART_KINDS }) kind!: string;
  @ApiProperty({ enum: METRIC_UNITS }) unit!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'First day the chart covers (null: current state)' }) from!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) to!: string | null;
  @ApiProperty({
    description: 'bar/pie/funnel: [{name, value, drill?}]; line: [{name, series: [{name, value}]}]',
    type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/ChartDatumDto' }, { $ref: '#/components/schemas/ChartSeriesDto' }] },
  })
  data!: (ChartDatumDto | ChartSeriesDto)[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the chart is empty' }) na_reason!: string | null;
}

export class StuckItemDto {
  @ApiProperty({ example: 'stale_prospects', description: 'UI label = i18n home.stuck.<key>' }) key!: string;
  @ApiProperty({ example: 3 }) count!: number;
  @ApiProperty({ example: 14, description: 'The threshold of app.stale_thresholds, in days (may be fractional)' }) threshold_days!: number;
  @ApiProperty({ example: 336 }) threshold_hours!: number;
  @ApiProperty({ type: DrillDto }) drill!: DrillDto;
}

export class PeriodDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

export class DashboardSummaryDto {
  @ApiProperty({ example: 'director' }) role!: string;
  @ApiProperty({ format: 'date' }) as_of!: string;
  @ApiProperty({ type: PeriodDto, description: 'Month to date: the 1st of as_of\'s month … as_of' }) period!: PeriodDto;
  @ApiProperty({ type: PeriodDto, description: 'The KPI month (calendar month of as_of)' }) kpi_period!: PeriodDto;
  @ApiProperty({ format: 'date-time' }) generated_at!: string;
  @ApiProperty({ type: [NumberDto] }) numbers!: NumberDto[];
  @ApiProperty({ type: [ChartDto] }) charts!: ChartDto[];
  @ApiProperty({ type: [StuckItemDto] }) stuck!: StuckItemDto[];
}
