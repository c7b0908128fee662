import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';

import { NotificationService } from '../notification.service';
import { isApiUrl } from './api-url';
import { HANDLED_ERRORS } from './http-context';
import { toProblem } from './problem';

/**
 * Shows unexpected API errors (problem+json `detail`) in a snack bar. Errors the caller
 * declared as handled (HANDLED_ERRORS, e.g. 422 on a form) and 401 (the auth interceptor's
 * business) pass through silently. The error is always re-thrown to the caller.
 */
export const problemInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  const notifications = inject(NotificationService);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status !== 401) {
        const handled = request.context.get(HANDLED_ERRORS);
        if (handled !== 'all' && !handled.includes(error.status)) {
          notifications.problem(toProblem(error));
        }
      }
      return throwError(() => error);
    }),
  );
};
