import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { handledErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type { Assignee, KpiEntry, KpiTarget, MetricDefinition, NewEntry, NewTarget, ProgressItem } from './kpi.models';

const API = '/api/kpi';

function params(values: Record<string, string | number | null | undefined>): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== null && v !== undefined && v !== '') p = p.set(k, String(v));
  }
  return p;
}

/** The KPI endpoints of api.md. Forms declare the statuses they show inline. */
@Injectable({ providedIn: 'root' })
export class KpiApiService {
  private readonly http = inject(HttpClient);

  metrics(): Observable<{ items: MetricDefinition[] }> {
    return this.http.get<{ items: MetricDefinition[] }>(`${API}/metrics`);
  }

  progress(assignee: string | null, start: string, end: string): Observable<ProgressItem[]> {
    return this.http.get<ProgressItem[]>(`${API}/progress`, {
      params: params({ assignee_user_id: assignee, period_start: start, period_end: end }),
      context: handledErrors([404]),
    });
  }

  assignees(purpose: 'targets' | 'progress'): Observable<{ items: Assignee[] }> {
    return this.http.get<{ items: Assignee[] }>(`${API}/assignees`, { params: params({ purpose }) });
  }

  targets(q: { assignee_user_id?: string | null; from?: string | null; to?: string | null; cursor?: string | null }): Observable<Page<KpiTarget>> {
    return this.http.get<Page<KpiTarget>>(`${API}/targets`, { params: params({ limit: 100, ...q }) });
  }

  createTarget(body: NewTarget, key: string): Observable<KpiTarget> {
    return this.http.post<KpiTarget>(`${API}/targets`, body, { headers: { 'Idempotency-Key': key }, context: handledErrors([403, 409, 422]) });
  }

  updateTarget(id: string, body: { target_value: string }): Observable<KpiTarget> {
    return this.http.patch<KpiTarget>(`${API}/targets/${id}`, body, { context: handledErrors([422]) });
  }

  deleteTarget(id: string): Observable<void> {
    return this.http.delete<void>(`${API}/targets/${id}`);
  }

  createEntry(body: NewEntry, key: string): Observable<KpiEntry> {
    return this.http.post<KpiEntry>(`${API}/entries`, body, { headers: { 'Idempotency-Key': key }, context: handledErrors([403, 422]) });
  }

  uploadEvidence(entryId: string, file: File): Observable<{ object_id: string }> {
    const form = new FormData();
    form.append('kpi_entry_id', entryId);
    form.append('file', file, file.name);
    return this.http.post<{ object_id: string }>(`${API}/evidence`, form, { context: handledErrors([404, 413, 415, 422]) });
  }
}
