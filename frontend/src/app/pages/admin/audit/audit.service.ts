import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import { silentErrors } from '../../../core/http/http-context';
import type { Page } from '../../../core/http/page';
import type { AuditQuery, AuditRow, DirectoryPerson } from './audit.models';

export const AUDIT_URL = '/api/audit';
export const AUDIT_PAGE_SIZE = 50;
/** Everyone the director and super_admin may look up (the KPI "progress" directory: all active users). */
export const DIRECTORY_URL = '/api/kpi/assignees';

@Injectable({ providedIn: 'root' })
export class AuditService {
  private readonly http = inject(HttpClient);

  list(query: AuditQuery, cursor: string | null, limit = AUDIT_PAGE_SIZE): Observable<Page<AuditRow>> {
    let params = new HttpParams().set('limit', limit);
    for (const [k, v] of Object.entries(query)) {
      if (v) params = params.set(k, String(v));
    }
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<AuditRow>>(AUDIT_URL, { params });
  }

  /** Names for ids and the "changed by" picker; a failure only means ids are shown. */
  people(): Observable<DirectoryPerson[]> {
    return this.http
      .get<{ items: DirectoryPerson[] }>(DIRECTORY_URL, { params: { purpose: 'progress' }, context: silentErrors() })
      .pipe(map((r) => r.items));
  }
}
