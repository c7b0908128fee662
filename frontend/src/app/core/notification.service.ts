import { Injectable, Injector, inject } from '@angular/core';
import type { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';
import { TranslocoService } from '@jsverse/transloco';

import type { Problem } from './http/problem';

/**
 * Snack-bar messages: unexpected errors (problem `detail`) and short confirmations.
 * MatSnackBar (with the overlay machinery behind it) is loaded on first use, which keeps it out
 * of the initial bundle — most sessions never show an error.
 */
@Injectable({ providedIn: 'root' })
export class NotificationService {
  private readonly injector = inject(Injector);
  private readonly transloco = inject(TranslocoService);
  private snackBar: Promise<MatSnackBar> | null = null;

  info(message: string, durationMs = 4000): Promise<void> {
    return this.open(message, { duration: durationMs });
  }

  error(message: string): Promise<void> {
    return this.open(message, {
      duration: 8000,
      panelClass: 'bcc-snack-error',
      politeness: 'assertive',
    });
  }

  /** Shows a problem's `detail`, or a translated fallback for its status when it has none. */
  problem(problem: Problem): Promise<void> {
    return this.error(problem.detail ?? this.transloco.translate(problemFallbackKey(problem.status)));
  }

  private async open(message: string, config: MatSnackBarConfig): Promise<void> {
    this.snackBar ??= import('@angular/material/snack-bar').then((m) => this.injector.get(m.MatSnackBar));
    const snackBar = await this.snackBar;
    snackBar.open(message, this.transloco.translate('common.close'), config);
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
