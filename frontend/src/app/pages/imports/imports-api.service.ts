import { HttpClient, HttpEvent, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import { API_BASE } from '../../core/http/api-url';
import { handledErrors, silentErrors } from '../../core/http/http-context';
import type { Page } from '../../core/http/page';
import type { ImportModule, ImportRecord, ImportRow, ImportRowStatus, ImportStatus, TemplateColumn } from './imports.models';

export const IMPORTS_URL = `${API_BASE}/imports`;

export interface ImportListQuery {
  module?: ImportModule | '';
  status?: ImportStatus | '';
  mine?: boolean;
  cursor?: string | null;
  limit?: number;
}

function params(query: object): HttpParams {
  let p = new HttpParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    p = p.set(k, String(v));
  }
  return p;
}

/** The Imports endpoints (api.md "Imports"). */
@Injectable({ providedIn: 'root' })
export class ImportsApiService {
  private readonly http = inject(HttpClient);

  /** Multipart upload with progress events; 201 new import, 200 the same file uploaded before. */
  upload(module: ImportModule, file: File, process: boolean): Observable<HttpEvent<ImportRecord>> {
    const body = new FormData();
    body.set('module', module);
    body.set('process', String(process));
    body.set('file', file, file.name);
    return this.http.post<ImportRecord>(IMPORTS_URL, body, {
      reportProgress: true,
      observe: 'events',
      context: handledErrors([403, 413, 415, 422]),
    });
  }

  process(id: string): Observable<ImportRecord> {
    return this.http.post<ImportRecord>(`${IMPORTS_URL}/${encodeURIComponent(id)}/process`, null, { context: handledErrors([409]) });
  }

  get(id: string, quiet = false): Observable<ImportRecord> {
    return this.http.get<ImportRecord>(`${IMPORTS_URL}/${encodeURIComponent(id)}`, quiet ? { context: silentErrors() } : {});
  }

  list(query: ImportListQuery): Observable<Page<ImportRecord>> {
    return this.http.get<Page<ImportRecord>>(IMPORTS_URL, { params: params({ limit: 20, ...query }) });
  }

  rows(id: string, status: ImportRowStatus | null, cursor: string | null, limit = 50): Observable<Page<ImportRow>> {
    return this.http.get<Page<ImportRow>>(`${IMPORTS_URL}/${encodeURIComponent(id)}/rows`, { params: params({ status, cursor, limit }) });
  }

  templateColumns(module: ImportModule): Observable<TemplateColumn[]> {
    return this.http
      .get<{ columns: TemplateColumn[] }>(`${IMPORTS_URL}/templates/${module}/columns`)
      .pipe(map((r) => r.columns));
  }

  downloadTemplate(module: ImportModule): Observable<HttpResponse<Blob>> {
    return this.http.get(`${IMPORTS_URL}/templates/${module}`, { observe: 'response', responseType: 'blob' });
  }

  downloadErrors(id: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${IMPORTS_URL}/${encodeURIComponent(id)}/errors.csv`, { observe: 'response', responseType: 'blob' });
  }
}

