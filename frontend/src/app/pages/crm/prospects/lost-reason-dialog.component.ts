import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';

import { provideCrmTranslations } from '../shared/crm-i18n';

export const LOST_REASON_MAX = 500;

export interface LostReasonDialogData {
  companyName: string;
}

/** Closes with `{ reason }` (possibly empty) to confirm the move to LOST; undefined cancels it. */
export interface LostReasonResult {
  reason: string;
}

/**
 * Asks why a prospect was lost before moving it to LOST (optional, but it is what managers
 * read later). Test ids: lost-reason-dialog, lost-reason, lost-reason-submit.
 */
@Component({
  selector: 'bcc-crm-lost-reason-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe],
  providers: [provideCrmTranslations()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'crm.prospects.lostTitle' | transloco }}</h2>
    <form (submit)="$event.preventDefault(); submit()" novalidate>
      <mat-dialog-content data-testid="lost-reason-dialog">
        <p class="help">{{ 'crm.prospects.lostHelp' | transloco: { company: data.companyName } }}</p>
        <mat-form-field appearance="outline" class="field">
          <mat-label>{{ 'crm.prospects.lostReason' | transloco }}</mat-label>
          <textarea matInput [formControl]="reason" rows="3" [maxlength]="max" data-testid="lost-reason"></textarea>
          @if (reason.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | transloco: { max: max } }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
        <button mat-flat-button type="submit" data-testid="lost-reason-submit">{{ 'crm.prospects.markLost' | transloco }}</button>
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
  `,
})
export class LostReasonDialogComponent {
  private readonly dialogRef = inject<MatDialogRef<LostReasonDialogComponent, LostReasonResult>>(MatDialogRef);
  protected readonly data = inject<LostReasonDialogData>(MAT_DIALOG_DATA);
  protected readonly max = LOST_REASON_MAX;
  protected readonly reason = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LOST_REASON_MAX)] });

  protected submit(): void {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.dialogRef.close({ reason: this.reason.value.trim() });
  }
}
