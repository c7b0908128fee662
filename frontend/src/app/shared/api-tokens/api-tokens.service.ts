import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import { API_TOKENS_URL } from '../../core/http/api-url';
import { handledErrors } from '../../core/http/http-context';
import type { Page } from '../../core/http/page';
import type { ApiToken, ApiTokenCreate, CreatedApiToken } from './api-token.models';

/** The signed-in user's partner API tokens (`/api/api-tokens`). */
@Injectable({ providedIn: 'root' })
export class ApiTokensService {
  private readonly http = inject(HttpClient);

  list(options: { cursor?: string | null; limit?: number } = {}): Observable<Page<ApiToken>> {
    let params = new HttpParams().set('limit', options.limit ?? 50);
    if (options.cursor) {
      params = params.set('cursor', options.cursor);
    }
    return this.http.get<Page<ApiToken>>(API_TOKENS_URL, { params });
  }

  /** 422 field errors are the create dialog's to show. */
  create(body: ApiTokenCreate): Observable<CreatedApiToken> {
    return this.http.post<CreatedApiToken>(API_TOKENS_URL, body, { context: handledErrors([422]) });
  }

  revoke(tokenId: string): Observable<void> {
    return this.http
      .delete<void>(`${API_TOKENS_URL}/${encodeURIComponent(tokenId)}`)
      .pipe(map(() => undefined));
  }
}
