import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import { API_BASE } from '../../../core/http/api-url';
import { handledErrors } from '../../../core/http/http-context';
import type {
  Department,
  DepartmentUpdate,
  Holiday,
  HolidayCreate,
  HolidayUpdate,
  ReferenceList,
  SlaPolicy,
  SlaPolicyUpdate,
  StaleThreshold,
  StaleThresholdUpdate,
} from './reference.models';

export const REFERENCE_URL = `${API_BASE}/reference`;

/**
 * Reference data (`/api/reference/*`): every role reads, super_admin writes. Writes are sent
 * from the edit dialogs, which show 409/422 on their fields themselves.
 */
@Injectable({ providedIn: 'root' })
export class ReferenceService {
  private readonly http = inject(HttpClient);

  departments(): Observable<Department[]> {
    return this.http.get<ReferenceList<Department>>(`${REFERENCE_URL}/departments`).pipe(map((r) => r.items));
  }

  updateDepartment(code: string, body: DepartmentUpdate): Observable<Department> {
    return this.http.patch<Department>(`${REFERENCE_URL}/departments/${encodeURIComponent(code)}`, body, {
      context: handledErrors([422]),
    });
  }

  holidays(year: number): Observable<Holiday[]> {
    const params = new HttpParams().set('year', year);
    return this.http.get<ReferenceList<Holiday>>(`${REFERENCE_URL}/holidays`, { params }).pipe(map((r) => r.items));
  }

  addHoliday(body: HolidayCreate): Observable<Holiday> {
    return this.http.post<Holiday>(`${REFERENCE_URL}/holidays`, body, { context: handledErrors([409, 422]) });
  }

  updateHoliday(date: string, body: HolidayUpdate): Observable<Holiday> {
    return this.http.patch<Holiday>(`${REFERENCE_URL}/holidays/${encodeURIComponent(date)}`, body, {
      context: handledErrors([422]),
    });
  }

  deleteHoliday(date: string): Observable<void> {
    return this.http.delete<void>(`${REFERENCE_URL}/holidays/${encodeURIComponent(date)}`).pipe(map(() => undefined));
  }

  slaPolicies(): Observable<SlaPolicy[]> {
    return this.http.get<ReferenceList<SlaPolicy>>(`${REFERENCE_URL}/sla-policies`).pipe(map((r) => r.items));
  }

  updateSlaPolicy(policy: Pick<SlaPolicy, 'ticket_type' | 'priority'>, body: SlaPolicyUpdate): Observable<SlaPolicy> {
    const path = `${encodeURIComponent(policy.ticket_type)}/${encodeURIComponent(policy.priority)}`;
    return this.http.patch<SlaPolicy>(`${REFERENCE_URL}/sla-policies/${path}`, body, { context: handledErrors([422]) });
  }

  staleThresholds(): Observable<StaleThreshold[]> {
    return this.http.get<ReferenceList<StaleThreshold>>(`${REFERENCE_URL}/stale-thresholds`).pipe(map((r) => r.items));
  }

  updateStaleThreshold(entity: string, body: StaleThresholdUpdate): Observable<StaleThreshold> {
    return this.http.patch<StaleThreshold>(`${REFERENCE_URL}/stale-thresholds/${encodeURIComponent(entity)}`, body, {
      context: handledErrors([422]),
    });
  }
}
