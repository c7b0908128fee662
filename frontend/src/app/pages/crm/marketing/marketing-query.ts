import type { AbstractControl } from '@angular/forms';
import type { TranslocoService } from '@jsverse/transloco';
import { Observable, distinctUntilChanged, map, startWith } from 'rxjs';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import type { MarketingListQuery, SourceChannel } from '../shared/crm.models';
import type { MarketingFilters } from './marketing-list-card.component';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The list query of a marketing filter form (channel, from, to); empty values are left out. */
export function marketingQuery(v: { channel: SourceChannel | ''; from: string; to: string }): MarketingListQuery {
  const query: MarketingListQuery = {};
  if (v.channel) query.channel = v.channel;
  if (DATE.test(v.from)) query.from = v.from;
  if (DATE.test(v.to)) query.to = v.to;
  return query;
}

/** The list queries of a marketing filter form: the current one, then each one that differs. */
export function marketingQueries(filters: MarketingFilters): Observable<MarketingListQuery> {
  return filters.valueChanges.pipe(
    startWith(null),
    map(() => marketingQuery(filters.getRawValue())),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
  );
}

/**
 * What a failed marketing create shows above its form: a 422 puts its field errors on the
 * controls (named as the API fields) and leaves a message only when none found its field; a 409
 * (same key still in flight) and anything else say so. Null: nothing to show above the form.
 */
export function createErrorMessage(
  err: unknown,
  controls: Readonly<Record<string, AbstractControl>>,
  transloco: TranslocoService,
): string | null {
  const problem = toProblem(err);
  if (problem.status === 422) {
    const placed = applyServerErrors(problem, controls);
    return placed ? null : (problem.detail ?? transloco.translate('errors.unexpected'));
  }
  if (problem.status === 409) return problem.detail ?? transloco.translate('crm.newLead.inFlight');
  return transloco.translate('crm.activities.retrySafe');
}
