import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../../core/http/problem';
import { applyServerErrors } from '../../../shared/forms/server-errors';
import { Conflict, allowedLabels, conflictOf } from '../shared/conflict';
import { CrmApiService } from '../shared/crm-api.service';
import { provideCrmTranslations } from '../shared/crm-i18n';
import type { Lead } from '../shared/crm.models';
import { requiredText } from '../shared/crm-validators';

export const DISQUALIFY_REASON_MAX = 500;

export interface DisqualifyDialogData {
  leadId: string;
  companyName: string;
}

/**
 * "Disqualify lead": a reason is required (as the server requires). Sends the PATCH itself;
 * a 409 shows the server's explanation with the allowed moves.
 * Test ids: disqualify-dialog, disqualify-reason, disqualify-submit, disqualify-error.
 */
@Component({
  selector: 'bcc-crm-disqualify-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideCrmTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'crm.disqualify.title' | transloco }}</h2>
    <form (submit)="$event.preventDefault(); submit()" novalidate>
      <mat-dialog-content data-testid="disqualify-dialog">
        <p class="help">{{ 'crm.disqualify.help' | transloco: { company: data.companyName, id: data.leadId } }}</p>
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.disqualify.reason' | transloco }}</mat-label>
          <textarea matInput [formControl]="reason" rows="3" required [maxlength]="max" data-testid="disqualify-reason"></textarea>
          <mat-hint align="end">{{ reason.value.length }} / {{ max }}</mat-hint>
          @if (reason.hasError('server')) {
            <mat-error>{{ reason.getError('server') }}</mat-error>
          } @else if (reason.hasError('required')) {
            <mat-error>{{ 'validation.required' | transloco }}</mat-error>
          } @else if (reason.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | transloco: { max: max } }}</mat-error>
          }
        </mat-form-field>
        @if (conflict(); as c) {
          <div class="error" role="alert" data-testid="disqualify-error">
            <p>{{ c.detail }}</p>
            <p>{{ 'crm.common.allowedMoves' | transloco: { allowed: allowedText() } }}</p>
          </div>
        } @else if (error()) {
          <p class="error" role="alert" data-testid="disqualify-error">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" class="destructive" [disabled]="saving()" data-testid="disqualify-submit">
          {{ 'crm.disqualify.submit' | transloco }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .help {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .field {
      display: block;
      width: 100%;
    }
    .error {
      margin: 8px 0 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .error p {
      margin: 4px 0;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class DisqualifyDialogComponent {
  private readonly api = inject(CrmApiService);
  private readonly transloco = inject(TranslocoService);
  private readonly dialogRef = inject<MatDialogRef<DisqualifyDialogComponent, Lead>>(MatDialogRef);
  protected readonly data = inject<DisqualifyDialogData>(MAT_DIALOG_DATA);
  protected readonly max = DISQUALIFY_REASON_MAX;

  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [requiredText, Validators.maxLength(DISQUALIFY_REASON_MAX)],
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly conflict = signal<Conflict | null>(null);
  protected readonly allowedText = computed(() =>
    allowedLabels(this.conflict()?.allowed ?? [], this.transloco, 'crm.leadStatus.'),
  );

  protected submit(): void {
    if (this.saving()) return;
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.conflict.set(null);
    this.api
      .updateLead(this.data.leadId, { status: 'DISQUALIFIED', disqualified_reason: this.reason.value.trim() })
      .subscribe({
        next: (lead) => this.dialogRef.close(lead),
        error: (err: unknown) => {
          this.saving.set(false);
          const problem = toProblem(err);
          if (problem.status === 409) {
            this.conflict.set(conflictOf(err, this.transloco, 'crm.common.conflict'));
          } else if (problem.status === 422) {
            const placed = applyServerErrors(problem, { disqualified_reason: this.reason });
            if (!placed) this.error.set(problem.detail ?? this.transloco.translate('errors.unexpected'));
          }
        },
      });
  }
}
