import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, of } from 'rxjs';

import { HEALTH_URL } from './http/api-url';
import { silentErrors } from './http/http-context';

/** `GET /api/health` → `{status, demo, version}`. */
export interface Health {
  status: string;
  demo: boolean;
  version: string | null;
}

@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly http = inject(HttpClient);

  /** The server's liveness info; `null` when it cannot be reached (never an error). */
  health(): Observable<Health | null> {
    return this.http.get<Partial<Health>>(HEALTH_URL, { context: silentErrors() }).pipe(
      map((body) => ({
        status: typeof body?.status === 'string' ? body.status : 'unknown',
        demo: body?.demo === true,
        version: typeof body?.version === 'string' ? body.version : null,
      })),
      catchError(() => of(null)),
    );
  }
}
