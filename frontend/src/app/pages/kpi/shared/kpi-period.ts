import type { Period } from './kpi.models';

/**
 * Calendar periods for the pickers, computed on the `YYYY-MM-DD` of Asia/Jakarta "today"
 * (jakartaDate()) without going through a local time zone.
 */
export const PERIOD_PRESETS = ['this_month', 'last_month', 'next_month', 'this_quarter', 'last_quarter', 'next_quarter'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The calendar month `offset` months from the one of `today`. */
export function monthPeriod(today: string, offset = 0): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + offset;
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  return { start: ymd(yy, mm, 1), end: ymd(yy, mm, lastDay(yy, mm)) };
}

/** The calendar quarter `offset` quarters from the one of `today`. */
export function quarterPeriod(today: string, offset = 0): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const idx = y * 4 + Math.floor((m - 1) / 3) + offset;
  const yy = Math.floor(idx / 4);
  const first = (idx % 4) * 3 + 1;
  return { start: ymd(yy, first, 1), end: ymd(yy, first + 2, lastDay(yy, first + 2)) };
}

export function presetPeriod(preset: PeriodPreset, today: string): Period {
  switch (preset) {
    case 'this_month': return monthPeriod(today, 0);
    case 'last_month': return monthPeriod(today, -1);
    case 'next_month': return monthPeriod(today, 1);
    case 'this_quarter': return quarterPeriod(today, 0);
    case 'last_quarter': return quarterPeriod(today, -1);
    case 'next_quarter': return quarterPeriod(today, 1);
  }
}

/** Which preset a period is, if any (to show it selected). */
export function presetOf(period: Period, today: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((p) => {
    const q = presetPeriod(p, today);
    return q.start === period.start && q.end === period.end;
  }) ?? null;
}
