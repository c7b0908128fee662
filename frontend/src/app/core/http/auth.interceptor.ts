import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Observable, catchError, of, switchMap, throwError } from 'rxjs';

import { AuthService } from '../auth/auth.service';
import { isApiUrl, isTokenEndpoint } from './api-url';
import { SKIP_AUTH_REFRESH } from './http-context';

function withBearer<T>(request: HttpRequest<T>, token: string): HttpRequest<T> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

/**
 * Attaches `Authorization: Bearer` to /api calls (not login/refresh) and recovers from an
 * expired access token: on 401 it refreshes — at most one refresh in flight, concurrent 401s
 * wait for the same one — and retries the original request once with the new token. When the
 * refresh itself fails, AuthService ends the session and routes to /login?returnUrl=…; the
 * request then fails with its original 401.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url) || isTokenEndpoint(request.url) || request.headers.has('Authorization')) {
    return next(request);
  }
  const auth = inject(AuthService);
  const token = auth.accessToken();
  if (!token) {
    return next(request);
  }

  const sessionEnded = () =>
    new HttpErrorResponse({ status: 401, statusText: 'Unauthorized', url: request.url });
  const refreshed = (error: unknown): Observable<string> =>
    auth.refresh().pipe(catchError(() => throwError(() => error)));

  // A token known to be expired is refreshed up front instead of provoking a 401.
  const firstToken$: Observable<string> = auth.isAccessTokenExpired() ? refreshed(sessionEnded()) : of(token);

  return firstToken$.pipe(
    switchMap((sentToken) =>
      next(withBearer(request, sentToken)).pipe(
        catchError((error: unknown) => {
          if (
            !(error instanceof HttpErrorResponse) ||
            error.status !== 401 ||
            request.context.get(SKIP_AUTH_REFRESH)
          ) {
            return throwError(() => error);
          }
          // Another request may already have rotated the tokens while this one was out.
          const current = auth.accessToken();
          const retryToken$ = current && current !== sentToken ? of(current) : refreshed(error);
          // Retry exactly once: a second 401 goes back to the caller untouched.
          return retryToken$.pipe(switchMap((newToken) => next(withBearer(request, newToken))));
        }),
      ),
    ),
  );
};
