import { Pipe, PipeTransform } from '@angular/core';

import {
  DateInput,
  NumericInput,
  formatDate,
  formatDateTime,
  formatIdr,
  formatNumber,
  formatPercent,
} from './format';

/** `{{ invoice.amount | idr }}` → `Rp 1.500.000`. */
@Pipe({ name: 'idr' })
export class IdrPipe implements PipeTransform {
  transform(value: NumericInput): string {
    return formatIdr(value);
  }
}

/** `{{ '2026-01-16' | idDate }}` → `16 Jan 2026` (Asia/Jakarta for timestamps). */
@Pipe({ name: 'idDate' })
export class IdDatePipe implements PipeTransform {
  transform(value: DateInput): string {
    return formatDate(value);
  }
}

/** `{{ ticket.created_at | idDateTime }}` → `16 Jan 2026, 03.30 WIB`. */
@Pipe({ name: 'idDateTime' })
export class IdDateTimePipe implements PipeTransform {
  transform(value: DateInput): string {
    return formatDateTime(value);
  }
}

/** `{{ count | idNumber }}` → `1.234.567`. */
@Pipe({ name: 'idNumber' })
export class IdNumberPipe implements PipeTransform {
  transform(value: NumericInput): string {
    return formatNumber(value);
  }
}

/** `{{ achievement_pct | idPercent }}` → `87,5%` (input in percent points). */
@Pipe({ name: 'idPercent' })
export class IdPercentPipe implements PipeTransform {
  transform(value: NumericInput): string {
    return formatPercent(value);
  }
}
