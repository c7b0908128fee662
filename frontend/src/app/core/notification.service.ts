import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoService } from '@jsverse/transloco';

import type { Problem } from './http/problem';

/** Snack-bar messages: unexpected errors (problem `detail`) and short confirmations. */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);

  info(message: string): void {
    this.snackBar.open(message, this.transloco.translate('common.close'), { duration: 4000 });
  }

  error(message: string): void {
    this.snackBar.open(message, this.transloco.translate('common.close'), {
      duration: 8000,
      panelClass: 'bcc-snack-error',
      politeness: 'assertive',
    });
  }

  /** Shows a problem's `detail`, or a translated fallback for its status when it has none. */
  problem(problem: Problem): void {
    this.error(problem.detail ?? this.transloco.translate(problemFallbackKey(problem.status)));
  }
}

export function problemFallbackKey(status: number): string {
  if (status === 0) {
    return 'errors.network';
  }
  if (status === 403) {
    return 'errors.forbidden';
  }
  if (status === 404) {
    return 'errors.notFound';
  }
  if (status === 429) {
    return 'errors.tooManyRequests';
  }
  if (status >= 500) {
    return 'errors.server';
  }
  return 'errors.unexpected';
}
