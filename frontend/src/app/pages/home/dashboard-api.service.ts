import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { handledErrors } from '../../core/http/http-context';
import type { DashboardSummary } from './dashboard.models';

export const DASHBOARD_SUMMARY_URL = '/api/dashboard/summary';

@Injectable({ providedIn: 'root' })
export class DashboardApiService {
  private readonly http = inject(HttpClient);

  /** The caller's command center; failures are shown by the page itself (error state + retry). */
  summary(asOf?: string | null): Observable<DashboardSummary> {
    const params = asOf ? new HttpParams().set('as_of', asOf) : undefined;
    return this.http.get<DashboardSummary>(DASHBOARD_SUMMARY_URL, { params, context: handledErrors('all') });
  }
}
